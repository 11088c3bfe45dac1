import { agencyLabels, cleanText, formatDay, formatMoney, licenseTitle, licenseWindow } from './pack-format.ts';
import type { LicenseSummary, PackAsset, PackInput, PackProof } from './pack.types.ts';
import { takedownVerdict } from './takedown-verdict.ts';

export type ReplyDraft = { subject: string; text: string; markdown: string; language: 'en' | 'de' };

/**
 * A draft reply for the stance: calm, factual, polite, with the case reference. The draft is written
 * once as blocks, then printed twice: as plain text, and as Markdown where every value that came from
 * a letter, a user or a file is escaped (a rights holder called "*[click](x)*" stays literal text).
 */
export function draftReply(input: PackInput, options: { language?: 'en' | 'de' } = {}): ReplyDraft {
  const language = options.language ?? input.replyLanguage ?? 'en';
  const text = compose(input, language, plain);
  const markdown = compose(input, language, md);
  return { subject: text.subject, text: text.body, markdown: markdown.body, language };
}

// ---------------------------------------------------------------- output formats

type Format = {
  /** A value from outside (letter, user, file). */
  v: (value: string) => string;
  url: (value: string) => string;
  strong: (formatted: string) => string;
  subject: (formatted: string) => string;
  list: (formattedItems: string[]) => string;
  lineBreak: string;
};

const plain: Format = {
  v: (s) => s,
  url: (s) => s,
  strong: (s) => s,
  // The subject travels separately (ReplyDraft.subject); in the body it is the letter's reference line, not a mail header.
  subject: (s) => s,
  list: (items) => items.map((i) => `  - ${i}`).join('\n'),
  lineBreak: '\n',
};

/**
 * CommonMark/GFM: a backslash before ASCII punctuation makes it literal. Escaped: what acts inline
 * (emphasis, code, links, HTML, tables, strikethrough, entities) and what acts at the start of a line
 * (headings, quotes, list markers); newlines become spaces so a value cannot start a block.
 */
function escapeMd(s: string): string {
  // `#` everywhere: a trailing one would be taken as the closing sequence of a heading.
  const inline = s.replace(/\s*\n\s*/g, ' ').replace(/[\\`*_[\]<>|~&!#]/g, (c) => `\\${c}`);
  return inline.replace(/^([>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

const md: Format = {
  v: escapeMd,
  // An autolink keeps the URL clickable and literal; one that cannot be an autolink is escaped text.
  url: (s) => (/^https?:\/\/[^\s<>\\`]+$/i.test(s) ? `<${s}>` : escapeMd(s)),
  strong: (s) => `**${s}**`,
  subject: (s) => `## ${s}`,
  list: (items) => items.map((i) => `- ${i}`).join('\n'),
  lineBreak: '  \n',
};

// ---------------------------------------------------------------- facts the letter states

const short = (s: string | null | undefined, max = 300) => cleanText(s, { max });
const urlText = (s: string) => cleanText(s, { max: 2048 });

function assetNames(input: PackInput, f: Format): string {
  const names = input.assets.map((a) => f.v(short(a.filename, 255)));
  return names.join(', ');
}

/** Proofs that back the licenses held at the time of use; else every proof that is not claim correspondence. */
function enclosedProofs(input: PackInput, licenses: LicenseSummary[]): PackProof[] {
  const ids = new Set(licenses.map((l) => l.id));
  const backing = input.proofs.filter((p) => p.licenseId && ids.has(p.licenseId));
  if (backing.length) return backing;
  return input.proofs.filter((p) => !['claim_letter', 'correspondence', 'screenshot'].includes(p.kind));
}

const proofLine = (p: PackProof, f: Format) => `${f.v(short(p.filename, 255))} (SHA-256 ${f.v(short(p.sha256, 64))})`;

const licensesAtUse = (input: PackInput) => input.assets.flatMap((a) => a.licensesAtUse);

