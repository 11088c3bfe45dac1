import { toIsoDate } from './normalize.ts';

/**
 * Metadata blocks → values a PostgreSQL jsonb column accepts. jsonb rejects NUL (U+0000) and
 * unpaired surrogates, both of which junk tags carry (binary-typed IIM versions, XPAuthor written
 * as the wrong UCS-2). Bytes are dropped unless they are short printable ASCII (ExifVersion
 * "0231"), non-finite numbers become null, dates become ISO strings.
 */

const EXIF_DATE_TIME = /^\d{4}:\d{2}:\d{2} \d{2}:\d{2}(:\d{2})?$/;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** exifr builds Dates from EXIF's zone-less wall-clock time in local time: read them back the same way. */
function wallClock(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null;
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

const clean = (text: string) =>
  /[\0\ud800-\udfff]/.test(text) ? text.replace(/\0/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd') : text;

function cleanString(text: string): string {
  const cleaned = clean(text);
  return cleaned.length <= 19 && EXIF_DATE_TIME.test(cleaned) ? (toIsoDate(cleaned) ?? cleaned) : cleaned;
}

function printableBytes(bytes: ArrayBufferView): string | undefined {
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length === 0 || view.length > 64 || !view.every((b) => b >= 0x20 && b < 0x7f)) return undefined;
  return Buffer.from(view).toString('latin1');
}

export function toJsonSafe(value: unknown, depth = 0): unknown {
  if (depth > 24) return undefined;
  if (typeof value === 'string') return cleanString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return wallClock(value);
  if (ArrayBuffer.isView(value)) return printableBytes(value);
  if (Array.isArray(value)) return value.map((item) => toJsonSafe(item, depth + 1) ?? null);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => [clean(key), toJsonSafe(item, depth + 1)] as const);
    return Object.fromEntries(entries.filter(([, item]) => item !== undefined));
  }
  return undefined;
}
