import { cleanText, agencyLabels, licenseKindLabels, proofKindLabels, rightsLabels, stanceLabels } from './pack-format.ts';
import type { Elapsed } from './evidence-age.rules.ts';

/**
 * Every word the summary PDF prints, in each pack language, and the date and money formats of that
 * language (Intl). English keeps the pack's unambiguous ISO days and "300.00 EUR"; German prints
 * "14.07.2023" and "300,00 €". One table per language, so a German pack has no English boilerplate.
 */
export type PackLanguage = 'en' | 'de';

const deDay = new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
const deTime = new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

const isDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
const validDate = (d: Date | null | undefined): d is Date => !!d && !Number.isNaN(d.getTime());

export type Formats = {
  day: (day: string | null | undefined) => string;
  instant: (date: Date | null | undefined) => string;
  money: (amount: string | null | undefined, currency: string | null | undefined) => string;
  count: (n: number) => string;
  decimal: (n: number) => string;
};

const en: Formats = {
  day: (day) => (day ? cleanText(day, { max: 10 }) : '-'),
  instant: (date) => (validDate(date) ? `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC` : '-'),
  money: (amount, currency) => (amount ? `${cleanText(amount, { max: 20 })} ${cleanText(currency ?? '', { max: 3 })}`.trim() : '-'),
  count: (n) => n.toLocaleString('en-US'),
  decimal: (n) => n.toLocaleString('en-US', { maximumFractionDigits: 1 }),
};

