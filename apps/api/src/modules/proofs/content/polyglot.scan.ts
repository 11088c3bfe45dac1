/**
 * Looks for a second format inside an image or PDF: an archive appended after the image (a ZIP reader finds
 * it from the end, so "photo.jpg" opens as a ZIP), or markup/PHP that a sniffing browser or a misconfigured
 * server would run. Signatures are checked for plausible fields, because 4 random bytes do occur in
 * compressed image data often enough to reject real photos.
 */
export function findHiddenFormat(bytes: Buffer, mimeType: string): string | null {
  if (hasZipLocalHeader(bytes) || hasZipEndRecord(bytes)) return 'a ZIP archive';
  if (bytes.includes(rarSignature, 1)) return 'a RAR archive';
  if (bytes.includes(sevenZipSignature, 1)) return 'a 7-Zip archive';
  const text = bytes.toString('latin1');
  // PHP executes a tag wherever it sits (the classic web shell in an EXIF comment), so search everything.
  if (/<\?php/i.test(text)) return 'PHP code (<?php)';
  // Browsers sniff only the start of a response; a PDF's first KB is its header, while an image's metadata
  // segments (EXIF, XMP, comments) take up to its first 64 KB. XMP's <x:xmpmeta>/<?xpacket> are not markup we fear.
  const window = text.slice(0, mimeType === 'application/pdf' ? 1024 : 64 * 1024);
  const markup = /<script[\s>/]|<html[\s>]|<!doctype\s+html|<iframe[\s>/]/i.exec(window);
  if (markup) return `HTML markup (${markup[0].trim()}…) near its start`;
  return null;
}

const zipLocalHeader = Buffer.from('PK\x03\x04', 'latin1');
const zipEndRecord = Buffer.from('PK\x05\x06', 'latin1');
const rarSignature = Buffer.from('Rar!\x1a\x07', 'latin1');
const sevenZipSignature = Buffer.from('7z\xbc\xaf\x27\x1c', 'latin1');
// APPNOTE.TXT 4.4.5: stored, shrunk, imploded, deflated, deflate64, PKWARE implode, bzip2, LZMA, zstd, MP3, xz, JPEG, WavPack, PPMd, AES
const zipMethods = new Set([0, 1, 6, 8, 9, 10, 12, 14, 93, 94, 95, 96, 97, 98, 99]);

/** APPNOTE.TXT 4.3.7: version needed (≤ 6.3), a known method, a name that fits in the file. */
function hasZipLocalHeader(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(zipLocalHeader, 1); at !== -1; at = bytes.indexOf(zipLocalHeader, at + 1)) {
    if (at + 30 > bytes.length) return false;
    const version = bytes.readUInt8(at + 4); // the high byte may carry the host system
    const method = bytes.readUInt16LE(at + 8);
    const nameLength = bytes.readUInt16LE(at + 26);
    if (version <= 63 && zipMethods.has(method) && at + 30 + nameLength <= bytes.length) return true;
  }
  return false;
}

/** APPNOTE.TXT 4.3.16: readers look for the end record in the last 64 KiB + 22 bytes; its disk counts must agree. */
function hasZipEndRecord(bytes: Buffer): boolean {
  const from = Math.max(1, bytes.length - (0xffff + 22));
  for (let at = bytes.indexOf(zipEndRecord, from); at !== -1; at = bytes.indexOf(zipEndRecord, at + 1)) {
    if (at + 22 > bytes.length) return false;
    const sameDisk = bytes.readUInt16LE(at + 4) === bytes.readUInt16LE(at + 6);
    const sameCount = bytes.readUInt16LE(at + 8) === bytes.readUInt16LE(at + 10);
    if (sameDisk && sameCount && at + 22 + bytes.readUInt16LE(at + 20) <= bytes.length) return true;
  }
  return false;
}
