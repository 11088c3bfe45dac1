import { isOpenLicenseKind, type LicenseKind } from '@clearance/contracts';
import { addDays } from '../../../lib/dates.ts';
import { embedPlatformOf } from '../embed.rules.ts';
import { answersNoUse } from '../stance.rules.ts';
import { agencyLabels, cleanText, licenseTitle, licenseWindow, packFormats, type Formats } from './pack-format.ts';
import type { LicenseSummary, PackAsset, PackInput, PackProof, PackSite } from './pack.types.ts';
import { takedownVerdict } from './takedown-verdict.ts';
import { licensedParts, partlyCovered, recordedLicenses } from './use-coverage.ts';

export type ReplyDraft = { subject: string; text: string; markdown: string; language: 'en' | 'de' };

/**
 * A draft reply for the stance: calm, factual, polite, with the case reference. The draft is written
 * once as blocks, then printed twice: as plain text, and as Markdown where every value that came from
 * a letter, a user or a file is escaped (a rights holder called "*[click](x)*" stays literal text).
 */
export function draftReply(input: PackInput, options: { language?: 'en' | 'de' } = {}): ReplyDraft {
  const language = options.language ?? input.replyLanguage ?? 'en';
  const text = compose(input, context(language, plain));
  const markdown = compose(input, context(language, md));
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

/** Everything a paragraph needs to print itself: the output format, the language and its date and money formats. */
type Ctx = { f: Format; lang: 'en' | 'de'; de: boolean; fmt: Formats };
const context = (lang: 'en' | 'de', f: Format): Ctx => ({ f, lang, de: lang === 'de', fmt: packFormats[lang] });

const short = (s: string | null | undefined, max = 300) => cleanText(s, { max });
const urlText = (s: string) => cleanText(s, { max: 2048 });

const nameOf = (a: PackAsset, { f }: Ctx) => f.v(short(a.filename, 255));
/** "a, b and c" in the letter's language. */
function joined(items: string[], { de }: Ctx): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${de ? 'und' : 'and'} ${items.at(-1)}`;
}
const namesOf = (assets: PackAsset[], c: Ctx) => joined(assets.map((a) => nameOf(a, c)), c);
const day = (d: string | null | undefined, { f, fmt }: Ctx) => f.v(fmt.day(d));
const money = (amount: string | null | undefined, currency: string | null | undefined, { f, fmt }: Ctx) => f.v(fmt.money(amount, currency));

/** Proofs that back the given licenses; else, when asked, every proof that is not claim correspondence. */
function enclosedProofs(input: PackInput, licenses: LicenseSummary[], { fallback = true } = {}): PackProof[] {
  const ids = new Set(licenses.map((l) => l.id));
  const backing = input.proofs.filter((p) => p.licenseId && ids.has(p.licenseId));
  if (backing.length || !fallback) return backing;
  return input.proofs.filter((p) => !['claim_letter', 'correspondence', 'screenshot'].includes(p.kind));
}

const proofLine = (p: PackProof, { f }: Ctx) => `${f.v(short(p.filename, 255))} (SHA-256 ${f.v(short(p.sha256, 64))})`;

/**
 * The licenses that answer for this asset's use on its day of use. An embed license answers only for
 * an image the site does not host: beside a hosted copy it covers nothing and is not named as a basis.
 */
const basisOf = (a: PackAsset) => a.licensesAtUse.filter((l) => l.kind !== 'embed_only' || !a.hosted);

function windowText(l: Pick<LicenseSummary, 'validFrom' | 'expiresOn'>, c: Ctx): string {
  if (!c.de) return licenseWindow(l);
  if (l.validFrom && l.expiresOn) return `${c.fmt.day(l.validFrom)} bis ${c.fmt.day(l.expiresOn)}`;
  if (l.validFrom) return `ab ${c.fmt.day(l.validFrom)}, unbefristet`;
  if (l.expiresOn) return `bis ${c.fmt.day(l.expiresOn)}`;
  return 'unbefristet';
}

function licenseLine(asset: PackAsset, l: LicenseSummary, c: Ctx): string {
  const { f, de } = c;
  const parts = [`${nameOf(asset, c)}: ${f.v(licenseTitle(l))}`];
  if (l.orderRef) parts.push(`${de ? 'Bestell-/Rechnungsnummer' : 'order/invoice'} ${f.v(short(l.orderRef, 200))}`);
  parts.push(`${de ? 'gültig' : 'valid'} ${f.v(windowText(l, c))}`);
  if (l.sourceUrl) parts.push(`${de ? 'Quelle' : 'source'} ${f.url(urlText(l.sourceUrl))}`);
  return parts.join(', ');
}

/** The conditions a permission or free license sets (use, scope, credit line), each as one phrase; none when it sets none. */
function conditionsOf(l: LicenseSummary, { f, de }: Ctx): string[] {
  const out: string[] = [];
  if (l.usageTerms) out.push(`${de ? 'Bedingungen' : 'terms'}: ${f.v(short(l.usageTerms, 1000))}`);
  if (l.mediaScope) out.push(`${de ? 'Nutzungsbereich' : 'scope'}: ${f.v(short(l.mediaScope, 300))}`);
  if (l.territory) out.push(`${de ? 'Gebiet' : 'territory'}: ${f.v(short(l.territory, 300))}`);
  if (l.attributionText) out.push(`${de ? 'Quellenangabe' : 'credit line'} "${f.v(short(l.attributionText, 500))}"${de ? ', wie angegeben' : ', as shown with the image'}`);
  else if (l.attributionRequired) out.push(de ? 'mit Quellenangabe, wie angegeben' : 'with attribution, as shown with the image');
  return out;
}

/** A license line followed by its conditions, so the reply names the actual basis and what it asks of the use. */
function basisLine(asset: PackAsset, l: LicenseSummary, c: Ctx): string {
  const conditions = conditionsOf(l, c);
  return conditions.length ? `${licenseLine(asset, l, c)}; ${conditions.join('; ')}` : licenseLine(asset, l, c);
}

/** Which platform serves an embedded image: from the embed's source URL, else the licensor named on it. */
function platformOf(l: LicenseSummary): string | null {
  return embedPlatformOf(l.sourceUrl) ?? (l.licensor ? short(l.licensor, 100) : null);
}

const addDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const spanText = (r: { from: string; to: string }, c: Ctx) =>
  r.from === r.to ? (c.de ? `am ${day(r.from, c)}` : `on ${day(r.from, c)}`) : c.de ? `vom ${day(r.from, c)} bis ${day(r.to, c)}` : `from ${day(r.from, c)} to ${day(r.to, c)}`;
const spansText = (spans: Array<{ from: string; to: string }>, c: Ctx) => new Intl.ListFormat(c.de ? 'de' : 'en', { type: 'conjunction' }).format(spans.map((r) => spanText(r, c)));
const dayBefore = (d: string) => addDays(d, -1);

/** Where a free or public-domain image came from, when no license is recorded: the detected source, else the file's own source field. */
function sourceWithoutLicense(asset: PackAsset, c: Ctx): string[] {
  const { f } = c;
  const lines: string[] = [];
  if (asset.detectedSource) {
    const s = asset.detectedSource;
    lines.push(`${nameOf(asset, c)}: ${f.v(short(s.provider, 60))}${s.assetId ? ` #${f.v(short(s.assetId, 100))}` : ''}`);
  }
  const source = asset.rights.source ?? asset.rights.webStatement;
  if (source) lines.push(`${nameOf(asset, c)}: ${f.v(short(source, 500))}`);
  return lines;
}

type Removal = { kind: 'verified'; at: string } | { kind: 'in_progress' } | { kind: 'none' };

function removalState(assets: PackAsset[]): Removal {
  const takedowns = assets.flatMap((a) => a.takedowns);
  if (!takedowns.length) return { kind: 'none' };
  const verdicts = takedowns.map((t) => takedownVerdict(t.checks));
  if (verdicts.every((v) => v.verified)) {
    const last = verdicts.map((v) => v.lastCheckedAt!).sort((a, b) => b.getTime() - a.getTime())[0]!;
    return { kind: 'verified', at: last.toISOString().slice(0, 10) };
  }
  return { kind: 'in_progress' };
}

/** What the removal checks show, in one sentence each way: said alike in a settlement and in an open claim. */
function removalSentence(removal: Removal, c: Ctx, { opening }: { opening: boolean }): string {
  const { de } = c;
  if (removal.kind === 'verified') {
    const checked = de
      ? `Am ${day(removal.at, c)} haben wir jede Adresse, unter der die Datei abrufbar war, geprüft; alle antworten mit 404 oder 410. Die Entfernungsbestätigung liegt bei.`
      : `On ${day(removal.at, c)} we checked every address under which the file was served; each now answers 404 or 410. The removal certificate is enclosed.`;
    return opening ? `${de ? 'Wir haben das Bild entfernt.' : 'We have removed the image.'} ${checked}` : checked;
  }
  if (removal.kind === 'in_progress') {
    return de
      ? 'Wir haben das Bild aus der Seite entfernt und entfernen derzeit die verbleibenden Kopien der Datei vom Server. Die Entfernungsbestätigung senden wir nach, sobald alle Adressen geprüft sind.'
      : 'We have taken the image off the page and are removing the remaining copies of the file from the server; we will send the removal certificate once every address has been checked.';
  }
  return de ? 'Wir haben veranlasst, dass das Bild von unserer Website entfernt wird.' : 'We have arranged for the image to be removed from our website.';
}

// ---------------------------------------------------------------- the letter

/** The sites the reply speaks for: the claim's own site, and every site one of its images is on. */
function sitesOf(input: PackInput): PackSite[] {
  const all = [...(input.claim.site ? [input.claim.site] : []), ...input.assets.map((a) => a.site)];
  return [...new Map(all.map((s) => [s.baseUrl, s])).values()];
}

const siteText = (s: PackSite, { f }: Ctx) => `${f.v(short(s.name, 200))} (${f.url(urlText(s.baseUrl))})`;

function compose(input: PackInput, c: Ctx): { subject: string; body: string } {
  const { f, de } = c;
  const { claim } = input;
  const ref = claim.caseRef ? short(claim.caseRef, 200) : null;
  const agency = agencyLabels[claim.agency] && claim.agency !== 'rights_holder' && claim.agency !== 'other' ? agencyLabels[claim.agency]! : null;
  const amount = claim.amount ? money(claim.amount, claim.currency, c) : null;
  const sites = sitesOf(input);

  const subjectText = de
    ? `Ihr Zeichen ${ref ?? '(ohne Aktenzeichen)'}${agency ? ` (${agency})` : ''}`
    : `Your reference ${ref ?? '(no case reference given)'}${agency ? ` (${agency})` : ''}`;

  const blocks: string[] = [];
  const person = claim.agency === 'rights_holder' && claim.rightsHolder ? short(claim.rightsHolder, 200) : null;
  blocks.push(de ? (person ? `Sehr geehrte/r ${f.v(person)},` : 'Sehr geehrte Damen und Herren,') : person ? `Dear ${f.v(person)},` : 'Dear Sir or Madam,');

  const refText = ref ? f.strong(f.v(ref)) : null;
  const letterOf = claim.receivedOn ? (de ? ` vom ${day(claim.receivedOn, c)}` : ` of ${day(claim.receivedOn, c)}`) : '';
  const onBehalf = claim.rightsHolder && !person ? (de ? ` im Auftrag von ${f.v(short(claim.rightsHolder, 200))}` : ` on behalf of ${f.v(short(claim.rightsHolder, 200))}`) : '';
  blocks.push(
    de
      ? `vielen Dank für Ihr Schreiben${letterOf}${onBehalf}${about(input, c)}${refText ? `, Ihr Zeichen ${refText}` : ''}. Wir haben den Vorgang anhand unserer Unterlagen geprüft.`
      : `Thank you for your letter${letterOf}${onBehalf}${about(input, c)}${refText ? `, your reference ${refText}` : ''}. We have reviewed the matter against our records.`,
  );

  const outcome = claimOutcome(input);
  if (outcome) blocks.push(...outcomeBlocks(input, outcome, c, amount));
  else blocks.push(...stanceBlocks(input, c, amount));

  blocks.push(de ? 'Mit freundlichen Grüßen' : 'Kind regards,');
  blocks.push(['[Name]', ...signature(sites, c)].join(f.lineBreak));

  const body = [f.subject(f.v(subjectText)), ...blocks].join('\n\n');
  return { subject: subjectText, body: `${body}\n` };
}

/** "concerning the image x.jpg on https://a": each image with the site it is on, since a claim may span sites. */
function about(input: PackInput, c: Ctx): string {
  const { f, de } = c;
  if (!input.assets.length) return '';
  const sites = [...new Map(input.assets.map((a) => [a.site.baseUrl, a.site])).values()];
  const what = input.assets.length > 1 ? (de ? 'den Bildern' : 'the images') : de ? 'dem Bild' : 'the image';
  const on = de ? 'auf' : 'on';
  if (sites.length === 1) return `${de ? ' zu' : ' concerning'} ${what} ${namesOf(input.assets, c)} ${on} ${f.url(urlText(sites[0]!.baseUrl))}`;
  const each = sites.map((s) => `${namesOf(input.assets.filter((a) => a.site.baseUrl === s.baseUrl), c)} ${on} ${f.url(urlText(s.baseUrl))}`);
  return `${de ? ' zu' : ' concerning'} ${what} ${joined(each, c)}`;
}

/** One site: its name. Several: a neutral line naming each site the claim's images are on, none taken for the others. */
function signature(sites: PackSite[], c: Ctx): string[] {
  if (sites.length === 1) return [c.f.v(short(sites[0]!.name, 200))];
  if (!sites.length) return [];
  return [`${c.de ? 'für die Websites' : 'for the websites'} ${joined(sites.map((s) => siteText(s, c)), c)}`];
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

/**
 * The confirmation of a settlement, whichever way it ended: the day, what we did (in the language's
 * words), what backs it, and the request to confirm.
 */
function settlementConfirmation(input: PackInput, c: Ctx, did: { en: string; de: string }, evidence: string[]): string[] {
  const { de } = c;
  const on = input.claim.settledOn ? day(input.claim.settledOn, c) : null;
  return [
    de ? `wir bestätigen die Einigung${on ? ` vom ${on}` : ''}: ${did.de}.` : `We confirm the settlement${on ? ` of ${on}` : ''}: ${did.en}.`,
    ...evidence,
    de ? 'Damit ist die Angelegenheit vollständig erledigt. Wir bitten Sie, dies kurz schriftlich zu bestätigen.' : 'With this the matter is fully settled. We would be grateful for a short written confirmation.',
  ];
}

function outcomeBlocks(input: PackInput, outcome: Outcome, c: Ctx, amount: string | null): string[] {
  const { f, de } = c;
  const { claim } = input;
  const paid = claim.settlementAmount ? money(claim.settlementAmount, claim.currency, c) : null;
  switch (outcome) {
    case 'settled_license': {
      const bought = input.assets.flatMap((a) => a.licensesNow.filter((l) => l.id === claim.settlementLicenseId || l.kind === 'settlement').map((l) => basisLine(a, l, c)));
      const enclosed = input.proofs.filter((p) => p.licenseId && p.licenseId === claim.settlementLicenseId);
      return settlementConfirmation(
        input,
        c,
        { en: `we have bought a license for the use${paid ? ` and paid ${paid}` : ''}`, de: `Wir haben eine Lizenz für die Nutzung erworben${paid ? ` und ${paid} gezahlt` : ''}` },
        [
          ...(bought.length ? [de ? 'Die Lizenz umfasst:' : 'The license covers:', f.list(bought)] : []),
          ...(enclosed.length ? [de ? 'Der Zahlungsnachweis liegt bei:' : 'The proof of payment is enclosed:', f.list(enclosed.map((p) => proofLine(p, c)))] : []),
        ],
      );
    }
    case 'settled_removal':
      return settlementConfirmation(
        input,
        c,
        {
          en: `we no longer use the image and will not use it in future${paid ? `; we have paid the agreed ${paid}` : ''}`,
          de: `Wir nutzen das Bild nicht mehr und werden es auch künftig nicht nutzen${paid ? `; den vereinbarten Betrag von ${paid} haben wir gezahlt` : ''}`,
        },
        [removalSentence(removalState(input.assets), c, { opening: false })],
      );
    case 'disputed': {
      const out = [de ? `Wir weisen ${amount ? `die Forderung über ${amount}` : 'Ihre Forderung'} zurück.` : `We dispute ${amount ? `the claim for ${amount}` : 'your claim'} and do not accept it.`];
      const grounds = disputeGrounds(input, c);
      if (grounds.length) out.push(de ? 'Unsere Gründe:' : 'Our reasons:', f.list(grounds));
      out.push(
        de
          ? 'Sollten Sie an der Forderung festhalten, senden Sie uns bitte Nachweise, die diese Gründe widerlegen. Dieses Schreiben erfolgt ohne Anerkennung einer Rechtspflicht.'
          : 'Should you maintain the claim, please send us evidence that answers these reasons. This letter is written without admission of liability.',
      );
      return out;
    }
    case 'withdrawn':
      return [
        de
          ? 'wir nehmen zur Kenntnis, dass Sie die Forderung zurückgenommen haben, und betrachten den Vorgang als abgeschlossen.'
          : 'We note that you have withdrawn the claim and consider the matter closed.',
      ];
  }
}

/** Why the owner disputes the claim, from what the records show; never an admission that the use was unlicensed. */
function disputeGrounds(input: PackInput, c: Ctx): string[] {
  const { de } = c;
  const grounds: string[] = [];
  for (const a of input.assets) {
    if (a.stance === 'embedded') grounds.push(`${de ? 'Grundlage der Nutzung' : 'basis of the use'}: ${embedLine(a, c)}`);
    else for (const l of basisOf(a)) grounds.push(`${de ? 'Grundlage der Nutzung' : 'basis of the use'}: ${basisLine(a, l, c)}`);
  }
  if (!input.assets.length) grounds.push(de ? 'Das Bild konnte in unserer Mediathek nicht zugeordnet werden.' : 'The image could not be identified in our media library.');
  grounds.push(
    de
      ? 'Sie haben nicht nachgewiesen, dass Ihre Mandantschaft die Rechte an dem Bild innehat und Sie zur Vertretung berechtigt sind.'
      : 'You have not shown that your client holds the rights in the image, nor that you are authorised to act for them.',
  );
  return grounds;
}

// ---------------------------------------------------------------- an open claim: each image by its own basis

/** One embedded image: the platform that serves it, the post, and the page it is embedded on. */
function embedLine(a: PackAsset, c: Ctx): string {
  const { f, de } = c;
  // The embed license names the platform whatever its dates: an embed hosts no copy for them to cover.
  const embed = a.licensesAtUse.find((l) => l.kind === 'embed_only') ?? recordedLicenses(a).find((l) => l.kind === 'embed_only');
  const platform = (embed && platformOf(embed)) ?? (de ? 'die Plattform' : 'the platform');
  const usage = a.usages[0];
  const since = usage ? day(usage.firstSeenAt.toISOString().slice(0, 10), c) : null;
  return de
    ? `${nameOf(a, c)}: Das Bild wird von ${f.v(platform)} über dessen Einbettung ausgeliefert; auf unserer Website ist keine Kopie gespeichert${embed?.sourceUrl ? ` (eingebetteter Beitrag ${f.url(urlText(embed.sourceUrl))})` : ''}${usage ? `; eingebettet auf ${f.url(urlText(usage.pageUrl))}, erfasst seit ${since}` : ''}.`
    : `${nameOf(a, c)}: the image is served by ${f.v(platform)} through its embed; no copy is hosted on our site${embed?.sourceUrl ? ` (embedded post ${f.url(urlText(embed.sourceUrl))})` : ''}${usage ? `; embedded on ${f.url(urlText(usage.pageUrl))}, recorded since ${since}` : ''}.`;
}

/**
 * The images whose use was covered on their day of use, each under the heading of its own basis: a
 * paid or written license, a permission with conditions (press kit), an open license, an embed. One
 * image's license is never called another's permission, nor a paid license a free one.
 */
function basisBlocks(input: PackInput, c: Ctx, covered: PackAsset[]): { blocks: string[]; licenses: LicenseSummary[] } {
  const { f, de } = c;
  const all = covered.length === input.assets.length;
  const blocks: string[] = [];
  const licenses: LicenseSummary[] = [];
  const group = (assets: PackAsset[], lines: string[], whole: { en: string; de: string }, part: (names: string) => { en: string; de: string }) => {
    if (!lines.length) return;
    const heading = all && assets.length === input.assets.length ? whole : part(namesOf(assets, c));
    blocks.push(de ? heading.de : heading.en, f.list(lines));
  };

  const licensed = covered.filter((a) => a.stance === 'licensed');
  const licensedBasis = licensed.map((a) => ({ a, ls: basisOf(a) }));
  licenses.push(...licensedBasis.flatMap((x) => x.ls));
  group(
    licensed,
    licensedBasis.flatMap(({ a, ls }) => ls.map((l) => basisLine(a, l, c))),
    { en: 'The use you refer to was licensed:', de: 'Für die genannte Nutzung lag eine Lizenz vor:' },
    (names) => ({ en: `For ${names}, a license was held at the time of use:`, de: `Für ${names} lag zur Zeit der Nutzung eine Lizenz vor:` }),
  );

  // A free image's basis: the licenses it was used under then (else those held now), each line under the heading of its kind.
  const free = covered.filter((a) => a.stance === 'free_license').map((a) => ({ a, ls: a.licensesAtUse.length ? basisOf(a) : a.licensesNow }));
  licenses.push(...free.flatMap((x) => x.ls));
  const permissions = free.map(({ a, ls }) => ({ a, ls: ls.filter((l) => !isOpenLicenseKind(l.kind)) })).filter((x) => x.ls.length);
  const open = free.filter(({ ls }) => !ls.length || ls.some((l) => isOpenLicenseKind(l.kind)));
  group(
    permissions.map((x) => x.a),
    permissions.flatMap(({ a, ls }) => ls.map((l) => basisLine(a, l, c))),
    { en: 'The image was used with the permission below, and within its conditions:', de: 'Das Bild wurde mit der folgenden Erlaubnis und unter ihren Bedingungen genutzt:' },
    (names) => ({ en: `${names} was used with the permission below, and within its conditions:`, de: `${names} wurde mit der folgenden Erlaubnis und unter ihren Bedingungen genutzt:` }),
  );
  group(
    open.map((x) => x.a),
    open.flatMap(({ a, ls }) => (ls.length ? ls.filter((l) => isOpenLicenseKind(l.kind)).map((l) => basisLine(a, l, c)) : sourceWithoutLicense(a, c))),
    { en: 'The image is in the public domain or was obtained under a free license from its original source:', de: 'Das Bild ist gemeinfrei bzw. wurde unter einer freien Lizenz von seiner ursprünglichen Quelle bezogen:' },
    (names) => ({ en: `${names}: in the public domain or obtained under a free license from its original source:`, de: `${names}: gemeinfrei bzw. unter einer freien Lizenz von der ursprünglichen Quelle bezogen:` }),
  );

  const embedded = covered.filter((a) => a.stance === 'embedded');
  if (embedded.length) blocks.push(f.list(embedded.map((a) => embedLine(a, c))));
  return { blocks, licenses };
}

/** For each image licensed only after its use began: the license that starts later, and the period before it from the image's own use day. */
function laterLines(assets: PackAsset[], c: Ctx): Array<{ asset: PackAsset; licenses: LicenseSummary[]; lines: string[]; from: string | null }> {
  return assets.map((a) => {
    // Only licenses that license a copy: an embed or an own-work record held today is no "license today".
    const later = a.licensesNow.filter((l) => !answersNoUse.includes(l.kind as LicenseKind) && (!l.validFrom || l.validFrom > a.useDay));
    const from = later.map((l) => l.validFrom).filter((d): d is string => Boolean(d)).sort()[0] ?? null;
    return { asset: a, licenses: later, lines: later.map((l) => licenseLine(a, l, c)), from };
  });
}

/**
 * Images licensed only after their use began: the licenses held today, and for each image the day its
 * license starts and the period before it, counted from that image's own day of use.
 */
function laterBlocks(input: PackInput, assets: PackAsset[], c: Ctx, amount: string | null): string[] {
  const { f, de } = c;
  const blocks: string[] = [];
  const later = laterLines(assets, c);
  const one = later.length === 1 && input.assets.length === 1;
  const names = namesOf(assets, c);
  blocks.push(one ? (de ? 'Für das Bild besteht heute eine Lizenz:' : 'The image is licensed today:') : de ? `Für ${names} besteht heute eine Lizenz:` : `${names}: licensed today:`);
  const lines = later.flatMap((x) => x.lines);
  if (lines.length) blocks.push(f.list(lines));
  const enclosed = enclosedProofs(input, later.flatMap((x) => x.licenses), { fallback: false });
  if (enclosed.length) blocks.push(de ? 'Die Lizenzunterlagen fügen wir bei:' : 'Please find the license documentation enclosed:', f.list(enclosed.map((p) => proofLine(p, c))));
  const gap = ({ asset, from }: (typeof later)[number]) => {
    // The assessment's uncovered days are the truth: they are named whenever the input carries them.
    const uncovered = asset.uncoveredPeriods;
    if (uncovered?.length) {
      const first = uncovered[0]!;
      const end = asset.usePeriod?.to;
      // One gap from the first day of use, covered from the day after it to the end of the use.
      if (uncovered.length === 1 && first.from === asset.useDay && end && first.to < end) {
        const since = addDay(first.to);
        return de
          ? `Die Nutzung war jedoch erst ab dem ${day(since, c)} lizenziert; für den Zeitraum davor, ${spanText(first, c)}, lag keine Lizenz vor.`
          : `The use was licensed only from ${day(since, c)} on, however; for the time before, ${spanText(first, c)}, no license was held.`;
      }
      const list = spansText(uncovered, c);
      return de ? `Eine Lizenz bestand jedoch nicht während der gesamten Nutzung: ${list} lag keine Lizenz vor.` : `A license was not held throughout the use, however: no license was held ${list}.`;
    }
    // Inputs built without an assessment: the period before the earliest license held today.
    const period = from ? (de ? ` vom ${day(asset.useDay, c)} bis ${day(dayBefore(from), c)}` : ` from ${day(asset.useDay, c)} to ${day(dayBefore(from), c)}`) : '';
    return de
      ? `Die Lizenz beginnt jedoch erst${from ? ` am ${day(from, c)}` : ' nach Beginn der Nutzung'}; für den Zeitraum davor${period} lag keine Lizenz vor.`
      : `The license, however, starts only${from ? ` on ${day(from, c)}` : ' after the use began'}; for the time before${period} no license was held.`;
  };
  // Periods, not images: one image with two gaps has two periods to settle.
  const single = later.reduce((n, x) => n + (x.asset.uncoveredPeriods?.length || 1), 0) === 1;
  const offer = de
    ? `Für ${single ? 'den nicht lizenzierten Zeitraum' : 'die nicht lizenzierten Zeiträume'} sind wir zu einer angemessenen Einigung bereit und bitten um ein Angebot, das sich auf ${single ? 'diesen Zeitraum' : 'diese Zeiträume'} beschränkt${amount ? ` (die geforderte Summe von ${amount} bezieht sich offenbar auf die gesamte Nutzung)` : ''}.`
    : `For the uncovered ${single ? 'period' : 'periods'} we are open to a reasonable settlement and ask for an offer limited to ${single ? 'it' : 'them'}${amount ? ` (the amount of ${amount} appears to cover the whole use)` : ''}.`;
  if (one) blocks.push(`${gap(later[0]!)} ${offer}`);
  else blocks.push(f.list(later.map((x) => `${nameOf(x.asset, c)}: ${gap(x)}`)), offer);
  return blocks;
}

function stanceBlocks(input: PackInput, c: Ctx, amount: string | null): string[] {
  const { claim } = input;
  const { f, de } = c;
  const blocks: string[] = [];
  const noLiability = de ? 'Dieses Schreiben erfolgt ohne Anerkennung einer Rechtspflicht.' : 'This letter is written without admission of liability.';
  const covered = input.assets.filter((a) => coveredStances.includes(a.stance));
  const enclose = (licenses: LicenseSummary[], heading: { en: string; de: string }, fallback: boolean) => {
    const enclosed = enclosedProofs(input, licenses, { fallback });
    if (enclosed.length) blocks.push(de ? heading.de : heading.en, f.list(enclosed.map((p) => proofLine(p, c))));
  };
  // Beside the images a stance is about, those that were covered are answered with their own basis.
  const others = (stanceAssets: PackAsset[]) => {
    const rest = basisBlocks(input, c, covered.filter((a) => !stanceAssets.includes(a)));
    blocks.push(...rest.blocks);
    enclose(rest.licenses, { en: 'Please find the license documentation enclosed:', de: 'Die Lizenzunterlagen fügen wir bei:' }, false);
  };

  switch (input.stance) {
    case 'licensed':
    case 'free_license':
    case 'embedded': {
      const basis = basisBlocks(input, c, covered);
      blocks.push(...basis.blocks);
      const allFree = covered.length > 0 && covered.every((a) => a.stance === 'free_license');
      if (input.stance !== 'embedded' || basis.licenses.length) {
        enclose(
          basis.licenses,
          allFree
            ? { en: 'Enclosed is the evidence of the source and its license terms:', de: 'Als Nachweis der Quelle und ihrer Lizenzbedingungen fügen wir bei:' }
            : { en: 'Please find the license documentation enclosed:', de: 'Als Nachweis fügen wir die Lizenzunterlagen bei:' },
          input.stance !== 'embedded',
        );
      }
      const embedded = covered.filter((a) => a.stance === 'embedded');
      if (embedded.length) {
        const which = embedded.length === input.assets.length ? (de ? 'des Bildes' : 'the image') : namesOf(embedded, c);
        blocks.push(
          de
            ? `Unser Nutzungsprotokoll der Seite liegt als Nachweis bei. Die Einbettung nutzt die von der Plattform dafür vorgesehene Funktion; eine Vervielfältigung ${which === 'des Bildes' ? which : `von ${which}`} durch uns liegt nicht vor.`
            : `Our usage record of the page is enclosed as evidence. The embed uses the function the platform provides for it; we made no copy of ${which}.`,
        );
      }
      if (input.stance === 'licensed') {
        blocks.push(
          de
            ? 'Da die Nutzung lizenziert war, betrachten wir die Angelegenheit als erledigt und bitten Sie, dies schriftlich zu bestätigen. Sollten Sie der Ansicht sein, dass die Lizenz die Nutzung nicht abdeckt, teilen Sie uns bitte konkret mit, welche Bedingung Ihrer Meinung nach nicht erfüllt ist.'
            : 'As the use was licensed, we consider this matter closed and would be grateful if you could confirm this in writing. Should you believe that the license does not cover the use, please tell us specifically which of its terms you consider was not met.',
        );
      } else if (input.stance === 'free_license') {
        blocks.push(
          allFree
            ? de
              ? 'Nach diesen Bedingungen war für die Nutzung keine kostenpflichtige Lizenz erforderlich. Wir bitten Sie daher, den Vorgang zu schließen und dies schriftlich zu bestätigen. Sollte Ihre Mandantschaft Rechte geltend machen, die von diesen Bedingungen abweichen, senden Sie uns bitte die entsprechenden Nachweise.'
              : 'Under these terms the use did not require a paid license. We therefore ask you to close the case and confirm this in writing. If your client holds rights that differ from these terms, please send us the evidence of them.'
            : de
              ? 'Jede Nutzung war damit auf der jeweils genannten Grundlage gedeckt. Wir bitten Sie daher, den Vorgang zu schließen und dies schriftlich zu bestätigen. Sollte Ihre Mandantschaft Rechte geltend machen, die von diesen Grundlagen abweichen, senden Sie uns bitte die entsprechenden Nachweise.'
              : 'Each use was thus covered on the basis named for it. We therefore ask you to close the case and confirm this in writing. If your client holds rights that differ from these terms, please send us the evidence of them.',
        );
      } else {
        blocks.push(
          de
            ? 'Wir bitten Sie daher, den Vorgang zu schließen; Fragen zur Veröffentlichung auf der Plattform richten Sie bitte an den dortigen Kontoinhaber.'
            : 'We therefore ask you to close the case; questions about the post on the platform are for the account that published it.',
        );
      }
      return blocks;
    }
    case 'licensed_later': {
      const later = input.assets.filter((a) => a.stance === 'licensed_later');
      blocks.push(...laterBlocks(input, later, c, amount));
      others(later);
      blocks.push(noLiability);
      return blocks;
    }
    case 'remove': {
      const uncovered = input.assets.filter((a) => a.stance === 'remove');
      const later = input.assets.filter((a) => a.stance === 'licensed_later');
      // An image licensed for part of its use is not one "without a license": say which license covered which days.
      const partly = uncovered.filter(partlyCovered);
      const unlicensed = uncovered.filter((a) => !partly.includes(a));
      if (unlicensed.length) {
        const all = unlicensed.length === input.assets.length;
        blocks.push(all ? (de ? 'Für diese Nutzung konnten wir in unseren Unterlagen keine Lizenz finden.' : 'We could not find a license for this use in our records.') : de ? `Für die Nutzung von ${namesOf(unlicensed, c)} konnten wir in unseren Unterlagen keine Lizenz finden.` : `We could not find a license for the use of ${namesOf(unlicensed, c)} in our records.`);
      }
      if (partly.length) {
        const only = partly.length === input.assets.length && partly.length === 1;
        blocks.push(only ? (de ? 'Für diese Nutzung lag nur für einen Teil ihrer Dauer eine Lizenz vor:' : 'This use was licensed for part of its duration only:') : de ? `Für die Nutzung von ${namesOf(partly, c)} lag nur für einen Teil ihrer Dauer eine Lizenz vor:` : `The use of ${namesOf(partly, c)} was licensed for part of its duration only:`);
        const parts = partly.flatMap((a) => licensedParts(a).map((p) => ({ a, p })));
        blocks.push(f.list(parts.map(({ a, p }) => `${licenseLine(a, p.license, c)}; ${de ? 'deckte die Nutzung' : 'covered the use'} ${spanText(p, c)}`)));
        const enclosed = enclosedProofs(input, parts.map((x) => x.p.license), { fallback: false });
        if (enclosed.length) blocks.push(de ? 'Die Lizenzunterlagen fügen wir bei:' : 'Please find the license documentation enclosed:', f.list(enclosed.map((p) => proofLine(p, c))));
        const gaps = partly.map((a) => {
          const list = spansText(a.uncoveredPeriods!, c);
          const sentence = de ? `Keine Lizenz lag ${list} vor.` : `No license was held ${list}.`;
          return only ? sentence : `${nameOf(a, c)}: ${sentence}`;
        });
        if (only) blocks.push(gaps[0]!);
        else blocks.push(f.list(gaps));
      }
      blocks.push(removalSentence(removalState(uncovered), c, { opening: true }));
      if (later.length) blocks.push(...laterBlocks(input, later, c, null));
      others([...uncovered, ...later]);
      blocks.push(
        de
          ? `Wir sind an einer einvernehmlichen Lösung interessiert und zu einer angemessenen Einigung bereit. Damit wir ${amount ? `die geforderte Summe von ${amount}` : 'Ihre Forderung'} nachvollziehen können, bitten wir um eine Aufstellung der einzelnen Posten:`
          : `We would like to resolve this amicably and are open to a reasonable settlement. So that we can assess ${amount ? `the amount of ${amount}` : 'your claim'}, please send us an itemised basis:`,
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
      blocks.push(noLiability);
      return blocks;
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
                `wie sich ${amount ? `der Betrag von ${amount}` : 'Ihre Forderung'} zusammensetzt.`,
              ]
            : [
                `evidence that ${holder} owns the copyright in the image (for example the original file in full resolution with its metadata, or a registration);`,
                'if you act on behalf of the rights holder, your authorisation to do so;',
                'the exact addresses (URLs) where you say the image was used, with the dates or period of the use and the screenshots taken;',
                `how ${amount ? `the amount of ${amount}` : 'the amount claimed'} was calculated.`,
              ],
        ),
      );
      blocks.push(
        de
          ? 'Nach Eingang dieser Unterlagen werden wir die Angelegenheit umgehend prüfen. Bis dahin erkennen wir die Forderung nicht an; dieses Schreiben erfolgt ohne Anerkennung einer Rechtspflicht.'
          : 'We will review the matter promptly once we have received this information. Until then we do not accept the claim; this letter is written without admission of liability.',
      );
      return blocks;
    }
  }
}

/** The stances under which an image's use was covered on its day of use. */
const coveredStances: readonly string[] = ['licensed', 'free_license', 'embedded'];