const de: Formats = {
  day: (day) => (!day ? '-' : isDay(day) ? deDay.format(new Date(`${day}T00:00:00Z`)) : cleanText(day, { max: 10 })),
  instant: (date) => (validDate(date) ? `${deDay.format(date)}, ${deTime.format(date)} UTC` : '-'),
  money: (amount, currency) => {
    if (!amount) return '-';
    const value = Number(amount);
    if (!Number.isFinite(value)) return cleanText(amount, { max: 20 });
    const code = cleanText(currency ?? '', { max: 3 }).toUpperCase();
    try {
      if (/^[A-Z]{3}$/.test(code)) return new Intl.NumberFormat('de-DE', { style: 'currency', currency: code }).format(value);
    } catch {
      // an unknown currency code prints as given after the number
    }
    return `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)} ${code}`.trim();
  },
  count: (n) => n.toLocaleString('de-DE'),
  decimal: (n) => n.toLocaleString('de-DE', { maximumFractionDigits: 1 }),
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function elapsedWords(e: Elapsed, units: { y: [string, string]; m: [string, string]; d: [string, string] }, sameDay: string): string | null {
  if (e.sign === 0) return null;
  const parts: string[] = [];
  if (e.years) parts.push(plural(e.years, ...units.y));
  if (e.months) parts.push(plural(e.months, ...units.m));
  if (!e.years && (e.days || parts.length === 0)) parts.push(plural(e.days, ...units.d));
  return parts.join(' ') || sameDay;
}

const english = {
  formats: en,
  agency: agencyLabels,
  licenseKind: licenseKindLabels,
  proofKind: proofKindLabels,
  stance: stanceLabels,
  rights: rightsLabels,
  claimStatus: {} as Record<string, string>,
  method: {
    url: 'URL: a letter URL is one of the URLs the asset is served under',
    filename: 'file name: a letter URL names the same file',
    sha256: 'identical file (same SHA-256 as the claimant image)',
    phash: 'perceptual hash: the pictures look the same',
    manual: 'confirmed by hand, no automatic match',
  } as Record<string, string>,
  docTitle: (ref: string) => `Claim ${ref}`,
  docSubject: 'Claim response summary',
  title: 'Claim response summary',
  generated: (at: string) => `Generated ${at} by Clearance`,
  footer: (ref: string, at: string) => `Case ${ref} - generated ${at}`,
  page: (n: number, of: number) => `page ${n} of ${of}`,
  noCaseRef: (id: string) => `(no case reference) claim ${id}`,
  caseReference: 'Case reference',
  caseDetails: 'Case details',
  agencyLabel: 'Agency',
  rightsHolder: 'Rights holder named',
  received: 'Letter received',
  deadline: 'Deadline',
  claimedUse: 'Claimed use on',
  amount: 'Amount demanded',
  status: 'Status',
  claimId: 'Claim id',
  infringingUrls: 'Infringing URLs',
  noneGiven: 'none given',
  notes: 'Notes',
  recommendedStance: 'Recommended stance',
  matchedAssets: 'Matched assets',
  noAsset: 'No asset in the library was confirmed as the claimed image.',
  claimImage: 'Claimant image',
  claimImageNamed: (name: string) => `Claimant image: ${name}`,
  noClaimImage: 'No claim image supplied',
  noImageStored: 'No image stored',
  undecodable: 'The stored file could not be decoded as an image',
  storedImage: (name: string) => `Stored image: ${name}`,
  matchedRegion: 'Matched region, enlarged',
  assetHeading: (i: number, n: number, name: string) => `Asset ${i} of ${n}: ${name}`,
  identification: 'How the image was identified',
  methodLabel: 'Method',
  distance: 'Distance',
  distanceValue: (d: number) => `${d} of 64 bits differ (10 or fewer: the same picture)`,
  score: 'Confidence',
  notRecorded: 'not recorded',
  byOverride: 'Confirmed by override: the claim\'s URLs do not name this site',
  regionFound: (file: string, box: { left: number; top: number; width: number; height: number }, w: number, h: number, scale: string) =>
    `Found in ${file} (${w} x ${h} px) at x ${box.left}, y ${box.top}, ${box.width} x ${box.height} px, shown enlarged ${scale}x`,
  regionNotFound: 'The picture could not be located inside the claimant image; the whole claimant image is shown.',
  site: 'Site',
  assetTitle: 'Title',
  uploaded: 'Uploaded',
  assetId: 'Asset id',
  metadataHeading: 'Rights metadata in the file',
  noMetadata: 'None found in the file.',
  detectedSource: 'Detected source',
  suggests: (kind: string) => `suggests ${kind}`,
  confidence: (pct: number) => `confidence ${pct} %`,
  conflictsHeading: 'Metadata that contradicts the claimed source',
  conflict: (label: string, value: string, claimed: string[]) => `The file's ${label} says "${value}", but the license names ${claimed.length ? claimed.map((c) => `"${c}"`).join(', ') : 'no matching name'}.`,
  servedUnder: (n: number) => `Served under (${n} URLs)`,
  licensesAtUse: (day: string) => `Licenses held at the time of the claimed use (${day})`,
  noneAtUse: 'None: no license covered the asset on that day.',
  licensesNow: (day: string) => `Licenses held now (${day})`,
  noneNow: 'None: no license covers the asset today.',
  valid: 'Valid',
  window: (from: string | null, to: string | null) =>
    from && to ? `${from} to ${to}` : from ? `from ${from}, perpetual` : to ? `until ${to}, no start date recorded` : 'perpetual, no start date recorded',
  obtained: 'Obtained',
  orderRef: 'Order / invoice',
  source: 'Source',
  territory: 'Territory',
  terms: 'Terms',
  cost: 'Cost',
  attribution: 'Attribution',
  attributionRequired: (text: string | null) => (text ? `required: "${text}"` : 'required (no credit line recorded)'),
  attributionNotRequired: 'not required',
  usage: 'Usage',
  noUsage: 'No page using this asset has been recorded.',
  seen: (first: string, last: string) => `first seen ${first}, last seen ${last}`,
  takedowns: 'Takedown results',
  takedownRequested: (at: string) => `Takedown requested ${at}`,
  takedownVerified: (n: number, at: string) => `verified: every one of ${n} URLs answered 404 or 410 (last check ${at})`,
  takedownUnchecked: 'not verified: no URL checked yet',
  takedownLive: (live: number, n: number, at: string) => `not verified: ${live} of ${n} URLs still answer (last check ${at})`,
  stillLive: 'Still live:',
  licenseTimeline: 'License dates and first use',
  timelineRows: {
    upload: 'uploaded',
    firstUse: 'first use recorded',
    claimedUse: 'claimed use',
    obtained: (l: string) => `license obtained: ${l}`,
    from: (l: string) => `license valid from: ${l}`,
    until: (l: string) => `license valid until: ${l}`,
    snapshot: (l: string) => `license page snapshot taken: ${l}`,
  },
  nothingDated: 'No dates recorded.',
  ourEvidence: (n: number) => `Our evidence (${n})`,
  noOurEvidence: 'No proof documents of ours are held for this claim.',
  claimantMaterial: (n: number) => `Claimant's material (${n})`,
  claimantNote: "The claimant's letter, screenshot and attachments, kept apart from our evidence. Logos and tracking pixels in the letter are not kept.",
  noClaimantMaterial: 'No material from the claimant is stored.',
  sha256: 'SHA-256',
  typeSize: 'Type and size',
  typeSizeValue: (mime: string, bytes: string) => `${mime}, ${bytes} bytes`,
  inPack: 'In this pack',
  backsLicense: 'Backs license',
  attachedTo: 'Attached to',
  note: 'Note',
  email: {
    from: 'From',
    to: 'To',
    date: 'Date',
    subject: 'Subject',
    permission: 'Permission as written',
    quote: (sender: string, date: string, sentence: string) => `${sender} wrote on ${date}: "${sentence}"`,
    noPermission: 'No sentence stating a permission was found in the message text.',
  },
  snapshot: {
    url: 'Page address',
    finalUrl: 'Address after redirects',
    captured: 'Captured',
    status: 'HTTP status',
    contentType: 'Content type',
    rendering: 'Rendering',
    renderedAt: (path: string) => `${path} (the stored copy rendered by Chromium, offline: nothing was fetched again)`,
    notRendered: (reason: string) => `No rendering: ${reason}`,
    relative: (words: string | null, rel: 'after' | 'before', what: string) => (words ? `taken ${words} ${rel} ${what}` : `taken on the day of ${what}`),
    upload: 'the upload',
    firstUse: 'the first recorded use',
    late: 'Taken long after the image was obtained or first used: it shows what the page said when captured, not necessarily what it said then.',
  },
  elapsed: (e: Elapsed) => elapsedWords(e, { y: ['year', 'years'], m: ['month', 'months'], d: ['day', 'days'] }, 'the same day'),
  timeline: 'Timeline',
  nothingRecorded: 'Nothing recorded.',
  events: {
    uploaded: (name: string, site: string) => `${name} uploaded to ${site}`,
    firstSeen: (name: string, url: string) => `${name} first seen on ${url}`,
    lastSeen: (name: string, url: string) => `${name} last seen on ${url}`,
    takedownRequested: (name: string) => `takedown of ${name} requested`,
    takedownVerified: (name: string) => `takedown of ${name} verified`,
    claimedUse: 'claimed use',
    received: 'claim letter received',
    deadline: 'deadline',
    type: {} as Record<string, string>,
    statusTo: (status: string) => `now ${status}`,
    /** Notes the API itself writes on events, in this language (user notes print as written). */
    systemNotes: {} as Record<string, string>,
  },
  integrity: 'Integrity',
  generatedAt: 'Generated at',
  auditHead: 'Audit chain head',
  auditHeadValue: (seq: string, hash: string) => `event #${seq}, hash ${hash}`,
  noAudit: 'no audit events yet',
  integrityNote:
    'manifest.json in this pack lists the SHA-256 of every file in it. The audit chain head ties the pack to the hash-chained audit trail of the instance, which `npm run audit:verify` checks.',
};

export type SummaryText = typeof english;

const german: SummaryText = {
  formats: de,
  agency: { copytrack: 'Copytrack', pixsy: 'Pixsy', picrights: 'PicRights', higbee: 'Higbee & Associates', rights_holder: 'der Rechteinhaber direkt', other: 'sonstige' },
  licenseKind: {
    own_work: 'eigenes Werk',
    stock_royalty_free: 'Stock, lizenzfrei',
    rights_managed: 'lizenzpflichtig (Rights Managed)',
    creative_commons: 'Creative Commons',
    public_domain: 'gemeinfrei',
    free_license_site: 'Plattform mit freier Lizenz',
    press_kit: 'Pressematerial / redaktionell',
    written_permission: 'schriftliche Erlaubnis',
    settlement: 'Lizenz aus Vergleich',
    embed_only: 'nur eingebettet',
    other: 'sonstige',
  },
  proofKind: {
    receipt: 'Kaufbeleg',
    invoice: 'Rechnung',
    license_certificate: 'Lizenzzertifikat',
    permission_email: 'Erlaubnis per E-Mail',
    license_page_snapshot: 'Aufnahme der Lizenzseite',
    screenshot: 'Bildschirmfoto',
    claim_letter: 'Forderungsschreiben',
    correspondence: 'Korrespondenz',
    removal_certificate: 'Entfernungsnachweis',
    other: 'sonstiges Dokument',
  },
  stance: {
    licensed: 'Lizenziert: Lizenznachweis übersenden',
    licensed_later: 'Heute lizenziert, nicht bei Beginn der Nutzung: Lizenz übersenden, den früheren Zeitraum verhandeln',
    embedded: 'Über die Einbettung einer Plattform angezeigt: keine Kopie gespeichert, mit dem Nutzungsnachweis antworten',
    free_license: 'Gemeinfrei / freie Lizenz: Quellennachweis übersenden',
    remove: 'Keine Lizenz vorhanden: Bild entfernen, dann verhandeln oder vergleichen',
    ask_for_proof: 'Rechte zweifelhaft: Nachweis der Rechteinhaberschaft und der genauen Nutzung verlangen',
  },
  rights: {
    creator: 'Urheber',
    credit: 'Bildnachweis',
    copyrightNotice: 'Copyright-Vermerk',
    source: 'Quelle',
    webStatement: 'Rechteerklärung (Web)',
    usageTerms: 'Nutzungsbedingungen',
    licensorName: 'Lizenzgeber',
    licensorUrl: 'Lizenzgeber-URL',
    licensorEmail: 'Lizenzgeber-E-Mail',
    copyrightOwner: 'Rechteinhaber',
    imageSupplier: 'Bildanbieter',
    imageSupplierImageId: 'Bildnummer des Anbieters',
    plusLicenseId: 'PLUS-Lizenznummer',
    plusLicenseStart: 'PLUS-Lizenzbeginn',
    plusLicenseEnd: 'PLUS-Lizenzende',
    digitalSourceType: 'Art der digitalen Quelle',
    captureDate: 'Aufgenommen',
    cameraMake: 'Kamerahersteller',
    cameraModel: 'Kameramodell',
  },
  claimStatus: {
    new: 'neu',
    matched: 'zugeordnet',
    responded: 'beantwortet',
    negotiating: 'in Verhandlung',
    settled: 'verglichen',
    rejected: 'zurückgewiesen',
    withdrawn: 'zurückgezogen',
    litigation: 'im Rechtsstreit',
  },
  method: {
    url: 'URL: eine URL des Schreibens ist eine der Adressen, unter denen das Bild ausgeliefert wird',
    filename: 'Dateiname: eine URL des Schreibens nennt dieselbe Datei',
    sha256: 'identische Datei (gleicher SHA-256 wie das Bild der Gegenseite)',
    phash: 'Wahrnehmungs-Hash: die Bilder sehen gleich aus',
    manual: 'von Hand bestätigt, ohne automatischen Treffer',
  },
  docTitle: (ref) => `Forderung ${ref}`,
  docSubject: 'Zusammenfassung zur Forderung',
  title: 'Zusammenfassung zur Forderung',
  generated: (at) => `Erstellt am ${at} von Clearance`,
  footer: (ref, at) => `Vorgang ${ref} - erstellt ${at}`,
  page: (n, of) => `Seite ${n} von ${of}`,
  noCaseRef: (id) => `(ohne Aktenzeichen) Forderung ${id}`,
  caseReference: 'Aktenzeichen',
  caseDetails: 'Angaben zum Vorgang',
  agencyLabel: 'Agentur',
  rightsHolder: 'Genannter Rechteinhaber',
  received: 'Schreiben erhalten',
  deadline: 'Frist',
  claimedUse: 'Behauptete Nutzung am',
  amount: 'Geforderter Betrag',
  status: 'Stand',
  claimId: 'Vorgangsnummer',
  infringingUrls: 'Beanstandete URLs',
  noneGiven: 'keine angegeben',
  notes: 'Notizen',
  recommendedStance: 'Empfohlene Haltung',
  matchedAssets: 'Zugeordnete Bilder',
  noAsset: 'Kein Bild der Mediathek wurde als das beanstandete Bild bestätigt.',
  claimImage: 'Bild der Gegenseite',
  claimImageNamed: (name) => `Bild der Gegenseite: ${name}`,
  noClaimImage: 'Kein Bild der Gegenseite vorhanden',
  noImageStored: 'Kein Bild gespeichert',
  undecodable: 'Die gespeicherte Datei ließ sich nicht als Bild lesen',
  storedImage: (name) => `Gespeichertes Bild: ${name}`,
  matchedRegion: 'Gefundener Ausschnitt, vergrößert',
  assetHeading: (i, n, name) => `Bild ${i} von ${n}: ${name}`,
  identification: 'Wie das Bild zugeordnet wurde',
  methodLabel: 'Verfahren',
  distance: 'Abstand',
  distanceValue: (d) => `${d} von 64 Bits verschieden (10 oder weniger: dasselbe Bild)`,
  score: 'Sicherheit',
  notRecorded: 'nicht erfasst',
  byOverride: 'Manuell bestätigt: die URLs der Forderung nennen diese Website nicht',
  regionFound: (file, box, w, h, scale) => `Gefunden in ${file} (${w} x ${h} px) bei x ${box.left}, y ${box.top}, ${box.width} x ${box.height} px, ${scale}-fach vergrößert`,
  regionNotFound: 'Das Bild ließ sich im Bild der Gegenseite nicht verorten; das ganze Bild der Gegenseite ist abgebildet.',
  site: 'Website',
  assetTitle: 'Titel',
  uploaded: 'Hochgeladen',
  assetId: 'Bildnummer',
  metadataHeading: 'Rechteangaben in der Datei',
  noMetadata: 'Keine in der Datei gefunden.',
  detectedSource: 'Erkannte Quelle',
  suggests: (kind) => `deutet auf ${kind}`,
  confidence: (pct) => `Sicherheit ${pct} %`,
  conflictsHeading: 'Metadaten, die der angegebenen Quelle widersprechen',
  conflict: (label, value, claimed) => `Die Datei nennt als ${label} „${value}“, die Lizenz aber ${claimed.length ? claimed.map((c) => `„${c}“`).join(', ') : 'keinen übereinstimmenden Namen'}.`,
  servedUnder: (n) => `Ausgeliefert unter (${n} URLs)`,
  licensesAtUse: (day) => `Lizenzen zum Zeitpunkt der behaupteten Nutzung (${day})`,
  noneAtUse: 'Keine: an diesem Tag deckte keine Lizenz das Bild.',
  licensesNow: (day) => `Lizenzen heute (${day})`,
  noneNow: 'Keine: heute deckt keine Lizenz das Bild.',
  valid: 'Gültig',
  window: (from, to) => (from && to ? `${from} bis ${to}` : from ? `ab ${from}, unbefristet` : to ? `bis ${to}, ohne erfassten Beginn` : 'unbefristet, ohne erfassten Beginn'),
  obtained: 'Erworben',
  orderRef: 'Bestellung / Rechnung',
  source: 'Quelle',
  territory: 'Gebiet',
  terms: 'Bedingungen',
  cost: 'Kosten',
  attribution: 'Namensnennung',
  attributionRequired: (text) => (text ? `erforderlich: „${text}“` : 'erforderlich (kein Bildnachweis erfasst)'),
  attributionNotRequired: 'nicht erforderlich',
  usage: 'Verwendung',
  noUsage: 'Keine Seite mit diesem Bild erfasst.',
  seen: (first, last) => `zuerst gesehen ${first}, zuletzt gesehen ${last}`,
  takedowns: 'Ergebnisse der Entfernung',
  takedownRequested: (at) => `Entfernung veranlasst ${at}`,
  takedownVerified: (n, at) => `bestätigt: alle ${n} URLs antworteten mit 404 oder 410 (letzte Prüfung ${at})`,
  takedownUnchecked: 'nicht bestätigt: noch keine URL geprüft',
  takedownLive: (live, n, at) => `nicht bestätigt: ${live} von ${n} URLs antworten noch (letzte Prüfung ${at})`,
  stillLive: 'Noch erreichbar:',
  licenseTimeline: 'Lizenzdaten und erste Nutzung',
  timelineRows: {
    upload: 'hochgeladen',
    firstUse: 'erste erfasste Nutzung',
    claimedUse: 'behauptete Nutzung',
    obtained: (l) => `Lizenz erworben: ${l}`,
    from: (l) => `Lizenz gültig ab: ${l}`,
    until: (l) => `Lizenz gültig bis: ${l}`,
    snapshot: (l) => `Aufnahme der Lizenzseite: ${l}`,
  },
  nothingDated: 'Keine Daten erfasst.',
  ourEvidence: (n) => `Unsere Nachweise (${n})`,
  noOurEvidence: 'Zu dieser Forderung liegen keine eigenen Nachweise vor.',
  claimantMaterial: (n) => `Unterlagen der Gegenseite (${n})`,
  claimantNote: 'Schreiben, Bildschirmfoto und Anlagen der Gegenseite, getrennt von unseren Nachweisen. Logos und Zählpixel des Schreibens werden nicht gespeichert.',
  noClaimantMaterial: 'Keine Unterlagen der Gegenseite gespeichert.',
  sha256: 'SHA-256',
  typeSize: 'Typ und Größe',
  typeSizeValue: (mime, bytes) => `${mime}, ${bytes} Bytes`,
  inPack: 'In diesem Paket',
  backsLicense: 'Belegt Lizenz',
  attachedTo: 'Anlage zu',
  note: 'Notiz',
  email: {
    from: 'Von',
    to: 'An',
    date: 'Datum',
    subject: 'Betreff',
    permission: 'Erlaubnis im Wortlaut',
    quote: (sender, date, sentence) => `${sender} schrieb am ${date}: „${sentence}“`,
    noPermission: 'Im Text der Nachricht wurde kein Satz gefunden, der eine Erlaubnis ausspricht.',
  },
  snapshot: {
    url: 'Seitenadresse',
    finalUrl: 'Adresse nach Weiterleitungen',
    captured: 'Aufgenommen',
    status: 'HTTP-Status',
    contentType: 'Inhaltstyp',
    rendering: 'Darstellung',
    renderedAt: (path) => `${path} (die gespeicherte Kopie, von Chromium offline dargestellt: nichts wurde erneut abgerufen)`,
    notRendered: (reason) => `Keine Darstellung: ${germanReason(reason)}`,
    relative: (words, rel, what) => (words ? `aufgenommen ${words} ${rel === 'after' ? 'nach' : 'vor'} ${what}` : `aufgenommen am Tag ${what}`),
    upload: 'dem Hochladen',
    firstUse: 'der ersten erfassten Nutzung',
    late: 'Lange nach Erwerb oder erster Nutzung aufgenommen: sie zeigt, was die Seite bei der Aufnahme sagte, nicht unbedingt, was sie damals sagte.',
  },
  elapsed: (e) => elapsedWords(e, { y: ['Jahr', 'Jahre'], m: ['Monat', 'Monate'], d: ['Tag', 'Tage'] }, 'am selben Tag'),
  timeline: 'Zeitverlauf',
  nothingRecorded: 'Nichts erfasst.',
  events: {
    uploaded: (name, site) => `${name} hochgeladen auf ${site}`,
    firstSeen: (name, url) => `${name} zuerst gesehen auf ${url}`,
    lastSeen: (name, url) => `${name} zuletzt gesehen auf ${url}`,
    takedownRequested: (name) => `Entfernung von ${name} veranlasst`,
    takedownVerified: (name) => `Entfernung von ${name} bestätigt`,
    claimedUse: 'behauptete Nutzung',
    received: 'Forderungsschreiben erhalten',
    deadline: 'Frist',
    type: {
      letter_received: 'Schreiben erhalten',
      reply_sent: 'Antwort gesendet',
      reminder: 'Erinnerung',
      payment: 'Zahlung',
      note: 'Notiz',
      status_change: 'Statusänderung',
      settlement: 'Vergleich',
    },
    statusTo: (status) => `jetzt ${status}`,
    systemNotes: {
      'Assets confirmed': 'Bilder bestätigt',
      'Reply sent': 'Antwort gesendet',
      'License bought': 'Lizenz gekauft',
      'Agreed: no future use': 'Vereinbart: keine künftige Nutzung',
    },
  },
  integrity: 'Integrität',
  generatedAt: 'Erstellt am',
  auditHead: 'Spitze der Prüfkette',
  auditHeadValue: (seq, hash) => `Ereignis #${seq}, Hash ${hash}`,
  noAudit: 'noch keine Prüfereignisse',
  integrityNote:
    'manifest.json in diesem Paket nennt den SHA-256 jeder enthaltenen Datei. Die Spitze der Prüfkette verbindet das Paket mit dem per Hash verketteten Prüfprotokoll der Instanz, das `npm run audit:verify` prüft.',
};

/** The reasons a rendering is missing, as the renderer states them (English), said in German. */
function germanReason(reason: string): string {
  const missing = /^Chromium is not installed at (.+) \(set CHROMIUM_PATH\)$/.exec(reason);
  if (missing) return `Chromium ist unter ${missing[1]} nicht installiert (CHROMIUM_PATH setzen)`;
  const type = /^Only HTML pages are rendered; this snapshot is (.+)$/.exec(reason);
  if (type) return `Nur HTML-Seiten werden dargestellt; diese Aufnahme ist ${type[1]}`;
  const slow = /^Rendering took longer than (\d+) ms$/.exec(reason);
  if (slow) return `Die Darstellung dauerte länger als ${slow[1]} ms`;
  const big = /^The rendering is larger than (\d+) bytes$/.exec(reason);
  if (big) return `Die Darstellung ist größer als ${big[1]} Bytes`;
  if (reason === 'The snapshot has no valid address to render it under') return 'Die Aufnahme hat keine gültige Adresse';
  const failed = /^Chromium could not render the page: (.*)$/.exec(reason);
  if (failed) return `Chromium konnte die Seite nicht darstellen (${failed[1]})`;
  return reason;
}

export const summaryTexts: Record<PackLanguage, SummaryText> = { en: english, de: german };
