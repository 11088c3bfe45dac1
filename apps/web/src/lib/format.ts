import type { CoverageStatus, LicenseKind, RiskLevel } from '@clearance/contracts';

export const statusLabels: Record<CoverageStatus, string> = {
  uncovered: 'Uncovered',
  unproven: 'Unproven',
  expired: 'Expired',
  expiring: 'Expiring',
  covered: 'Covered',
  removed: 'Removed',
};

export const statusHints: Record<CoverageStatus, string> = {
  uncovered: 'no license recorded',
  unproven: 'license without a proof document',
  expired: 'every license has ended',
  expiring: 'coverage ends soon',
  covered: 'current license with proof',
  removed: 'taken down',
};

/** Most urgent first: the order of cards, chart layers and filters. */
export const statusOrder: CoverageStatus[] = ['uncovered', 'unproven', 'expired', 'expiring', 'covered', 'removed'];

export const riskLabels: Record<RiskLevel, string> = { high: 'High risk', medium: 'Medium risk', low: 'Low risk' };

export const licenseKindLabels: Record<LicenseKind, string> = {
  own_work: 'Own work',
  stock_royalty_free: 'Stock (royalty-free)',
  rights_managed: 'Rights-managed',
  creative_commons: 'Creative Commons',
  public_domain: 'Public domain',
  free_license_site: 'Free-license site (Unsplash, Pexels, …)',
  press_kit: 'Press kit / editorial',
  written_permission: 'Written permission',
  settlement: 'Settlement license',
  embed_only: 'Embed only',
  other: 'Other',
};

export function kindLabel(kind: string): string {
  return (licenseKindLabels as Record<string, string>)[kind] ?? kind;
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** `YYYY-MM-DD` or an ISO timestamp, as a day. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : dayFormat.format(date);
}

export function formatTime(value: string | null | undefined): string {
  if (!value) return '—';
  return `${timeFormat.format(new Date(value))} UTC`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatMoney(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  return currency ? `${amount.toFixed(2)} ${currency}` : amount.toFixed(2);
}

export const count = new Intl.NumberFormat('en-GB');

/** The first value of a search parameter. */
export function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function all(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Providers the API's source detection names (apps/api source-detection.rules.ts). */
export const knownSources = [
  'unsplash', 'pexels', 'pixabay', 'istock', 'getty-images', 'shutterstock', 'adobe-stock', 'depositphotos', 'dreamstime',
  '123rf', 'alamy', 'freepik', 'canva', 'nasa', 'wikimedia-commons', 'news-agency', 'creative-commons', 'ai-generated',
  'ai-midjourney', 'ai-dall-e', 'ai-chatgpt', 'ai-firefly', 'ai-stable-diffusion',
];
