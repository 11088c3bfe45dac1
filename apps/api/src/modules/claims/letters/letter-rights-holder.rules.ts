import { snippetAt } from './letter-text.normalize.ts';

// A name: capitalised words, with the particles and legal forms that names of people and firms carry.
const word = String.raw`(?:\p{Lu}[\p{L}'’.-]*|&|und|and|von|van|der|de|da|di|le|la|du)`;
// words of a name may wrap onto the next line (PDF text), never across a blank line
const name = String.raw`(\p{Lu}[\p{L}'’.-]*(?:[ \t]*\n?[ \t]+${word}|[ \t]*\n${word}){0,5})`;

const labelled = [
  String.raw`(?:rights ?holder|copyright (?:owner|holder)|image owner|photographer|author|contributor|artist|credit|bildnachweis|rechteinhaber(?:in|\(in\)|\/in|\*in)?|urheber(?:in|\(in\)|\/in)?|fotograf(?:in|\(in\)|\/in)?|bildautor(?:in)?|lizenzgeber(?:in)?)[ \t]*(?::|ist|is)[ \t]*\n?[ \t]*`,
  // "vertritt die Rechte der Fotografin …", "represents the rights of …"
  String.raw`(?:vertritt|vertreten|vertrete)[ \t]+(?:wir[ \t]+|ich[ \t]+)?die[ \t]+(?:rechte|interessen|urheberrechte|nutzungsrechte)[ \t]+(?:des|der|von)[ \t]+(?:(?:fotografen|fotografin|urhebers|urheberin|künstlers|künstlerin|bildagentur|agentur|rechteinhabers|rechteinhaberin)[ \t]+)?`,
  String.raw`(?:represents?|representing|protects?|protecting|manages?|managing)[ \t]+the[ \t]+(?:rights|copyrights?|interests)[ \t]+of[ \t]+(?:the[ \t]+(?:photographer|artist|agency|copyright (?:owner|holder)),?[ \t]+|photographer[ \t]+)?`,
  // "authorised by Thomson Reuters", "mandated by …", "beauftragt von …"
  String.raw`(?:authori[sz]ed|mandated|commissioned|instructed|retained|engaged|beauftragt|bevollmächtigt|mandatiert)[ \t]+(?:by|von|durch)[ \t]+(?:the[ \t]+(?:photographer|artist|agency|copyright (?:owner|holder)|rights ?holder),?[ \t]+|(?:der|dem|den)[ \t]+(?:fotografin|fotografen|urheberin|urheber|rechteinhaberin|rechteinhaber|bildagentur),?[ \t]+)?`,
  String.raw`(?:im auftrag|im namen|in vertretung)[ \t]+(?:von|für)[ \t]+(?:(?:der|dem|den)[ \t]+(?:fotografin|fotografen|urheberin|urheber|rechteinhaberin|rechteinhaber|bildagentur),?[ \t]+)?`,
  String.raw`on behalf of (?:our client,?|our (?:member|customer|partner),?|the (?:photographer|artist|copyright (?:owner|holder)),?|photographer|the renowned photographer)?[ \t]*`,
  String.raw`(?:we represent|represents|representing|our client,?)[ \t]+(?:the (?:photographer|artist|agency|copyright (?:owner|holder)),?[ \t]+|photographer[ \t]+)?`,
  String.raw`(?:im auftrag|im namen|namens und in vollmacht)[ \t]+(?:unseres|unserer|des|der)[ \t]+(?:mandanten|mandantin|kunden|kundin|fotografen|fotografin|rechteinhabers|rechteinhaberin|urhebers|urheberin|auftraggebers|auftraggeberin),?[ \t]+(?:(?:des|der)[ \t]+(?:fotografen|fotografin),?[ \t]+)?`,
  String.raw`(?:unser(?:e)?|unseres|unserer)[ \t]+(?:mandant(?:in)?|mandanten|kunde|kundin),?[ \t]+(?:(?:die|der)[ \t]+(?:fotograf(?:in)?|bildagentur),?[ \t]+)?`,
].map((lead) => new RegExp(`(?<![\\p{L}])${lead}${name}`, 'giu'));

