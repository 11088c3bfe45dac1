import { inflateSync } from 'node:zlib';
import { iimFromPhotoshopResources } from './iptc.ts';

/**
 * Locates metadata blocks that exifr's file readers miss; exifr then parses them.
 * - PNG: exifr stops at the first IDAT (eXIf and iTXt often follow it) and skips compressed text.
 * - WebP: exifr 7.1.3 has no WebP reader at all.
 * - JPEG XMP: exifr decodes every packet as UTF-8 (UTF-16 packets exist: exiftool's samples) and
 *   joins Extended XMP chunks in the wrong order; with multiSegment on it also reads a whole file
 *   from a path. So JPEG XMP is located here and exifr reads EXIF and IPTC.
 * HEIF/AVIF is in isobmff.ts.
 */
export type Located = {
  tiff: Uint8Array[];
  xmp: string[];
  iim: Uint8Array[];
  /** PNG tEXt/zTXt/iTXt keywords other than the metadata profiles (Author, Copyright, …). */
  text: Record<string, string>;
  width?: number;
  height?: number;
  warnings: string[];
};

// Keywords come from the file: a prototype-less record keeps "__proto__" or "constructor" ordinary keys.
export const emptyLocated = (): Located => ({ tiff: [], xmp: [], iim: [], text: Object.create(null) as Record<string, string>, warnings: [] });

/** Bounds decompression: a small zTXt must not inflate to gigabytes. */
const MAX_INFLATED = 16 * 1024 * 1024;
const EXIF_PREFIX = Buffer.from('Exif\0\0', 'latin1');

/** XMP packets are UTF-8 except where a writer chose UTF-16 (allowed by the XMP spec, part 1). */
export function decodePacket(bytes: Buffer): string {
  const [a, b] = [bytes[0], bytes[1]];
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (a === 0 && b !== 0) return new TextDecoder('utf-16be').decode(bytes);
  if (a !== 0 && b === 0) return new TextDecoder('utf-16le').decode(bytes);
  return bytes.toString('utf8');
}

const stripExifPrefix = (b: Buffer): Buffer => (b.subarray(0, 6).equals(EXIF_PREFIX) ? b.subarray(6) : b);

function inflate(data: Buffer): Buffer {
  return inflateSync(data, { maxOutputLength: MAX_INFLATED });
}

/** ImageMagick's "Raw profile type X" text: "\nX\n   <length>\n<hex lines>". */
function addRawProfile(out: Located, type: string, text: string): void {
  const hex = text.trim().split('\n').slice(2).join('').replace(/\s+/g, '');
  const bytes = Buffer.from(hex, 'hex');
  if (type === 'exif' || type === 'app1') out.tiff.push(stripExifPrefix(bytes));
  else if (type === 'xmp') out.xmp.push(decodePacket(bytes));
  else if (type === '8bim' || (type === 'iptc' && bytes.toString('latin1', 0, 4) === '8BIM')) {
    const iim = iimFromPhotoshopResources(bytes);
    if (iim) out.iim.push(iim);
  } else if (type === 'iptc') out.iim.push(bytes);
}

/** PNG text is Latin-1 (tEXt, zTXt) or UTF-8 (iTXt), but an XMP packet is UTF-8 in any chunk. */
function addText(out: Located, keyword: string, text: Buffer, utf8: boolean): void {
  const profile = /^Raw profile type (\w+)$/i.exec(keyword);
  if (keyword === 'XML:com.adobe.xmp') out.xmp.push(decodePacket(text));
  else if (profile?.[1]) addRawProfile(out, profile[1].toLowerCase(), text.toString('latin1'));
  else if (!Object.hasOwn(out.text, keyword)) out.text[keyword] = text.toString(utf8 ? 'utf8' : 'latin1');
}

function textChunk(out: Located, type: string, data: Buffer): void {
  const nul = data.indexOf(0);
  if (nul < 0) return;
  const keyword = data.toString('latin1', 0, nul);
  if (type === 'tEXt') return addText(out, keyword, data.subarray(nul + 1), false);
  if (type === 'zTXt') return addText(out, keyword, inflate(data.subarray(nul + 2)), false);
  // iTXt: keyword\0 flag method language\0 translated-keyword\0 UTF-8 text
  const compressed = data[nul + 1] === 1;
  const langEnd = data.indexOf(0, nul + 3);
  const transEnd = langEnd < 0 ? -1 : data.indexOf(0, langEnd + 1);
  if (transEnd < 0) return;
  const body = data.subarray(transEnd + 1);
  addText(out, keyword, compressed ? inflate(body) : body, true);
}

