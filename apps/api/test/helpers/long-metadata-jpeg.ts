import { readFileSync } from 'node:fs';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';

/**
 * JPEGs carrying chosen EXIF, IPTC-IIM and XMP values, built from a real camera file with its own
 * APP1 (EXIF/XMP) and APP13 (IPTC) segments taken out, so that only the values given are read.
 */
function bareJpeg(): Buffer {
  const file = readFileSync(fixturePath('images', 'files', 'ianare_Canon_40D.jpg'));
  const kept: Buffer[] = [file.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= file.length && file[at] === 0xff && file[at + 1] !== 0xda) {
    const end = at + 2 + file.readUInt16BE(at + 2);
    const marker = file[at + 1]!;
    if (marker !== 0xe1 && marker !== 0xed) kept.push(file.subarray(at, end));
    at = end;
  }
  kept.push(file.subarray(at));
  return Buffer.concat(kept);
}

function segment(marker: number, payload: Buffer): Buffer {
  if (payload.length + 2 > 0xffff) throw new Error(`segment of ${payload.length} bytes does not fit`);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(marker, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

const escapeXml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');

/** The XMP value of each rights field, written the way Adobe and IPTC tools write it. */
export type XmpRights = Partial<
  Record<
    | 'creator' | 'copyrightNotice' | 'credit' | 'source' | 'webStatement' | 'usageTerms' | 'licensorName' | 'licensorUrl' | 'licensorEmail'
    | 'copyrightOwner' | 'imageSupplier' | 'imageSupplierImageId' | 'plusLicenseId' | 'digitalSourceType' | 'cameraMake' | 'cameraModel',
    string
  >
>;

export function xmpPacket(v: XmpRights): string {
  const el = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`);
  const alt = (name: string, value: string | undefined) =>
    value === undefined ? '' : `<${name}><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt></${name}>`;
  const seq = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}><rdf:Seq><rdf:li>${escapeXml(value)}</rdf:li></rdf:Seq></${name}>`);
  const struct = (name: string, fields: [string, string | undefined][]) =>
    fields.every(([, value]) => value === undefined)
      ? ''
      : `<${name}><rdf:Seq><rdf:li rdf:parseType="Resource">${fields.map(([f, value]) => el(f, value)).join('')}</rdf:li></rdf:Seq></${name}>`;
  const body = [
    seq('dc:creator', v.creator),
    alt('dc:rights', v.copyrightNotice),
    el('photoshop:Credit', v.credit),
    el('photoshop:Source', v.source),
    el('xmpRights:WebStatement', v.webStatement),
    alt('xmpRights:UsageTerms', v.usageTerms),
    struct('plus:Licensor', [['plus:LicensorName', v.licensorName], ['plus:LicensorURL', v.licensorUrl], ['plus:LicensorEmail', v.licensorEmail]]),
    struct('plus:CopyrightOwner', [['plus:CopyrightOwnerName', v.copyrightOwner]]),
    struct('plus:ImageSupplier', [['plus:ImageSupplierName', v.imageSupplier]]),
    el('plus:ImageSupplierImageID', v.imageSupplierImageId),
    el('plus:LicenseID', v.plusLicenseId),
    el('Iptc4xmpExt:DigitalSourceType', v.digitalSourceType),
    el('tiff:Make', v.cameraMake),
    el('tiff:Model', v.cameraModel),
  ].join('');
  const ns = [
    'xmlns:dc="http://purl.org/dc/elements/1.1/"',
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"',
    'xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"',
    'xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"',
    'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"',
    'xmlns:tiff="http://ns.adobe.com/tiff/1.0/"',
  ].join(' ');
  return (
    `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
    `<rdf:Description rdf:about="" ${ns}>${body}</rdf:Description></rdf:RDF></x:xmpmeta>`
  );
}

const XMP_MAIN = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_EXTENDED = 'http://ns.adobe.com/xmp/extension/\0';

/** The main packet in one APP1; a packet too big for one (values of 64 KiB and more) as Extended XMP in chunks. */
function xmpSegments(main: XmpRights | undefined, extended: XmpRights | undefined): Buffer[] {
  const out: Buffer[] = [];
  if (main) out.push(segment(0xffe1, Buffer.concat([Buffer.from(XMP_MAIN, 'latin1'), Buffer.from(xmpPacket(main), 'utf8')])));
  if (extended) {
    const packet = Buffer.from(xmpPacket(extended), 'utf8');
    const guid = Buffer.from('0123456789ABCDEF0123456789ABCDEF', 'latin1');
    const chunk = 65_000;
    for (let offset = 0; offset < packet.length; offset += chunk) {
      const sizes = Buffer.alloc(8);
      sizes.writeUInt32BE(packet.length, 0);
      sizes.writeUInt32BE(offset, 4);
      out.push(segment(0xffe1, Buffer.concat([Buffer.from(XMP_EXTENDED, 'latin1'), guid, sizes, packet.subarray(offset, offset + chunk)])));
    }
  }
  return out;
}

/** IFD0 ASCII tags (Artist 0x013b, Copyright 0x8298, Make 0x010f, Model 0x0110) in an APP1 Exif segment. */
export type ExifText = Partial<Record<'artist' | 'copyright' | 'make' | 'model', string>>;
const exifTags: [keyof ExifText, number][] = [['make', 0x010f], ['model', 0x0110], ['artist', 0x013b], ['copyright', 0x8298]];

function exifSegment(v: ExifText): Buffer {
  const entries = exifTags.filter(([k]) => v[k] !== undefined);
  const ifdSize = 2 + entries.length * 12 + 4;
  const ifd = Buffer.alloc(ifdSize);
  ifd.writeUInt16BE(entries.length, 0);
  const data: Buffer[] = [];
  let dataAt = 8 + ifdSize;
  entries.forEach(([k, tag], i) => {
    const value = Buffer.concat([Buffer.from(v[k]!, 'latin1'), Buffer.from([0])]);
    const at = 2 + i * 12;
    ifd.writeUInt16BE(tag, at);
    ifd.writeUInt16BE(2, at + 2); // ASCII
    ifd.writeUInt32BE(value.length, at + 4);
    ifd.writeUInt32BE(dataAt, at + 8);
    data.push(value);
    dataAt += value.length;
  });
  const tiff = Buffer.concat([Buffer.from('MM\0*', 'latin1'), Buffer.from([0, 0, 0, 8]), ifd, ...data]);
  return segment(0xffe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
}

/** IIM datasets of record 2 (80 By-line, 110 Credit, 115 Source, 116 CopyrightNotice), UTF-8 declared, in an APP13 8BIM resource. */
export type IimText = Partial<Record<'byline' | 'credit' | 'source' | 'copyrightNotice', string>>;
const iimDatasets: [keyof IimText, number][] = [['byline', 80], ['credit', 110], ['source', 115], ['copyrightNotice', 116]];

function iptcSegment(v: IimText): Buffer {
  const dataset = (record: number, number: number, value: Buffer) => {
    const head = Buffer.from([0x1c, record, number, 0, 0]);
    head.writeUInt16BE(value.length, 3);
    return Buffer.concat([head, value]);
  };
  const iim = Buffer.concat([
    dataset(1, 90, Buffer.from([0x1b, 0x25, 0x47])),
    ...iimDatasets.filter(([k]) => v[k] !== undefined).map(([k, n]) => dataset(2, n, Buffer.from(v[k]!, 'utf8'))),
  ]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(iim.length);
  const resource = Buffer.concat([Buffer.from('8BIM', 'latin1'), Buffer.from([0x04, 0x04, 0, 0]), size, iim, Buffer.alloc(iim.length % 2)]);
  return segment(0xffed, Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource]));
}

export function jpegWithMetadata(m: { exif?: ExifText; iptc?: IimText; xmp?: XmpRights; extendedXmp?: XmpRights }): Buffer {
  const jpeg = bareJpeg();
  const segments = [...(m.exif ? [exifSegment(m.exif)] : []), ...xmpSegments(m.xmp, m.extendedXmp), ...(m.iptc ? [iptcSegment(m.iptc)] : [])];
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}
