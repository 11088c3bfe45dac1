import { rightsLabels as fieldLabels, type Stance } from '@clearance/contracts';
import type { LicenseSummary } from './pack.types.ts';

/**
 * Wording shared by the summary PDF, the removal certificate and the reply letter, so the three never
 * describe the same fact differently.
 */

// C0 (except tab and newline), DEL and C1 controls.
const controlChars = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;
// Bidi overrides/embeddings/isolates/marks can make text read differently from what it says:
// https://unicode.org/reports/tr36/#Bidirectional_Text_Spoofing
const bidiChars = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const loneSurrogate = /\p{Cs}/gu;

/**
 * Text from users, letters and metadata, made safe to print: NFC, no invisible controls or direction
 * overrides, at most `max` characters (the cut is said, not silent). Newlines are kept only when asked.
 */
export function cleanText(value: string | null | undefined, { max = 2000, multiline = false } = {}): string {
  if (value === null || value === undefined) return '';
  let text = String(value).normalize('NFC').replace(/\r\n?/g, '\n').replace(controlChars, '').replace(bidiChars, '').replace(loneSurrogate, '\uFFFD');
  if (!multiline) text = text.replace(/[\t\n]+/g, ' ');
  text = text.replace(/\t/g, '  ').trim();
  const chars = [...text];
  if (chars.length > max) text = `${chars.slice(0, max).join('')}… [${chars.length - max} more characters not shown]`;
  return text;
}

export const agencyLabels: Record<string, string> = {
  copytrack: 'Copytrack',
  pixsy: 'Pixsy',
  picrights: 'PicRights',
  higbee: 'Higbee & Associates',
  rights_holder: 'the rights holder directly',
  other: 'other',
};

export const licenseKindLabels: Record<string, string> = {
  own_work: 'own work',
  stock_royalty_free: 'stock, royalty-free',
  rights_managed: 'rights-managed',
  creative_commons: 'Creative Commons',
  public_domain: 'public domain',
  free_license_site: 'free-license site',
  press_kit: 'press kit / editorial',
  written_permission: 'written permission',
  settlement: 'settlement license',
  embed_only: 'embed only',
  other: 'other',
};

export const proofKindLabels: Record<string, string> = {
  receipt: 'receipt',
  invoice: 'invoice',
  license_certificate: 'license certificate',
  permission_email: 'permission e-mail',
  license_page_snapshot: 'license page snapshot',
  screenshot: 'screenshot',
  claim_letter: 'claim letter',
  correspondence: 'correspondence',
  removal_certificate: 'removal certificate',
  other: 'other document',
};

export const stanceLabels: Record<Stance, string> = {
  licensed: 'Licensed: send the license proof',
  licensed_later: 'Licensed now, not when the use began: send the license, negotiate the earlier period',
  embedded: "Shown through a platform's embed: no copy hosted, answer with the usage record",
  free_license: 'Public domain / free license: send the source evidence',
  remove: 'No license held: remove the image, then negotiate or settle',
  ask_for_proof: 'Ownership doubtful: ask the claimant for proof of ownership and of the exact use',
};

export const labelOf = (labels: Record<string, string>, key: string) => labels[key] ?? cleanText(key, { max: 60 });

/** `2024-05-01 14:03:22 UTC`: one unambiguous form for every instant in the pack. */
export function formatInstant(date: Date | null | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return '-';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export const formatDay = (day: string | null | undefined) => (day ? cleanText(day, { max: 10 }) : '-');

export function formatMoney(amount: string | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '-';
  return `${cleanText(amount, { max: 20 })} ${cleanText(currency ?? '', { max: 3 })}`.trim();
}

/** `2019-03-01 to 2024-02-28`, `from 2019-03-01, perpetual`, ... — `expiresOn` is the last valid day. */
export function licenseWindow(license: Pick<LicenseSummary, 'validFrom' | 'expiresOn'>): string {
  const from = license.validFrom ? formatDay(license.validFrom) : null;
  const to = license.expiresOn ? formatDay(license.expiresOn) : null;
  if (from && to) return `${from} to ${to}`;
  if (from) return `from ${from}, perpetual`;
  if (to) return `until ${to}`;
  return 'perpetual, no start date recorded';
}

export function licenseTitle(license: LicenseSummary): string {
  const kind = labelOf(licenseKindLabels, license.kind) + (license.ccVariant ? ` ${cleanText(license.ccVariant, { max: 50 })}` : '');
  return license.licensor ? `${kind}, ${cleanText(license.licensor, { max: 300 })}` : kind;
}

/** Labelled lines of a license, empty fields left out. */
export function licenseFacts(license: LicenseSummary): Array<[string, string]> {
  const facts: Array<[string, string]> = [['Valid', licenseWindow(license)]];
  if (license.orderRef) facts.push(['Order / invoice', cleanText(license.orderRef, { max: 200 })]);
  if (license.sourceUrl) facts.push(['Source', cleanText(license.sourceUrl, { max: 2048 })]);
  if (license.territory) facts.push(['Territory', cleanText(license.territory, { max: 300 })]);
  if (license.usageTerms) facts.push(['Terms', cleanText(license.usageTerms, { max: 3000, multiline: true })]);
  if (license.cost) facts.push(['Cost', formatMoney(license.cost, license.currency)]);
  return facts;
}

/** Readable names for the normalized rights metadata keys (one table, in the contracts). */
export const rightsLabels: Record<string, string> = fieldLabels;