// words that end a name when they follow it: verbs and articles the patterns above would otherwise swallow
const stopWords = /^(?:hat|haben|has|have|is|ist|are|sind|was|war|who|der|die|das|and|und|&|the|regarding|bezüglich|wegen|for|für|to|zu|in|im|am|an|auf|bei|on|at|with|mit|wir|we|ich|i|sie|you|our|unser|unsere|this|dies|diese|bitte|please|dear|sehr|mara's|regards|grüße)$/i;
const legalForms = /^(?:GmbH|AG|KG|UG|Ltd\.?|LLC|Inc\.?|SARL|S\.A\.|e\.K\.|GbR|Co\.|Corp\.?)$/;

// academic titles before a name end in a full stop that does not end the sentence
const titles = /^(?:Dr|Prof|Dipl|Mag|Ing)\.$/;

const connectors = /^(?:&|und|and|von|van|der|de|da|di|le|la|du)$/i;

/** The patterns run case-insensitively for their labels, so capitals are checked here: a name ends at the first lower-case word. */
function cleanName(raw: string): string | null {
  const words = raw.trim().split(/\s+/);
  if (!/^\p{Lu}/u.test(words[0] ?? '')) return null;
  const kept: string[] = [];
  for (const w of words) {
    const capitalised = /^\p{Lu}/u.test(w) || legalForms.test(w);
    if (kept.length && (stopWords.test(w) || !capitalised) && !connectors.test(w)) break;
    if (!capitalised && !connectors.test(w)) break;
    // a full stop ends the sentence, and so the name, unless it closes an initial or a legal form
    if (/[.,;:]$/.test(w) && !legalForms.test(w) && !/^\p{Lu}\.$/u.test(w) && !titles.test(w)) {
      kept.push(w.replace(/[.,;:]+$/, ''));
      break;
    }
    kept.push(w);
    if (legalForms.test(w)) break; // "Alpenblick Presse AG" ends at its legal form
  }
  while (kept.length && connectors.test(kept.at(-1)!)) kept.pop();
  const lastWord = kept.at(-1) ?? '';
  const joined = kept.join(' ').replace(/[.,;:]+$/, (m) => (legalForms.test(lastWord) ? m : '')).trim();
  if (joined.length < 3) return null;
  if (/^(?:Copytrack|Pixsy|PicRights|Higbee|Sie|You|Ihnen|Wir|We|Ihr|Ihre|Ihrer|Ihrem|Ihren|Your|Dear|Sehr|The|Der|Die|Das)\b/i.test(joined)) return null;
  return joined;
}

const closings = /^(?:mit freundlichen grüßen|mit freundlichem gruß|freundliche grüße|viele grüße|beste grüße|herzliche grüße|kind regards|best regards|warm regards|regards|sincerely|yours sincerely|yours faithfully|best wishes|thank you),?[ \t]*$/gimu;
const personLine = /^(\p{Lu}[\p{L}'’-]+(?:[ \t]+(?:\p{Lu}[\p{L}'’.-]*|von|van|de|der)){1,3})[ \t]*$/u;

/** The person who signs after the closing formula: the rights holder when a photographer writes in person. */
export function findSignature(text: string): { value: string; evidence: string } | null {
  closings.lastIndex = 0;
  let last: RegExpExecArray | null = null;
  for (let m = closings.exec(text); m; m = closings.exec(text)) last = m;
  if (!last) return null;
  const after = text.slice(last.index + last[0].length, last.index + last[0].length + 400).split('\n');
  for (const line of after.slice(0, 6)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const m = personLine.exec(trimmed);
    if (m) return { value: m[1]!, evidence: snippetAt(text, text.indexOf(trimmed, last.index), trimmed.length) };
    return null; // the first line after the closing is not a name
  }
  return null;
}

/** "From: Anna Berger <anna@…>" gives "Anna Berger". */
export function senderName(sender: string): string | null {
  const display = /^"?([^"<]+?)"?\s*</.exec(sender)?.[1]?.trim();
  return display && personLine.test(display) ? display : null;
}

/** The rights holder the letter names: labelled, or named as the client or author the sender acts for. */
export function findRightsHolder(text: string): { value: string; evidence: string } | null {
  let best: { value: string; index: number; length: number } | null = null;
  for (const pattern of labelled) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      // a word on the next line that a colon follows labels a field of its own ("Fundstelle: …")
      const raw = text[m.index + m[0].length] === ':' && m[1]!.includes('\n') ? m[1]!.slice(0, m[1]!.lastIndexOf('\n')) : m[1]!;
      const value = cleanName(raw);
      if (value && (!best || m.index < best.index)) best = { value, index: m.index, length: m[0].length };
      if (value) break;
    }
  }
  return best ? { value: best.value, evidence: snippetAt(text, best.index, best.length) } : null;
}
