import { agencyOfHost, hostMatches } from './letter-agency.rules.ts';
import { lineAt, snippetAt } from './letter-text.normalize.ts';

export const maxInfringingUrls = 50;

const urlPattern = /\bhttps?:\/\/[^\s<>"'`{}|\\^[\]]+|(?<![@\w.-])www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>"'`{}|\\^[\]]*/giu;
// the lookbehind and the bound keep this linear: an unbounded local part rescans a long run of "1.1.1." from every position
const emailPattern = /(?<![a-z0-9._%+-])[a-z0-9._%+-]{1,64}@([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8})/giu;

// Links that are the sender's: payment, portal, uploads of a licence, the original work, privacy notices, contact pages.
const senderLinkWords =
  /(pay|zahl|überweis|portal|login|log in|sign in|anmeld|upload|hochlad|original|portfolio|unsubscribe|abmeld|abbestell|datenschutz|privacy|impressum|imprint|agb|terms|conditions|bedingungen|faq|hilfe|help center|kontakt|contact us|respond|antwort|reply|lizenz erwerben|buy a licen|purchase|my website|meine(?:r|n)? (?:website|webseite|homepage)|unsere(?:r|n)? (?:website|webseite)|our website|^\s*(?:web|website|webseite|www|internet|homepage|home page|online|url)\s*:)/iu;
// Words around the place where the picture was found.
const useWords =
  /(fundstelle|gefunden|verwendet|verwendung|veröffentlicht|nutzung|genutzt|eingebunden|abrufbar|ihrer (?:website|webseite|seite|homepage)|your (?:website|site|web ?page|page|blog)|found|used|use of|displayed|appears|published|located|infring|verletz|bild-url|image url|page url|seite:|page:|screenshot|online unter|available at|at the following|unter folgende|folgenden (?:urls?|adressen|links?))/iu;

type Candidate = { url: string; host: string; path: string; index: number; length: number; use: boolean };

const continuation = /^[\w\-./%?&=#~+:]+$/u;

/**
 * A long URL in a PDF or a wrapped e-mail breaks after "/" or "-" and goes on at the start of the next line
 * ("…/uploads/2025/09/" + "roggenfeld-1024x683.jpg"): the next line is joined when it is one URL-like token.
 */
function withContinuation(text: string, index: number, url: string): string {
  const end = index + url.length;
  if (text[end] !== '\n' || !/[/\-_.?&=]$/.test(url)) return url;
  const next = lineAt(text, end + 1).line;
  if (!continuation.test(next) || /^(https?:|www\.)/i.test(next) || !/[/\-_.]\w/.test(next)) return url;
  return url + next;
}

function withoutUrls(line: string): string {
  return line.replace(/\bhttps?:\/\/\S+|\bwww\.\S+/giu, ' ');
}

/** "https://www.Example.com:443/x" → "example.com"; null for text that is no URL. */
function hostOf(url: string): { host: string; path: string } | null {
  try {
    const parsed = new URL(/^https?:\/\//i.test(url) ? url : `https://${url}`);
    return { host: parsed.hostname.toLowerCase().replace(/^www\./, ''), path: parsed.pathname };
  } catch {
    return null;
  }
}

/** The registrable part of a mail domain, as a rough rule (last two labels): "mail.anna-berger.example" → "anna-berger.example". */
function siteOf(domain: string): string {
  return domain.toLowerCase().split('.').slice(-2).join('.');
}

/**
 * Where the picture is used on the recipient's site: URLs near words about the use, and others on the same hosts;
 * never the known agencies' domains, the sender's own domain, or links to pay, upload, log in or see the original.
 */
export function findInfringingUrls(text: string, senders: string[]): { value: string[]; evidence: string } | null {
  const senderSites = senders.flatMap((s) => {
    const domain = /@([a-z0-9.-]+)/i.exec(s)?.[1];
    return domain ? [siteOf(domain)] : [];
  });
  const candidates: Candidate[] = [];
  urlPattern.lastIndex = 0;
  for (let m = urlPattern.exec(text); m && candidates.length < 500; m = urlPattern.exec(text)) {
    const joined = withContinuation(text, m.index, m[0]);
    urlPattern.lastIndex = m.index + joined.length;
    const url = joined.replace(/[.,;:!?)\]}>»"'’]+$/u, '');
    const parts = hostOf(url);
    if (!parts || !parts.host.includes('.')) continue;
    if (agencyOfHost(parts.host) || senderSites.some((site) => hostMatches(parts.host, site))) continue;
    const { line: rawLine, start } = lineAt(text, m.index);
    // judge the words around the link, not the link itself (".../wp-content/uploads/..." is no upload form)
    const line = withoutUrls(rawLine);
    if (senderLinkWords.test(line)) continue;
    // a contact line ("www.studio.example · post@studio.example") names the sender's own site
    if ([...line.matchAll(emailPattern)].some((e) => hostMatches(parts.host, siteOf(e[1]!)))) continue;
    // what stands before the link: its heading, or the sentence that wraps onto the link's line
    const previous = withoutUrls(text.slice(Math.max(0, start - 160), start));
    candidates.push({ url: /^https?:/i.test(url) ? url : `https://${url}`, ...parts, index: m.index, length: url.length, use: useWords.test(`${previous}\n${line}`) });
  }
  const useHosts = new Set(candidates.filter((c) => c.use).map((c) => c.host));
  let kept: Candidate[];
  if (useHosts.size) {
    kept = candidates.filter((c) => useHosts.has(c.host));
  } else {
    // no URL stands near words about a use: keep those not on a domain someone in the letter writes from
    const mailSites = new Set([...text.matchAll(emailPattern)].map((m) => siteOf(m[1]!)));
    kept = candidates.filter((c) => ![...mailSites].some((site) => hostMatches(c.host, site)));
  }
  // the bare home page only says which site it is when a page of it is named too
  kept = kept.filter((c) => !(c.path === '/' && kept.some((o) => o.host === c.host && o.path !== '/')));
  const urls = [...new Set(kept.map((c) => c.url))].slice(0, maxInfringingUrls);
  const first = kept[0];
  return first ? { value: urls, evidence: snippetAt(text, first.index, first.length) } : null;
}