function licenseLine(asset: PackAsset, l: LicenseSummary, f: Format, lang: 'en' | 'de'): string {
  const parts = [`${f.v(short(asset.filename, 255))}: ${f.v(licenseTitle(l))}`];
  if (l.orderRef) parts.push(`${lang === 'de' ? 'Bestell-/Rechnungsnummer' : 'order/invoice'} ${f.v(short(l.orderRef, 200))}`);
  parts.push(`${lang === 'de' ? 'gültig' : 'valid'} ${f.v(lang === 'de' ? licenseWindowDe(l) : licenseWindow(l))}`);
  if (l.sourceUrl) parts.push(`${lang === 'de' ? 'Quelle' : 'source'} ${f.url(urlText(l.sourceUrl))}`);
  return parts.join(', ');
}

/** The conditions a permission or free license sets (use, scope, credit line), each as one phrase; none when it sets none. */
function conditionsOf(l: LicenseSummary, f: Format, lang: 'en' | 'de'): string[] {
  const de = lang === 'de';
  const out: string[] = [];
  if (l.usageTerms) out.push(`${de ? 'Bedingungen' : 'terms'}: ${f.v(short(l.usageTerms, 1000))}`);
  if (l.mediaScope) out.push(`${de ? 'Nutzungsbereich' : 'scope'}: ${f.v(short(l.mediaScope, 300))}`);
  if (l.territory) out.push(`${de ? 'Gebiet' : 'territory'}: ${f.v(short(l.territory, 300))}`);
  if (l.attributionText) out.push(`${de ? 'Quellenangabe' : 'credit line'} "${f.v(short(l.attributionText, 500))}"${de ? ', wie angegeben' : ', as shown with the image'}`);
  else if (l.attributionRequired) out.push(de ? 'mit Quellenangabe, wie angegeben' : 'with attribution, as shown with the image');
  return out;
}

/** A license line followed by its conditions, so the reply names the actual basis and what it asks of the use. */
function basisLine(asset: PackAsset, l: LicenseSummary, f: Format, lang: 'en' | 'de'): string {
  const conditions = conditionsOf(l, f, lang);
  return conditions.length ? `${licenseLine(asset, l, f, lang)}; ${conditions.join('; ')}` : licenseLine(asset, l, f, lang);
}

/** Licenses open to anyone; other free kinds (press kit) are a permission given for a purpose. */
const openLicenseKinds: readonly string[] = ['public_domain', 'creative_commons', 'free_license_site'];

const platformNames: Array<[RegExp, string]> = [
  [/(^|\.)instagram\.com$/i, 'Instagram'],
  [/(^|\.)(facebook|fb)\.com$/i, 'Facebook'],
  [/(^|\.)(youtube\.com|youtu\.be)$/i, 'YouTube'],
  [/(^|\.)(twitter|x)\.com$/i, 'X (Twitter)'],
  [/(^|\.)pinterest\.[a-z.]+$/i, 'Pinterest'],
  [/(^|\.)tiktok\.com$/i, 'TikTok'],
  [/(^|\.)flickr\.com$/i, 'Flickr'],
  [/(^|\.)vimeo\.com$/i, 'Vimeo'],
];

/** Which platform serves an embedded image: from the embed's source URL, else the licensor named on it. */
function platformOf(l: LicenseSummary): string | null {
  if (l.sourceUrl) {
    try {
      const host = new URL(l.sourceUrl).hostname;
      const known = platformNames.find(([re]) => re.test(host));
      if (known) return known[1];
    } catch {
      // not a URL: fall back to the licensor
    }
  }
  return l.licensor ? short(l.licensor, 100) : null;
}

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

function licenseWindowDe(l: Pick<LicenseSummary, 'validFrom' | 'expiresOn'>): string {
  if (l.validFrom && l.expiresOn) return `${formatDay(l.validFrom)} bis ${formatDay(l.expiresOn)}`;
  if (l.validFrom) return `ab ${formatDay(l.validFrom)}, unbefristet`;
  if (l.expiresOn) return `bis ${formatDay(l.expiresOn)}`;
  return 'unbefristet';
}

