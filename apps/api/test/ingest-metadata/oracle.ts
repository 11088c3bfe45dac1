import { existsSync, readFileSync } from 'node:fs';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';
import { AI_SOURCE_TYPES, DATE_FIELDS, FIELD_SOURCES, type MappedField, type Source } from '../../src/modules/ingest/metadata/field-mapping.ts';

/**
 * Expected values computed from exiftool's output (`exiftool -j -G1 -a -n`, ExifTool 12.57) with
 * the oracle keys of the shared mapping table. Only the table (which tag feeds which field, in
 * which order) is shared with the reader; turning exiftool's values into field values is
 * re-implemented here so that a bug in the reader's combining code cannot hide itself.
 */

export type Oracle = Record<string, unknown>;

/**
 * Two files store undeclared UTF-8 IIM; exiftool's default reading shows mojibake there, so
 * fixtures/images/INDEX.md provides a re-run with `-charset iptc=UTF8` (oracle_iptc_utf8/) for them.
 */
export function loadOracle(file: string): { oracle: Oracle; variant: 'default' | 'iptc_utf8' } {
  const utf8 = fixturePath('images', 'oracle_iptc_utf8', `${file}.json`);
  const variant = existsSync(utf8) ? 'iptc_utf8' : 'default';
  const path = variant === 'iptc_utf8' ? utf8 : fixturePath('images', 'oracle', `${file}.json`);
  const [oracle] = JSON.parse(readFileSync(path, 'utf8')) as [Oracle];
  return { oracle, variant };
}

/** exiftool names a lang-alt's x-default `Tag` and other languages `Tag-xx`. */
function rawValue(oracle: Oracle, key: string): unknown {
  if (oracle[key] !== undefined) return oracle[key];
  const localized = Object.keys(oracle).find((k) => k.startsWith(`${key}-`));
  return localized === undefined ? undefined : oracle[localized];
}

function items(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => String(v).trim()).filter((s) => s !== '');
}

/** exiftool prints every date as "YYYY:MM:DD[ HH:MM[:SS[.f]]][zone]". */
function isoFromExiftool(date: string, time?: string): string | null {
  const m = /^(\d{4}):(\d{2})(?::(\d{2}))?(?: (.*))?$/.exec(date);
  if (!m || m[1] === '0000' || m[2] === '00' || m[3] === '00') return null;
  const day = m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`;
  let clock = m[4];
  if (clock === undefined && time) clock = time; // IPTC:TimeCreated "HH:MM:SS[±HH:MM]"
  else if (clock !== undefined && time && !/(Z|[+-]\d{2}:\d{2})$/.test(clock)) clock += time; // ExifIFD:OffsetTimeOriginal
  return clock ? `${day}T${clock}` : day;
}

function expectText(oracle: Oracle, sources: readonly Source[]): string | null {
  const found = sources.map((s) => ({ s, items: items(rawValue(oracle, s.oracle)) })).filter((f) => f.items.length > 0);
  const [first, second] = found;
  if (!first) return null;
  const text = first.items.join('; ');
  const cut = first.s.maxBytes !== undefined && first.items.some((i) => Buffer.byteLength(i, 'utf8') >= first.s.maxBytes!);
  const longer = second?.items.join('; ');
  return cut && longer && longer.length > text.length && longer.startsWith(text) ? longer : text;
}

function dateFrom(oracle: Oracle, s: Source): string | null {
  const [date] = items(rawValue(oracle, s.oracle));
  const [time] = s.time ? items(oracle[s.time.oracle]) : [];
  return date ? isoFromExiftool(date, time) : null;
}

function expectDate(oracle: Oracle, sources: readonly Source[]): string | null {
  for (const s of sources) {
    const iso = dateFrom(oracle, s);
    if (iso) return iso;
  }
  return null;
}

/** What exiftool says one source holds, normalized like a field value. */
export function expectedFrom(oracle: Oracle, field: MappedField, source: Source): string | null {
  return DATE_FIELDS.has(field) ? dateFrom(oracle, source) : items(rawValue(oracle, source.oracle)).join('; ') || null;
}

export type Expected = Record<MappedField, string | null> & { aiGenerated: boolean };

export function expectedRights(oracle: Oracle): Expected {
  const fields = {} as Record<MappedField, string | null>;
  for (const field of Object.keys(FIELD_SOURCES) as MappedField[]) {
    fields[field] = DATE_FIELDS.has(field) ? expectDate(oracle, FIELD_SOURCES[field]) : expectText(oracle, FIELD_SOURCES[field]);
  }
  const code = fields.digitalSourceType?.split('/').pop() ?? '';
  return { ...fields, aiGenerated: AI_SOURCE_TYPES.has(code) };
}

/** The stored size exiftool reports for the container. */
export function expectedSize(oracle: Oracle): { width: number; height: number } | null {
  for (const group of ['File', 'PNG', 'RIFF', 'IFD0']) {
    const width = oracle[`${group}:ImageWidth`];
    const height = oracle[`${group}:ImageHeight`];
    if (typeof width === 'number' && typeof height === 'number') return { width, height };
  }
  return null;
}
