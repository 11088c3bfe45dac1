import type { Blocks } from './exifr-api.ts';

/**
 * IPTC-IIM text encoding. exifr decodes every dataset as Latin-1 and never reads record 1, where
 * dataset 1:90 (CodedCharacterSet) declares UTF-8 as ESC % G (IIM 4.2, 1:90). Latin-1 decoding
 * is lossless, so we re-encode each string to its bytes and decode it properly:
 * - declared UTF-8 → UTF-8;
 * - undeclared: UTF-8 when every value is valid UTF-8 and at least one has a multi-byte sequence
 *   (undeclared UTF-8 is common: WordPress's test image, Corbis), else Windows-1252, which is what
 *   Windows tools wrote and what exiftool assumes ("Latin").
 * A Latin-1 text that happens to form valid UTF-8 (e.g. "Ã©") would be misread: rare, accepted.
 */

const ESC_PERCENT_G = [0x1b, 0x25, 0x47];
const utf8 = new TextDecoder('utf-8', { fatal: true });
// Node's TextDecoder('windows-1252') decodes as ISO-8859-1 (nodejs/node#56542), so 0x80–0x9F by hand.
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';
const cp1252 = { decode: (bytes: Uint8Array) => Array.from(bytes, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b))).join('') };

/** Scans record 1 (it precedes record 2) for 1:90. */
export function declaresUtf8(iim: Uint8Array): boolean {
  let i = iim.indexOf(0x1c);
  while (i >= 0 && i + 5 <= iim.length && iim[i] === 0x1c) {
    const record = iim[i + 1];
    const size = ((iim[i + 3] ?? 0) << 8) | (iim[i + 4] ?? 0);
    if (record !== 1 || size & 0x8000) return false;
    if (iim[i + 2] === 90) return size === 3 && ESC_PERCENT_G.every((byte, k) => iim[i + 5 + k] === byte);
    i += 5 + size;
  }
  return false;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Re-decodes exifr's Latin-1 IPTC strings (see above). */
export function redecodeIptc(block: Blocks, declaredUtf8: boolean): Blocks {
  const nonAscii = Object.values(block)
    .flatMap(strings)
    .map((s) => Buffer.from(s, 'latin1'))
    .filter((bytes) => bytes.some((b) => b >= 0x80));
  const asUtf8 = declaredUtf8 || (nonAscii.length > 0 && nonAscii.every(isUtf8));
  const decode = (s: string): string => {
    const bytes = Buffer.from(s, 'latin1');
    if (!bytes.some((b) => b >= 0x80)) return s;
    return asUtf8 && isUtf8(bytes) ? utf8.decode(bytes) : cp1252.decode(bytes);
  };
  return Object.fromEntries(Object.entries(block).map(([key, value]) => [key, Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? decode(v) : v)) : typeof value === 'string' ? decode(value) : value]));
}

/** The IIM stream inside a Photoshop image-resource block (resource 0x0404), or null. */
export function iimFromPhotoshopResources(irb: Uint8Array): Uint8Array | null {
  const view = Buffer.from(irb.buffer, irb.byteOffset, irb.byteLength);
  let i = 0;
  while (i + 12 <= view.length && view.toString('latin1', i, i + 4) === '8BIM') {
    const id = view.readUInt16BE(i + 4);
    const nameLength = view[i + 6] ?? 0;
    const sizeAt = i + 6 + ((nameLength + 2) & ~1); // Pascal string padded to even length
    if (sizeAt + 4 > view.length) return null;
    const size = view.readUInt32BE(sizeAt);
    if (id === 0x0404) return view.subarray(sizeAt + 4, Math.min(view.length, sizeAt + 4 + size));
    i = sizeAt + 4 + size + (size & 1);
  }
  return null;
}
