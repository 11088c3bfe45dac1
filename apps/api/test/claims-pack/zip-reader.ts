import { crc32, inflateRawSync } from 'node:zlib';

export type ZipEntry = { name: string; data: Buffer; compressed: boolean; utf8: boolean };

/**
 * A strict little ZIP reader for tests, independent of the writer: it walks the central directory
 * from the end record, then checks each local header against it, inflates the data and verifies the
 * CRC-32 and both sizes. Anything inconsistent throws. Handles what yazl writes (stored or deflated,
 * data descriptors, the UTF-8 flag); ZIP64 archives are refused rather than misread.
 */
export function readZip(zip: Buffer): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || zip.length - eocd < 22) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new Error('ZIP64 archives are not supported by this reader');
  if (cdOffset + cdSize !== eocd) throw new Error('central directory does not end where the end record starts');

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory header ${i}`);
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const nameBytes = zip.subarray(p + 46, p + 46 + nameLength);
    const utf8 = (flags & 0x800) !== 0;
    const name = nameBytes.toString(utf8 ? 'utf8' : 'latin1');
    p += 46 + nameLength + extraLength + commentLength;

    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const localNameLength = zip.readUInt16LE(localOffset + 26);
    const localExtraLength = zip.readUInt16LE(localOffset + 28);
    const localName = zip.subarray(localOffset + 30, localOffset + 30 + localNameLength);
    if (!localName.equals(nameBytes)) throw new Error(`local and central names differ for ${name}`);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const raw = zip.subarray(start, start + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`unsupported compression method ${method} for ${name}`);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    if (data.length !== size) throw new Error(`size mismatch for ${name}: ${data.length} != ${size}`);
    if (crc32(data) >>> 0 !== crc) throw new Error(`CRC mismatch for ${name}`);
    entries.push({ name, data, compressed: method === 8, utf8 });
  }
  if (p !== eocd) throw new Error('central directory size does not match its entries');
  return entries;
}