export function locatePng(file: Buffer): Located {
  const out = emptyLocated();
  let at = 8;
  while (at + 12 <= file.length) {
    const length = file.readUInt32BE(at);
    const type = file.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > file.length) {
      out.warnings.push(`PNG chunk ${type} runs past the end of the file`);
      break;
    }
    const data = file.subarray(at + 8, at + 8 + length);
    try {
      if (type === 'IHDR' && length >= 8) [out.width, out.height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      else if (type === 'eXIf') out.tiff.push(stripExifPrefix(data));
      else if (type === 'tEXt' || type === 'zTXt' || type === 'iTXt') textChunk(out, type, data);
      else if (type === 'IEND') break;
    } catch (error) {
      out.warnings.push(`PNG ${type}: ${(error as Error).message}`);
    }
    at += 12 + length;
  }
  return out;
}

export function locateWebp(file: Buffer): Located {
  const out = emptyLocated();
  const end = Math.min(file.length, 8 + file.readUInt32LE(4));
  let at = 12;
  while (at + 8 <= end) {
    const type = file.toString('latin1', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    const data = file.subarray(at + 8, Math.min(end, at + 8 + size));
    if (type === 'VP8X' && data.length >= 10) [out.width, out.height] = [data.readUIntLE(4, 3) + 1, data.readUIntLE(7, 3) + 1];
    else if (type === 'VP8 ' && data.length >= 10 && out.width === undefined) [out.width, out.height] = [data.readUInt16LE(6) & 0x3fff, data.readUInt16LE(8) & 0x3fff];
    else if (type === 'VP8L' && data.length >= 5 && out.width === undefined) {
      const bits = data.readUInt32LE(1);
      [out.width, out.height] = [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
    } else if (type === 'EXIF') out.tiff.push(stripExifPrefix(data));
    else if (type === 'XMP ') out.xmp.push(decodePacket(data));
    at += 8 + size + (size & 1);
  }
  return out;
}

const XMP_MAIN = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_EXTENDED = 'http://ns.adobe.com/xmp/extension/\0';

/**
 * JPEG: XMP packets (Extended XMP reassembled by its offsets) and the size from the first SOFn
 * frame header (EXIF's size tags are often stale). `complete` is false when the bytes ended before
 * the scan data, i.e. only the head of the file was given.
 */
export function locateJpeg(file: Buffer): Located & { complete: boolean } {
  const out = emptyLocated();
  const extended = new Map<string, { offset: number; data: Buffer }[]>();
  let at = 2;
  let complete = false;
  while (at + 4 <= file.length) {
    if (file[at] !== 0xff) {
      at += 1; // stray bytes between segments: resynchronise like other readers do
      continue;
    }
    const marker = file[at + 1] ?? 0;
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += marker === 0xff ? 1 : 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) {
      complete = true;
      break;
    }
    const end = at + 2 + file.readUInt16BE(at + 2);
    if (end > file.length) break;
    const data = file.subarray(at + 4, end);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame && out.width === undefined && data.length >= 5) [out.height, out.width] = [data.readUInt16BE(1), data.readUInt16BE(3)];
    const signature = marker === 0xe1 ? data.toString('latin1', 0, XMP_EXTENDED.length) : '';
    if (signature.startsWith(XMP_MAIN)) out.xmp.push(decodePacket(data.subarray(XMP_MAIN.length)));
    else if (signature === XMP_EXTENDED && data.length >= XMP_EXTENDED.length + 40) {
      const guid = data.toString('latin1', XMP_EXTENDED.length, XMP_EXTENDED.length + 32);
      const chunks = extended.get(guid) ?? [];
      chunks.push({ offset: data.readUInt32BE(XMP_EXTENDED.length + 36), data: data.subarray(XMP_EXTENDED.length + 40) });
      extended.set(guid, chunks);
    }
    at = end;
  }
  for (const chunks of extended.values()) {
    out.xmp.push(Buffer.concat(chunks.sort((x, y) => x.offset - y.offset).map((c) => c.data)).toString('utf8'));
  }
  return { ...out, complete };
}
