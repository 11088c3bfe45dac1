/**
 * How much a piece of evidence says about the day that matters: a license-page snapshot taken years
 * after the download shows what the page said then, not what it said when the image was obtained;
 * and rights metadata in the file that names someone the license does not mention contradicts the
 * claimed source.
 */

export type Elapsed = { sign: -1 | 0 | 1; years: number; months: number; days: number };

/** Calendar distance from `from` to `to` (UTC days): years, then months, then days; `sign` says which comes first. */
export function elapsedBetween(from: Date, to: Date): Elapsed {
  const a = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  const b = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  if (a === b) return { sign: 0, years: 0, months: 0, days: 0 };
  const [start, end] = a < b ? [new Date(a), new Date(b)] : [new Date(b), new Date(a)];
  let months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + (end.getUTCMonth() - start.getUTCMonth());
  if (end.getUTCDate() < start.getUTCDate()) months -= 1;
  const anchor = addMonths(start, months);
  const days = Math.round((end.getTime() - anchor.getTime()) / 86_400_000);
  return { sign: a < b ? 1 : -1, years: Math.floor(months / 12), months: months % 12, days };
}

function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear() + Math.floor((date.getUTCMonth() + months) / 12);
  const m = (date.getUTCMonth() + months) % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(date.getUTCDate(), last)));
}

/** A snapshot taken this long after the image was obtained or first used is flagged as weak evidence of the terms at that time. */
export const lateSnapshotDays = 90;

export function isLate(e: Elapsed): boolean {
  return e.sign > 0 && (e.years > 0 || e.months * 30 + e.days > lateSnapshotDays);
}

// Words that name no one: roles, platform boilerplate, copyright phrasing and license names (EN and DE),
// so a notice such as "Creative Commons Attribution-ShareAlike" is not taken for a person.
const noise = new Set(
  'photo photos photograph photographer image images picture pictures by on via from at the and of for with copyright all rights reserved www com net org http https html jpg jpeg png free license licence licensed stock foto fotos fotograf fotografin bild bilder von und auf mit alle rechte vorbehalten lizenz creative commons attribution sharealike noncommercial noderivatives noderivs public domain cc0 namensnennung weitergabe gleichen bedingungen nicht kommerziell gemeinfrei'.split(
    ' ',
  ),
);

/** Significant words of a name or notice: letters and digits only, accents folded, years and initials dropped. */
export function nameTokens(text: string | null | undefined): string[] {
  if (!text) return [];
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/©|\(c\)/g, ' ')
    .split(/[^\p{L}\p{N}]+/u);
  return [...new Set(words.filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !noise.has(w)))];
}

/** Who the file's own metadata says made or owns the picture. */
export const authorshipFields = ['creator', 'copyrightOwner', 'copyrightNotice', 'credit', 'imageSupplier', 'licensorName'] as const;

export type ClaimedSource = { licensor: string | null; sourceUrl: string | null; attributionText: string | null; usageTerms: string | null };
export type MetadataConflict = { field: (typeof authorshipFields)[number]; value: string };

function sourceTokens(license: ClaimedSource): Set<string> {
  const tokens = [license.licensor, license.attributionText, license.usageTerms].flatMap(nameTokens);
  if (license.sourceUrl) {
    try {
      const u = new URL(license.sourceUrl);
      tokens.push(...nameTokens(u.hostname.replace(/^www\./, '')), ...nameTokens(decodeURIComponent(u.pathname)));
    } catch {
      tokens.push(...nameTokens(license.sourceUrl));
    }
  }
  return new Set(tokens);
}

/**
 * Metadata that names someone the licenses never mention: a file saying "© 2008 A. Webb" claimed as
 * a Pexels photo by someone else. A metadata value agrees when one of its significant words appears
 * in what some license says about its source (licensor, attribution, terms, source address); only
 * values with significant words are judged, and nothing is judged when no license says anything.
 */
export function metadataConflicts(rights: Record<string, string | null | undefined>, licenses: ClaimedSource[]): MetadataConflict[] {
  const claimed = licenses.map(sourceTokens).filter((t) => t.size > 0);
  if (claimed.length === 0) return [];
  const conflicts: MetadataConflict[] = [];
  for (const field of authorshipFields) {
    const value = rights[field];
    const words = nameTokens(value);
    if (!value || words.length === 0) continue;
    const agrees = claimed.some((tokens) => words.some((w) => tokens.has(w)));
    if (!agrees) conflicts.push({ field, value });
  }
  return conflicts;
}
