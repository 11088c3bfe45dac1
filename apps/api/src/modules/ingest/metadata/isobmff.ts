import { emptyLocated, type Located } from './containers.ts';

/**
 * HEIF/HEIC/AVIF (ISO/IEC 23008-12): metadata are items of the `meta` box — an `Exif` item and a
 * `mime` item of type application/rdf+xml (XMP). exifr 7.1.3 reads only the Exif item and ignores
 * iloc's base_offset (AVIF encoders use it), so it misreads those files; this reads both items.
 * Also the primary item's `ispe` (stored size, before any `irot`).
 */

type Box = { type: string; start: number; end: number };

function boxes(file: Buffer, from: number, to: number): Box[] {
  const found: Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    let size = file.readUInt32BE(at);
    let header = 8;
    if (size === 1 && at + 16 <= to) {
      size = Number(file.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) break;
    found.push({ type: file.toString('latin1', at + 4, at + 8), start: at + header, end: at + size });
    at += size;
  }
  return found;
}

const uint = (file: Buffer, at: number, bytes: number): number => (bytes === 0 ? 0 : file.readUIntBE(at, bytes));

type Item = { type: string; contentType?: string };

function itemInfos(file: Buffer, iinf: Box): Map<number, Item> {
  const version = file[iinf.start] ?? 0;
  const first = iinf.start + 4 + (version === 0 ? 2 : 4);
  const items = new Map<number, Item>();
  for (const infe of boxes(file, first, iinf.end).filter((b) => b.type === 'infe')) {
    const v = file[infe.start] ?? 0;
    if (v < 2) continue;
    const idBytes = v === 2 ? 2 : 4;
    const id = uint(file, infe.start + 4, idBytes);
    const typeAt = infe.start + 4 + idBytes + 2;
    const type = file.toString('latin1', typeAt, typeAt + 4);
    let contentType: string | undefined;
    if (type === 'mime') {
      const nameEnd = file.indexOf(0, typeAt + 4);
      const ctEnd = nameEnd < 0 ? -1 : file.indexOf(0, nameEnd + 1);
      if (ctEnd > 0 && ctEnd <= infe.end) contentType = file.toString('latin1', nameEnd + 1, ctEnd);
    }
    items.set(id, { type, ...(contentType ? { contentType } : {}) });
  }
  return items;
}

/** Item id → its bytes (extents concatenated), for construction methods 0 (file) and 1 (idat). */
function itemData(file: Buffer, iloc: Box, idat: Box | undefined, wanted: Set<number>): Map<number, Buffer> {
  const version = file[iloc.start] ?? 0;
  let at = iloc.start + 4;
  const offsetSize = (file[at] ?? 0) >> 4;
  const lengthSize = (file[at] ?? 0) & 15;
  const baseSize = (file[at + 1] ?? 0) >> 4;
  const indexSize = version === 1 || version === 2 ? (file[at + 1] ?? 0) & 15 : 0;
  at += 2;
  const countBytes = version < 2 ? 2 : 4;
  let count = uint(file, at, countBytes);
  at += countBytes;
  const out = new Map<number, Buffer>();
  while (count-- > 0 && at < iloc.end) {
    const id = uint(file, at, version < 2 ? 2 : 4);
    at += version < 2 ? 2 : 4;
    const method = version === 1 || version === 2 ? uint(file, at, 2) & 15 : 0;
    at += (version === 1 || version === 2 ? 2 : 0) + 2; // construction_method, data_reference_index
    const base = uint(file, at, baseSize);
    at += baseSize;
    const extents = uint(file, at, 2);
    at += 2;
    const parts: Buffer[] = [];
    for (let e = 0; e < extents; e++) {
      at += indexSize;
      const offset = uint(file, at, offsetSize);
      const length = uint(file, at + offsetSize, lengthSize);
      at += offsetSize + lengthSize;
      const origin = method === 1 && idat ? idat.start : 0;
      const start = origin + base + offset;
      const stop = length === 0 ? (method === 1 && idat ? idat.end : file.length) : start + length;
      if (method <= 1 && stop <= file.length) parts.push(file.subarray(start, stop));
    }
    if (wanted.has(id)) out.set(id, Buffer.concat(parts));
  }
  return out;
}

function primarySize(file: Buffer, meta: Box[]): { width: number; height: number } | null {
  const pitm = meta.find((b) => b.type === 'pitm');
  const iprp = meta.find((b) => b.type === 'iprp');
  if (!pitm || !iprp) return null;
  const primary = uint(file, pitm.start + 4, (file[pitm.start] ?? 0) === 0 ? 2 : 4);
  const children = boxes(file, iprp.start, iprp.end);
  const ipco = children.find((b) => b.type === 'ipco');
  const properties = ipco ? boxes(file, ipco.start, ipco.end) : [];
  for (const ipma of children.filter((b) => b.type === 'ipma')) {
    const version = file[ipma.start] ?? 0;
    const wide = ((file[ipma.start + 3] ?? 0) & 1) === 1;
    let at = ipma.start + 4;
    let entries = file.readUInt32BE(at);
    at += 4;
    while (entries-- > 0 && at < ipma.end) {
      const id = uint(file, at, version < 1 ? 2 : 4);
      at += version < 1 ? 2 : 4;
      const associations = file[at++] ?? 0;
      for (let a = 0; a < associations; a++, at += wide ? 2 : 1) {
        const index = wide ? file.readUInt16BE(at) & 0x7fff : (file[at] ?? 0) & 0x7f;
        const property = properties[index - 1];
        if (id === primary && property?.type === 'ispe') {
          return { width: file.readUInt32BE(property.start + 4), height: file.readUInt32BE(property.start + 8) };
        }
      }
    }
  }
  return null;
}

export function locateHeif(file: Buffer): Located {
  const out = emptyLocated();
  const meta = boxes(file, 0, file.length).find((b) => b.type === 'meta');
  if (!meta) return out;
  const children = boxes(file, meta.start + 4, meta.end); // meta is a full box
  const find = (type: string) => children.find((b) => b.type === type);
  const iinf = find('iinf');
  const iloc = find('iloc');
  try {
    Object.assign(out, primarySize(file, children) ?? {});
  } catch (error) {
    out.warnings.push(`HEIF item properties: ${(error as Error).message}`);
  }
  if (!iinf || !iloc) return out;
  const infos = itemInfos(file, iinf);
  const wanted = new Set([...infos].filter(([, i]) => i.type === 'Exif' || i.contentType === 'application/rdf+xml').map(([id]) => id));
  for (const [id, data] of itemData(file, iloc, find('idat'), wanted)) {
    if (infos.get(id)?.type === 'Exif') {
      const tiffAt = 4 + (data.length >= 4 ? data.readUInt32BE(0) : 0); // exif_tiff_header_offset
      if (tiffAt < data.length) out.tiff.push(data.subarray(tiffAt));
    } else out.xmp.push(data.toString('utf8'));
  }
  return out;
}
