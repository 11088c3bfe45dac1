import { rightsLabels as fieldLabels } from '@clearance/contracts';
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

// ---------------------------------------------------------------- the formats of each pack language

/**
 * The date and money formats of each pack language (Intl), used by the summary and the reply alike.
 * English keeps the pack's unambiguous ISO days and "300.00 EUR"; German prints "14.07.2023" and "300,00 €".
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
  day: (day) => formatDay(day),
  instant: (date) => formatInstant(date),
  money: (amount, currency) => formatMoney(amount, currency),
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

export const packFormats: Record<PackLanguage, Formats> = { en, de };
