import { AI_SOURCE_TYPES, DATE_FIELDS, FIELD_SOURCES, type MappedField, type Source } from './field-mapping.ts';
import type { RightsMetadata } from './read-rights.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLangAlt = (v: unknown): v is { lang: unknown; value?: unknown } => isRecord(v) && 'lang' in v;

/** Values at a dotted path; arrays met before a step are mapped over. */
export function valuesAt(root: unknown, path: string): unknown[] {
  let nodes: unknown[] = [root];
  for (const key of path.split('.')) {
    nodes = nodes.flatMap((n): unknown[] => (Array.isArray(n) ? n : [n])).flatMap((n) => (isRecord(n) && n[key] != null ? [n[key]] : []));
  }
  return nodes;
}

/**
 * The text items of a value: an XMP lang-alt gives its x-default (else first) entry, lists are
 * flattened, each item is trimmed and empties dropped. NUL separates EXIF's photographer and
 * editor copyright, so it splits items too.
 */
export function textsOf(value: unknown): string[] {
  if (value == null) return [];
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isLangAlt)) return textsOf(value.find((v) => v.lang === 'x-default') ?? value[0]);
    return value.flatMap(textsOf);
  }
  if (isLangAlt(value)) return textsOf(value.value);
  // Text, numbers and flags read as text; other objects (a Date, a struct) carry none.
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') return [];
  return String(value)
    .split('\0')
    .map((s) => s.trim())
    .filter(Boolean);
}

const DATE_TIME = /^(\d{4})[:-](\d{2})[:-](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const IIM_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const TIME = /^(\d{2}):?(\d{2}):?(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const ZONE = /^(Z|[+-]\d{2}:?\d{2})$/;
const formatZone = (zone: string) => (zone === 'Z' ? zone : `${zone.slice(0, 3)}:${zone.slice(-2)}`);

/**
 * ISO 8601 from the shapes the three families use: EXIF "YYYY:MM:DD HH:MM:SS" (+ a separate
 * OffsetTime), XMP's own ISO form (year or year-month allowed), IIM "CCYYMMDD" + "HHMMSS±HHMM".
 * No zone is invented: EXIF times without an offset stay local. Zero dates mean "unknown".
 */
export function toIsoDate(date: string, time?: string): string | null {
  if (/^\d{4}(-\d{2})?$/.test(date)) return date.startsWith('0000') ? null : date;
  const m = DATE_TIME.exec(date) ?? IIM_DATE.exec(date);
  if (!m) return null;
  const [, year, month, day] = m;
  if (year === '0000' || month === '00' || day === '00') return null;
  let [hh, mm, ss, frac, zone] = [m[4], m[5], m[6], m[7], m[8]];
  const t = time ? TIME.exec(time) : null;
  if (!hh && t) [hh, mm, ss, frac, zone] = [t[1], t[2], t[3], t[4], t[5]];
  else if (hh && !zone && time && ZONE.test(time)) zone = time;
  const clock = hh ? `T${hh}:${mm}${ss ? `:${ss}` : ''}${frac ?? ''}${zone ? formatZone(zone) : ''}` : '';
  return `${year}-${month}-${day}${clock}`;
}

const textAt = (blocks: unknown, source: Source) => valuesAt(blocks, source.path).flatMap(textsOf);

/** A byte-limited IIM value that fills its limit may have been cut off. */
const mayBeTruncated = (items: string[], source: Source) => source.maxBytes !== undefined && items.some((s) => Buffer.byteLength(s) >= source.maxBytes!);

/** First non-empty source wins; if it may be truncated, the next value that extends it wins instead. */
function pickText(blocks: unknown, sources: readonly Source[]): string | null {
  for (const [i, source] of sources.entries()) {
    const items = textAt(blocks, source);
    if (items.length === 0) continue;
    const text = items.join('; ');
    if (!mayBeTruncated(items, source)) return text;
    const next = sources.slice(i + 1).map((s) => textAt(blocks, s).join('; ')).find(Boolean);
    return next && next.length > text.length && next.startsWith(text) ? next : text;
  }
  return null;
}

function dateAt(blocks: unknown, source: Source): string | null {
  const [date] = textAt(blocks, source);
  const [time] = source.time ? valuesAt(blocks, source.time.path).flatMap(textsOf) : [];
  return date ? toIsoDate(date, time) : null;
}

function pickDate(blocks: unknown, sources: readonly Source[]): string | null {
  for (const source of sources) {
    const iso = dateAt(blocks, source);
    if (iso) return iso;
  }
  return null;
}

/** What one source alone says for a field (for checking each family against a reference reader). */
export function valueFrom(blocks: unknown, field: MappedField, source: Source): string | null {
  return DATE_FIELDS.has(field) ? dateAt(blocks, source) : textAt(blocks, source).join('; ') || null;
}

export function isAiGenerated(digitalSourceType: string | null): boolean {
  return digitalSourceType !== null && AI_SOURCE_TYPES.has(digitalSourceType.replace(/\/+$/, '').split('/').pop() ?? '');
}

export function deriveRights(blocks: unknown): RightsMetadata {
  const fields = Object.fromEntries(
    (Object.keys(FIELD_SOURCES) as MappedField[]).map((field) => [field, DATE_FIELDS.has(field) ? pickDate(blocks, FIELD_SOURCES[field]) : pickText(blocks, FIELD_SOURCES[field])]),
  ) as Record<MappedField, string | null>;
  return { ...fields, aiGenerated: isAiGenerated(fields.digitalSourceType) };
}

export function emptyRights(): RightsMetadata {
  return deriveRights({});
}