/** Where the free or public-domain image came from: license source URLs, else detected source, else the file's own source field. */
function sourceLines(input: PackInput, f: Format, lang: 'en' | 'de'): string[] {
  const lines: string[] = [];
  for (const asset of input.assets) {
    const held = asset.licensesAtUse.length ? asset.licensesAtUse : asset.licensesNow;
    for (const l of held) lines.push(basisLine(asset, l, f, lang));
    if (!held.length && asset.detectedSource) {
      const s = asset.detectedSource;
      lines.push(`${f.v(short(asset.filename, 255))}: ${f.v(short(s.provider, 60))}${s.assetId ? ` #${f.v(short(s.assetId, 100))}` : ''}`);
    }
    const source = asset.rights.source ?? asset.rights.webStatement;
    if (!held.length && source) lines.push(`${f.v(short(asset.filename, 255))}: ${f.v(short(source, 500))}`);
  }
  return lines;
}

function removalState(input: PackInput): { kind: 'verified'; at: string } | { kind: 'in_progress' } | { kind: 'none' } {
  const takedowns = input.assets.flatMap((a) => a.takedowns);
  if (!takedowns.length) return { kind: 'none' };
  const verdicts = takedowns.map((t) => takedownVerdict(t.checks));
  if (verdicts.every((v) => v.verified)) {
    const last = verdicts.map((v) => v.lastCheckedAt!).sort((a, b) => b.getTime() - a.getTime())[0]!;
    return { kind: 'verified', at: last.toISOString().slice(0, 10) };
  }
  return { kind: 'in_progress' };
}

// ---------------------------------------------------------------- the letter

function compose(input: PackInput, lang: 'en' | 'de', f: Format): { subject: string; body: string } {
  const { claim } = input;
  const ref = claim.caseRef ? short(claim.caseRef, 200) : null;
  const agency = agencyLabels[claim.agency] && claim.agency !== 'rights_holder' && claim.agency !== 'other' ? agencyLabels[claim.agency]! : null;
  const amount = claim.amount ? formatMoney(claim.amount, claim.currency) : null;
  const site = input.assets[0]?.site;
  const de = lang === 'de';

  const subjectText = de
    ? `Ihr Zeichen ${ref ?? '(ohne Aktenzeichen)'}${agency ? ` (${agency})` : ''}`
    : `Your reference ${ref ?? '(no case reference given)'}${agency ? ` (${agency})` : ''}`;

  const blocks: string[] = [];
  const person = claim.agency === 'rights_holder' && claim.rightsHolder ? short(claim.rightsHolder, 200) : null;
  blocks.push(de ? (person ? `Sehr geehrte/r ${f.v(person)},` : 'Sehr geehrte Damen und Herren,') : person ? `Dear ${f.v(person)},` : 'Dear Sir or Madam,');

  const refText = ref ? f.strong(f.v(ref)) : null;
  const letterOf = claim.receivedOn ? (de ? ` vom ${f.v(formatDay(claim.receivedOn))}` : ` of ${f.v(formatDay(claim.receivedOn))}`) : '';
  const about = input.assets.length
    ? de
      ? ` zu dem Bild ${assetNames(input, f)}${site ? ` auf ${f.url(urlText(site.baseUrl))}` : ''}`
      : ` concerning the image ${assetNames(input, f)}${site ? ` on ${f.url(urlText(site.baseUrl))}` : ''}`
    : '';
  const onBehalf = claim.rightsHolder && !person ? (de ? ` im Auftrag von ${f.v(short(claim.rightsHolder, 200))}` : ` on behalf of ${f.v(short(claim.rightsHolder, 200))}`) : '';
  blocks.push(
    de
      ? `vielen Dank für Ihr Schreiben${letterOf}${onBehalf}${about}${refText ? `, Ihr Zeichen ${refText}` : ''}. Wir haben den Vorgang anhand unserer Unterlagen geprüft.`
      : `Thank you for your letter${letterOf}${onBehalf}${about}${refText ? `, your reference ${refText}` : ''}. We have reviewed the matter against our records.`,
  );

  const outcome = claimOutcome(input);
  if (outcome) blocks.push(...outcomeBlocks(input, outcome, lang, f, amount));
  else stanceBlocks(input, lang, f, amount, blocks);

  blocks.push(de ? 'Mit freundlichen Grüßen' : 'Kind regards,');
  blocks.push(['[Name]', ...(site ? [f.v(short(site.name, 200))] : [])].join(f.lineBreak));

  const body = [f.subject(f.v(subjectText)), ...blocks].join('\n\n');
  return { subject: subjectText, body: `${body}\n` };
}

// ---------------------------------------------------------------- what happened to the claim

type Outcome = 'settled_license' | 'settled_removal' | 'disputed' | 'withdrawn';

/**
 * A claim that has ended, or that the owner disputes, is answered by what happened, not by the
 * stance: a settled claim is never asked for an itemised basis again.
 */
export function claimOutcome(input: Pick<PackInput, 'claim'>): Outcome | null {
  const { status, settlementOutcome } = input.claim;
  if (status === 'settled') return settlementOutcome === 'no_future_use' ? 'settled_removal' : 'settled_license';
  if (status === 'rejected') return 'disputed';
  if (status === 'withdrawn') return 'withdrawn';
  return null;
}

function outcomeBlocks(input: PackInput, outcome: Outcome, lang: 'en' | 'de', f: Format, amount: string | null): string[] {
  const de = lang === 'de';
  const { claim } = input;
  const on = claim.settledOn ? f.v(formatDay(claim.settledOn)) : null;
  const paid = claim.settlementAmount ? f.v(formatMoney(claim.settlementAmount, claim.currency)) : null;
  const out: string[] = [];
  switch (outcome) {
    case 'settled_license': {
      const bought = input.assets.flatMap((a) => a.licensesNow.filter((l) => l.id === claim.settlementLicenseId || l.kind === 'settlement').map((l) => basisLine(a, l, f, lang)));
      out.push(
        de
          ? `wir bestätigen die Einigung${on ? ` vom ${on}` : ''}: Wir haben eine Lizenz für die Nutzung erworben${paid ? ` und ${paid} gezahlt` : ''}.`
          : `We confirm the settlement${on ? ` of ${on}` : ''}: we have bought a license for the use${paid ? ` and paid ${paid}` : ''}.`,
      );
      if (bought.length) {
        out.push(de ? 'Die Lizenz umfasst:' : 'The license covers:');
        out.push(f.list(bought));
      }
      const enclosed = input.proofs.filter((p) => p.licenseId && p.licenseId === claim.settlementLicenseId);
      if (enclosed.length) {
        out.push(de ? 'Der Zahlungsnachweis liegt bei:' : 'The proof of payment is enclosed:');
        out.push(f.list(enclosed.map((p) => proofLine(p, f))));
      }
      out.push(
        de
          ? 'Damit ist die Angelegenheit vollständig erledigt. Wir bitten Sie, dies kurz schriftlich zu bestätigen.'
          : 'With this the matter is fully settled. We would be grateful for a short written confirmation.',
      );
      break;
    }
    case 'settled_removal': {
      const removal = removalState(input);
      out.push(
        de
          ? `wir bestätigen die Einigung${on ? ` vom ${on}` : ''}: Wir nutzen das Bild nicht mehr und werden es auch künftig nicht nutzen${paid ? `; den vereinbarten Betrag von ${paid} haben wir gezahlt` : ''}.`
          : `We confirm the settlement${on ? ` of ${on}` : ''}: we no longer use the image and will not use it in future${paid ? `; we have paid the agreed ${paid}` : ''}.`,
      );
      out.push(
        removal.kind === 'verified'
          ? de
            ? `Am ${f.v(removal.at)} haben wir jede Adresse, unter der die Datei abrufbar war, geprüft; alle antworten mit 404 oder 410. Die Entfernungsbestätigung liegt bei.`
            : `On ${f.v(removal.at)} we checked every address under which the file was served; each now answers 404 or 410. The removal certificate is enclosed.`
          : de
            ? 'Das Bild ist von der Seite entfernt; die verbleibenden Kopien der Datei werden derzeit vom Server gelöscht. Die Entfernungsbestätigung senden wir nach, sobald alle Adressen geprüft sind.'
            : 'The image is off the page and the remaining copies of the file are being deleted from the server; we will send the removal certificate once every address has been checked.',
      );
      out.push(de ? 'Damit ist die Angelegenheit erledigt. Wir bitten Sie, dies kurz schriftlich zu bestätigen.' : 'With this the matter is settled. We would be grateful for a short written confirmation.');
      break;
    }
    case 'disputed': {
      out.push(de ? `Wir weisen ${amount ? `die Forderung über ${f.v(amount)}` : 'Ihre Forderung'} zurück.` : `We dispute ${amount ? `the claim for ${f.v(amount)}` : 'your claim'} and do not accept it.`);
      const grounds = disputeGrounds(input, lang, f);
      if (grounds.length) {
        out.push(de ? 'Unsere Gründe:' : 'Our reasons:');
        out.push(f.list(grounds));
      }
      out.push(
        de
          ? 'Sollten Sie an der Forderung festhalten, senden Sie uns bitte Nachweise, die diese Gründe widerlegen. Dieses Schreiben erfolgt ohne Anerkennung einer Rechtspflicht.'
          : 'Should you maintain the claim, please send us evidence that answers these reasons. This letter is written without admission of liability.',
      );
      break;
    }
    case 'withdrawn':
      out.push(
        de
          ? 'wir nehmen zur Kenntnis, dass Sie die Forderung zurückgenommen haben, und betrachten den Vorgang als abgeschlossen.'
          : 'We note that you have withdrawn the claim and consider the matter closed.',
      );
      break;
  }
  return out;
}

/** Why the owner disputes the claim, from what the records show; never an admission that the use was unlicensed. */
function disputeGrounds(input: PackInput, lang: 'en' | 'de', f: Format): string[] {
  const de = lang === 'de';
  const grounds: string[] = [];
  for (const a of input.assets) for (const l of a.licensesAtUse) grounds.push(`${de ? 'Grundlage der Nutzung' : 'basis of the use'}: ${basisLine(a, l, f, lang)}`);
  if (!input.assets.length) grounds.push(de ? 'Das Bild konnte in unserer Mediathek nicht zugeordnet werden.' : 'The image could not be identified in our media library.');
  grounds.push(
    de
      ? 'Sie haben nicht nachgewiesen, dass Ihre Mandantschaft die Rechte an dem Bild innehat und Sie zur Vertretung berechtigt sind.'
      : 'You have not shown that your client holds the rights in the image, nor that you are authorised to act for them.',
  );
  return grounds;
}

// ---------------------------------------------------------------- an open claim: the stance decides

function stanceBlocks(input: PackInput, lang: 'en' | 'de', f: Format, amount: string | null, blocks: string[]): void {
  const { claim } = input;
  const de = lang === 'de';
  switch (input.stance) {
    case 'embedded': {
      const lines: string[] = [];
      for (const a of input.assets) {
        const embed = a.licensesAtUse.find((l) => l.kind === 'embed_only');
        const platform = (embed && platformOf(embed)) ?? (de ? 'die Plattform' : 'the platform');
        const usage = a.usages[0];
        lines.push(
          de
            ? `${f.v(short(a.filename, 255))}: Das Bild wird von ${f.v(platform)} über dessen Einbettung ausgeliefert; auf unserer Website ist keine Kopie gespeichert${embed?.sourceUrl ? ` (eingebetteter Beitrag ${f.url(urlText(embed.sourceUrl))})` : ''}${usage ? `; eingebettet auf ${f.url(urlText(usage.pageUrl))}, erfasst seit ${f.v(formatDay(usage.firstSeenAt.toISOString().slice(0, 10)))}` : ''}.`
            : `${f.v(short(a.filename, 255))}: the image is served by ${f.v(platform)} through its embed; no copy is hosted on our site${embed?.sourceUrl ? ` (embedded post ${f.url(urlText(embed.sourceUrl))})` : ''}${usage ? `; embedded on ${f.url(urlText(usage.pageUrl))}, recorded since ${f.v(formatDay(usage.firstSeenAt.toISOString().slice(0, 10)))}` : ''}.`,
        );
      }
      blocks.push(f.list(lines));
      blocks.push(
        de
          ? 'Unser Nutzungsprotokoll der Seite liegt als Nachweis bei. Die Einbettung nutzt die von der Plattform dafür vorgesehene Funktion; eine Vervielfältigung durch uns liegt nicht vor. Wir bitten Sie daher, den Vorgang zu schließen; Fragen zur Veröffentlichung auf der Plattform richten Sie bitte an den dortigen Kontoinhaber.'
          : 'Our usage record of the page is enclosed as evidence. The embed uses the function the platform provides for it; we made no copy of the image. We therefore ask you to close the case; questions about the post on the platform are for the account that published it.',
      );
      break;
    }
    case 'licensed_later': {
      const lines = input.assets.flatMap((a) => a.licensesNow.map((l) => licenseLine(a, l, f, lang)));
      const starts = input.assets.flatMap((a) => a.licensesNow.map((l) => l.validFrom)).filter((d): d is string => Boolean(d)).sort();
      const from = starts[0];
      const used = claim.claimedUseOn;
      blocks.push(de ? 'Für das Bild besteht heute eine Lizenz:' : 'The image is licensed today:');
      if (lines.length) blocks.push(f.list(lines));
      const enclosed = enclosedProofs(input, input.assets.flatMap((a) => a.licensesNow));
      if (enclosed.length) {
        blocks.push(de ? 'Die Lizenzunterlagen fügen wir bei:' : 'Please find the license documentation enclosed:');
        blocks.push(f.list(enclosed.map((p) => proofLine(p, f))));
      }
      const period = used && from ? (de ? ` vom ${f.v(formatDay(used))} bis ${f.v(formatDay(dayBefore(from)))}` : ` from ${f.v(formatDay(used))} to ${f.v(formatDay(dayBefore(from)))}`) : '';
      blocks.push(
        de
          ? `Die Lizenz beginnt jedoch erst${from ? ` am ${f.v(formatDay(from))}` : ' nach Beginn der Nutzung'}; für den Zeitraum davor${period} lag keine Lizenz vor. Für diesen früheren Zeitraum sind wir zu einer angemessenen Einigung bereit und bitten um ein Angebot, das sich auf diesen Zeitraum beschränkt${amount ? ` (die geforderte Summe von ${f.v(amount)} bezieht sich offenbar auf die gesamte Nutzung)` : ''}.`
          : `The license, however, starts only${from ? ` on ${f.v(formatDay(from))}` : ' after the use began'}; for the time before${period} no license was held. For that earlier period we are open to a reasonable settlement and ask for an offer limited to it${amount ? ` (the amount of ${f.v(amount)} appears to cover the whole use)` : ''}.`,
      );
      blocks.push(de ? 'Dieses Schreiben erfolgt ohne Anerkennung einer Rechtspflicht.' : 'This letter is written without admission of liability.');
      break;
    }
    case 'licensed': {
      // With its conditions: a written permission that asks for a credit line says so in the reply.
      const lines = input.assets.flatMap((a) => a.licensesAtUse.map((l) => basisLine(a, l, f, lang)));
      const enclosed = enclosedProofs(input, licensesAtUse(input));
      blocks.push(de ? 'Für die genannte Nutzung lag eine Lizenz vor:' : 'The use you refer to was licensed:');
      if (lines.length) blocks.push(f.list(lines));
      if (enclosed.length) {
        blocks.push(de ? 'Als Nachweis fügen wir die Lizenzunterlagen bei:' : 'Please find the license documentation enclosed:');
        blocks.push(f.list(enclosed.map((p) => proofLine(p, f))));
      }
      blocks.push(
        de
          ? 'Da die Nutzung lizenziert war, betrachten wir die Angelegenheit als erledigt und bitten Sie, dies schriftlich zu bestätigen. Sollten Sie der Ansicht sein, dass die Lizenz die Nutzung nicht abdeckt, teilen Sie uns bitte konkret mit, welche Bedingung Ihrer Meinung nach nicht erfüllt ist.'
          : 'As the use was licensed, we consider this matter closed and would be grateful if you could confirm this in writing. Should you believe that the license does not cover the use, please tell us specifically which of its terms you consider was not met.',
      );
      break;
    }
    case 'free_license': {
      const lines = sourceLines(input, f, lang);
      const enclosed = enclosedProofs(input, input.assets.flatMap((a) => [...a.licensesAtUse, ...a.licensesNow]));
      // A press kit or a permission is no free license: the reply names it and the conditions it set.
      const permission = input.assets.some((a) => [...a.licensesAtUse, ...a.licensesNow].some((l) => !openLicenseKinds.includes(l.kind)));
      blocks.push(
        permission
          ? de
            ? 'Das Bild wurde mit der folgenden Erlaubnis und unter ihren Bedingungen genutzt:'
            : 'The image was used with the permission below, and within its conditions:'
          : de
            ? 'Das Bild ist gemeinfrei bzw. wurde unter einer freien Lizenz von seiner ursprünglichen Quelle bezogen:'
            : 'The image is in the public domain or was obtained under a free license from its original source:',
      );
      if (lines.length) blocks.push(f.list(lines));
      if (enclosed.length) {
        blocks.push(de ? 'Als Nachweis der Quelle und ihrer Lizenzbedingungen fügen wir bei:' : 'Enclosed is the evidence of the source and its license terms:');
        blocks.push(f.list(enclosed.map((p) => proofLine(p, f))));
      }
      blocks.push(
        de
          ? 'Nach diesen Bedingungen war für die Nutzung keine kostenpflichtige Lizenz erforderlich. Wir bitten Sie daher, den Vorgang zu schließen und dies schriftlich zu bestätigen. Sollte Ihre Mandantschaft Rechte geltend machen, die von diesen Bedingungen abweichen, senden Sie uns bitte die entsprechenden Nachweise.'
          : 'Under these terms the use did not require a paid license. We therefore ask you to close the case and confirm this in writing. If your client holds rights that differ from these terms, please send us the evidence of them.',
      );
      break;
    }
    case 'remove': {
      const removal = removalState(input);
      blocks.push(
        de
          ? 'Für diese Nutzung konnten wir in unseren Unterlagen keine Lizenz finden.'
          : 'We could not find a license for this use in our records.',
      );
      blocks.push(
        removal.kind === 'verified'
          ? de
            ? `Wir haben das Bild entfernt. Am ${f.v(removal.at)} haben wir jede Adresse, unter der die Datei abrufbar war, geprüft; alle antworten mit 404 oder 410. Die Entfernungsbestätigung liegt bei.`
            : `We have removed the image. On ${f.v(removal.at)} we checked every address under which the file was served; each now answers 404 or 410. The removal certificate is enclosed.`
          : removal.kind === 'in_progress'
            ? de
              ? 'Wir haben das Bild aus der Seite entfernt und entfernen derzeit die verbleibenden Kopien der Datei vom Server.'
              : 'We have taken the image off the page and are removing the remaining copies of the file from the server.'
            : de
              ? 'Wir haben veranlasst, dass das Bild von unserer Website entfernt wird.'
              : 'We have arranged for the image to be removed from our website.',
      );
      blocks.push(
        de
          ? `Wir sind an einer einvernehmlichen Lösung interessiert und zu einer angemessenen Einigung bereit. Damit wir ${amount ? `die geforderte Summe von ${f.v(amount)}` : 'Ihre Forderung'} nachvollziehen können, bitten wir um eine Aufstellung der einzelnen Posten:`
          : `We would like to resolve this amicably and are open to a reasonable settlement. So that we can assess ${amount ? `the amount of ${f.v(amount)}` : 'your claim'}, please send us an itemised basis:`,
      );
      blocks.push(
        f.list(
          de
            ? [
                'die Lizenzgebühr, die Ihre Mandantschaft für diese Nutzung berechnet hätte, mit Preisliste oder vergleichbaren Lizenzen,',
                'den Zeitraum der Nutzung, auf den sich der Betrag bezieht,',
                'weitere Posten (Schadensersatz, Gebühren) jeweils gesondert,',
                'den Nachweis, dass Ihre Mandantschaft die Rechte an dem Bild innehat und Sie zur Vertretung berechtigt sind.',
              ]
            : [
                'the license fee your client would have charged for this use, with the rate card or comparable licenses;',
                'the period of use the amount covers;',
                'any other items (damages, fees), each shown separately;',
                'evidence that your client holds the rights in the image and that you are authorised to act for them.',
              ],
        ),
      );
      blocks.push(de ? 'Dieses Schreiben erfolgt ohne Anerkennung einer Rechtspflicht.' : 'This letter is written without admission of liability.');
      break;
    }
    case 'ask_for_proof': {
      if (!input.assets.length) {
        blocks.push(
          de
            ? 'Das in Ihrem Schreiben gezeigte Bild konnten wir in unserer Mediathek nicht zuordnen.'
            : 'We have not been able to identify the image shown in your letter in our media library.',
        );
      }
      if (claim.infringingUrls.length) {
        blocks.push(de ? 'Ihr Schreiben nennt folgende Adressen:' : 'Your letter names the following addresses:');
        blocks.push(f.list(claim.infringingUrls.slice(0, 50).map((u) => f.url(urlText(u)))));
      }
      blocks.push(de ? 'Bevor wir Ihre Forderung prüfen können, bitten wir Sie um folgende Angaben:' : 'Before we can assess your claim, we ask you to provide:');
      const holder = claim.rightsHolder ? f.v(short(claim.rightsHolder, 200)) : de ? 'Ihre Mandantschaft' : 'your client';
      blocks.push(
        f.list(
          de
            ? [
                `den Nachweis, dass ${holder} Inhaber der Rechte an dem Bild ist (z. B. die Originaldatei in voller Auflösung mit ihren Metadaten oder eine Registrierung),`,
                'sofern Sie im Auftrag handeln, Ihre Vollmacht,',
                'die genauen Adressen (URLs), unter denen das Bild genutzt worden sein soll, mit Datum oder Zeitraum der Nutzung und den dabei erstellten Bildschirmfotos,',
                `wie sich ${amount ? `der Betrag von ${f.v(amount)}` : 'Ihre Forderung'} zusammensetzt.`,
              ]
            : [
                `evidence that ${holder} owns the copyright in the image (for example the original file in full resolution with its metadata, or a registration);`,
                'if you act on behalf of the rights holder, your authorisation to do so;',
                'the exact addresses (URLs) where you say the image was used, with the dates or period of the use and the screenshots taken;',
                `how ${amount ? `the amount of ${f.v(amount)}` : 'the amount claimed'} was calculated.`,
              ],
        ),
      );
      blocks.push(
        de
          ? 'Nach Eingang dieser Unterlagen werden wir die Angelegenheit umgehend prüfen. Bis dahin erkennen wir die Forderung nicht an; dieses Schreiben erfolgt ohne Anerkennung einer Rechtspflicht.'
          : 'We will review the matter promptly once we have received this information. Until then we do not accept the claim; this letter is written without admission of liability.',
      );
      break;
    }
  }
}
