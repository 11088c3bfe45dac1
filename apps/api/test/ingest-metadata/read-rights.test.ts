import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redecodeIptc, declaresUtf8 } from '../../src/modules/ingest/metadata/iptc.ts';
import { deriveRights, toIsoDate } from '../../src/modules/ingest/metadata/normalize.ts';
import { readRights } from '../../src/modules/ingest/metadata/read-rights.ts';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';
import { loadOracle } from './oracle.ts';

const corpusFile = (name: string) => readFileSync(fixturePath('images', 'files', name));

/** A JPEG without XMP or IPTC of its own, to splice test segments into. */
const plainJpeg = () => corpusFile('ianare_Canon_40D.jpg');

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(marker, 0);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

const insertAfterSoi = (jpeg: Buffer, ...segments: Buffer[]) => Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);

const xmpSegment = (packet: Buffer | string) =>
  segment(0xffe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), typeof packet === 'string' ? Buffer.from(packet, 'utf8') : packet]));

const xmpPacket = (namespaces: string, body: string, attributes = '') =>
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
  `<rdf:Description rdf:about="" ${namespaces} ${attributes}>${body}</rdf:Description></rdf:RDF></x:xmpmeta>`;

/** IIM datasets → an APP13 Photoshop segment with one 8BIM 0x0404 resource. */
function iptcSegment(datasets: [record: number, dataset: number, value: Buffer][]): Buffer {
  const iim = Buffer.concat(
    datasets.map(([record, dataset, value]) => {
      const head = Buffer.from([0x1c, record, dataset, 0, 0]);
      head.writeUInt16BE(value.length, 3);
      return Buffer.concat([head, value]);
    }),
  );
  const size = Buffer.alloc(4);
  size.writeUInt32BE(iim.length);
  const resource = Buffer.concat([Buffer.from('8BIM', 'latin1'), Buffer.from([0x04, 0x04, 0, 0]), size, iim, Buffer.alloc(iim.length % 2)]);
  return segment(0xffed, Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource]));
}

const UTF8_DECLARED: [number, number, Buffer] = [1, 90, Buffer.from([0x1b, 0x25, 0x47])];

describe('AI-generated flag (Iptc4xmpExt:DigitalSourceType)', () => {
  it('is false on the IPTC 2021 reference image, whose source type is softwareImage', async () => {
    const { rights } = await readRights(corpusFile('IPTC-PhotometadataRef-Std2021.1.jpg'));
    expect(rights.digitalSourceType).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/softwareImage');
    expect(rights.aiGenerated).toBe(false);
  });

  const ns = 'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"';
  it.each([
    ['trainedAlgorithmicMedia', true],
    ['compositeSynthetic', true],
    ['algorithmicMedia', true],
    ['compositeWithTrainedAlgorithmicMedia', true],
    ['digitalCapture', false],
    ['compositeCapture', false],
  ])('%s → %s', async (code, ai) => {
    const uri = `http://cv.iptc.org/newscodes/digitalsourcetype/${code}`;
    const { rights, error } = await readRights(insertAfterSoi(plainJpeg(), xmpSegment(xmpPacket(ns, '', `Iptc4xmpExt:DigitalSourceType="${uri}"`))));
    expect(error).toBeNull();
    expect(rights.digitalSourceType).toBe(uri);
    expect(rights.aiGenerated).toBe(ai);
  });
});

describe('camera JPEGs', () => {
  const cameraJpegs = readdirSync(fixturePath('images', 'files')).filter((f) => {
    const { oracle } = loadOracle(f);
    return /\.jpe?g$/i.test(f) && !f.startsWith('malformed_') && oracle['IFD0:Make'] && oracle['ExifIFD:DateTimeOriginal'];
  });

  it('there are some', () => expect(cameraJpegs.length).toBeGreaterThan(20));

  it.each(cameraJpegs)('%s has capture date, make and model', async (file) => {
    const { rights } = await readRights(corpusFile(file));
    expect(rights.captureDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    expect(rights.cameraMake).toBeTruthy();
    expect(rights.cameraModel).toBeTruthy();
  });
});

describe('IPTC-IIM text encoding', () => {
  /** exifr's view of IIM bytes: each byte one Latin-1 character. */
  const asExifrSees = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

  it('decodes undeclared UTF-8 (WordPress test image: EN/RU/EL caption) as exiftool -charset iptc=UTF8 does', async () => {
    const { raw } = await readRights(corpusFile('wp_test-image-iptc.jpg'));
    const { oracle, variant } = loadOracle('wp_test-image-iptc.jpg');
    expect(variant).toBe('iptc_utf8');
    expect((raw.iptc as Record<string, unknown>).Caption).toBe(oracle['IPTC:Caption-Abstract']);
    expect(String(oracle['IPTC:Caption-Abstract'])).toContain('Это комментарий');
  });

  it('decodes undeclared UTF-8 in a rights field (Corbis copyright notice)', async () => {
    const { raw } = await readRights(corpusFile('mei_Issue80.jpg'));
    expect((raw.iptc as Record<string, unknown>).CopyrightNotice).toBe('© Corbis.  All Rights Reserved.');
  });

  it('honours CodedCharacterSet ESC % G', async () => {
    const jpeg = insertAfterSoi(plainJpeg(), iptcSegment([UTF8_DECLARED, [2, 80, Buffer.from('Bjørn Ærø', 'utf8')]]));
    expect((await readRights(jpeg)).rights.creator).toBe('Bjørn Ærø');
  });

  it('reads undeclared non-UTF-8 bytes as Windows-1252', async () => {
    const jpeg = insertAfterSoi(plainJpeg(), iptcSegment([[2, 116, Buffer.from([0xa9, 0x20, 0x93, 0x4a, 0x6f, 0x94])]]));
    expect((await readRights(jpeg)).rights.copyrightNotice).toBe('© “Jo”');
  });

  it('sniffs per block: one invalid UTF-8 value makes the whole record Windows-1252', () => {
    const block = { Byline: asExifrSees('Zoë'), Credit: 'caf\u00e9' /* byte E9: not UTF-8 */ };
    expect(redecodeIptc(block, false)).toEqual({ Byline: 'ZoÃ«', Credit: 'café' });
    expect(redecodeIptc({ Byline: asExifrSees('Zoë') }, false)).toEqual({ Byline: 'Zoë' });
    expect(redecodeIptc(block, true)).toEqual({ Byline: 'Zoë', Credit: 'café' });
  });

  it('finds 1:90 only in record 1', () => {
    const record = (r: number, d: number, v: number[]) => [0x1c, r, d, 0, v.length, ...v];
    expect(declaresUtf8(Uint8Array.from([...record(1, 0, [0, 4]), ...record(1, 90, [0x1b, 0x25, 0x47]), ...record(2, 0, [0, 4])]))).toBe(true);
    expect(declaresUtf8(Uint8Array.from([...record(2, 0, [0, 4]), ...record(1, 90, [0x1b, 0x25, 0x47])]))).toBe(false);
    expect(declaresUtf8(Uint8Array.from(record(1, 90, [0x1b, 0x28, 0x42])))).toBe(false);
  });
});

describe('XMP values are read as written', () => {
  const namespaces = [
    'xmlns:xapRights="http://ns.adobe.com/xap/1.0/rights/"', // the old Adobe prefix, same namespace as xmpRights
    'xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"',
    'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  ].join(' ');
  const body = [
    '<xapRights:WebStatement rdf:resource="https://example.com/terms?a=1&amp;b=2"/>',
    '<xapRights:UsageTerms><rdf:Alt><rdf:li xml:lang="de">Nur redaktionell</rdf:li><rdf:li xml:lang="x-default">Editorial only</rdf:li></rdf:Alt></xapRights:UsageTerms>',
    '<plus:ImageSupplierImageID>123456789012345678901</plus:ImageSupplierImageID>',
    '<dc:creator><rdf:Seq><rdf:li>Ann &amp; Bob</rdf:li><rdf:li>  </rdf:li><rdf:li>Zoë</rdf:li></rdf:Seq></dc:creator>',
    '<dc:rights><rdf:Alt><rdf:li xml:lang="fr">Droits</rdf:li></rdf:Alt></dc:rights>',
    '<plus:Licensor><rdf:Seq>',
    '<rdf:li rdf:parseType="Resource"><plus:LicensorName>L1</plus:LicensorName><plus:LicensorURL>https://l1.example</plus:LicensorURL></rdf:li>',
    '<rdf:li rdf:parseType="Resource"><plus:LicensorName>L2</plus:LicensorName><plus:LicensorEmail>TRUE</plus:LicensorEmail></rdf:li>',
    '</rdf:Seq></plus:Licensor>',
  ].join('');

  it('keeps numeric-looking ids, booleans-looking text, entities, resources, lang-alt and lists', async () => {
    const packet = xmpPacket(namespaces, body, 'plus:LicenseID="0012345" plus:LicenseStartDate="2024-02"');
    const { rights } = await readRights(insertAfterSoi(plainJpeg(), xmpSegment(packet)));
    expect(rights).toMatchObject({
      plusLicenseId: '0012345',
      plusLicenseStart: '2024-02',
      imageSupplierImageId: '123456789012345678901',
      webStatement: 'https://example.com/terms?a=1&b=2',
      usageTerms: 'Editorial only',
      creator: 'Ann & Bob; Zoë',
      copyrightNotice: 'Droits',
      licensorName: 'L1; L2',
      licensorUrl: 'https://l1.example',
      licensorEmail: 'TRUE',
    });
  });

  it('decodes UTF-16 packets', async () => {
    const packet = xmpPacket('xmlns:dc="http://purl.org/dc/elements/1.1/"', '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© Zoë</rdf:li></rdf:Alt></dc:rights>');
    const utf16be = Buffer.from(`\ufeff${packet}`, 'utf16le').swap16();
    expect((await readRights(insertAfterSoi(plainJpeg(), xmpSegment(utf16be)))).rights.copyrightNotice).toBe('© Zoë');
  });

  it('reads compressed PNG XMP as UTF-8 (bep_utf8-in-ztxt.png)', async () => {
    const { raw } = await readRights(corpusFile('bep_utf8-in-ztxt.png'));
    const { oracle } = loadOracle('bep_utf8-in-ztxt.png');
    const layers = (raw.xmp as { photoshop: { TextLayers: { LayerName: string }[] } }).photoshop.TextLayers;
    expect(layers.map((l) => l.LayerName)).toEqual(oracle['XMP-photoshop:TextLayerName']);
  });

  it('reassembles Extended XMP (exiftool_ExtendedXMP.jpg) like exiftool', async () => {
    const { raw } = await readRights(corpusFile('exiftool_ExtendedXMP.jpg'));
    const { oracle } = loadOracle('exiftool_ExtendedXMP.jpg');
    expect(raw.xmp).toMatchObject({ pdf: { Title: oracle['XMP-pdf:Title'], Author: oracle['XMP-pdf:Author'], Producer: oracle['XMP-pdf:Producer'] } });
  });
});

describe('precedence', () => {
  it('XMP over IIM over EXIF (bep out-of-sync demo: each family says which it is)', async () => {
    const { rights } = await readRights(corpusFile('bep_metadata_demo_exif_out_of_sync.jpg'));
    expect(rights.creator).toBe('Carl Seibert (XMP)');
    expect(rights.copyrightNotice).toMatch(/\(XMP\)$/);
  });

  it('prefers XMP over a 32-byte IIM Credit', async () => {
    const { rights, raw } = await readRights(corpusFile('mei_Issue600_1.jpg'));
    expect((raw.iptc as Record<string, unknown>).Credit).toBe('NASA, ESA, Michael Wong (Space T');
    expect(rights.credit).toMatch(/^NASA, ESA, Michael Wong \(Space Telescope Science Institute/);
  });

  it('lets a longer value extend an IIM value that fills its byte limit', () => {
    const cut = 'Staff Photographer of The Big Ne'; // 32 bytes
    expect(deriveRights({ iptc: { Byline: cut }, ifd0: { Artist: `${cut}wspaper` } }).creator).toBe(`${cut}wspaper`);
    expect(deriveRights({ iptc: { Byline: 'Jo' }, ifd0: { Artist: 'Jo Bloggs' } }).creator).toBe('Jo');
    expect(deriveRights({ iptc: { Byline: cut }, ifd0: { Artist: 'Someone Else' } }).creator).toBe(cut);
  });

  it('trims, treats empty as absent and falls through', () => {
    const rights = deriveRights({ xmp: { dc: { rights: { lang: 'x-default', value: '   ' } } }, iptc: { CopyrightNotice: '' }, ifd0: { Copyright: ' © Me ' } });
    expect(rights.copyrightNotice).toBe('© Me');
  });
});

describe('dates', () => {
  it.each([
    ['2021:10:20 21:01:01', '+00:00', '2021-10-20T21:01:01+00:00'],
    ['2021:10:20 21:01:01', undefined, '2021-10-20T21:01:01'],
    ['20211020', '210101+0100', '2021-10-20T21:01:01+01:00'],
    ['20211020', undefined, '2021-10-20'],
    ['2009-06-24T09:41:07.72+01:00', undefined, '2009-06-24T09:41:07.72+01:00'],
    ['2007-11-19T00:00-08:00', undefined, '2007-11-19T00:00-08:00'],
    ['2024', undefined, '2024'],
    ['0000:00:00 00:00:00', undefined, null],
    ['    :  :     :  :  ', undefined, null],
  ])('%s + %s → %s', (date, time, iso) => expect(toIsoDate(date, time)).toBe(iso));
});

describe('never throws', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['text', Buffer.from('hello, not an image')],
    ['a JPEG cut inside its EXIF', corpusFile('bep_sunrise.jpg').subarray(0, 300)],
    ['a PNG cut inside a chunk', corpusFile('bep_sunrise.png').subarray(0, 2000)],
    ['a WebP claiming a huge chunk', Buffer.concat([Buffer.from('RIFF\xff\xff\xff\xffWEBPEXIF\xff\xff\xff\x7f', 'latin1'), Buffer.alloc(16)])],
    ['an ftyp box and garbage', Buffer.concat([Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x10meta', 'latin1'), Buffer.alloc(64, 0xff)])],
  ])('%s', async (_name, bytes) => {
    const result = await readRights(bytes);
    expect(result.rights.creator).toBeNull();
    expect(result.error === null || typeof result.error === 'string').toBe(true);
  });

  it('reports a missing path as an error', async () => {
    const result = await readRights('/nonexistent/image.jpg');
    expect(result.error).toMatch(/ENOENT/);
  });

  it('reports an unknown format as an error; GIF has nothing to read and no error', async () => {
    expect((await readRights(Buffer.from('hello, not an image'))).error).toMatch(/not a supported image format/);
    expect((await readRights(Buffer.from('GIF89a\x01\0\x01\0\0\0\0;', 'latin1'))).error).toBeNull();
  });
});

describe('path input', () => {
  it.each(readdirSync(fixturePath('images', 'files')))('%s: same result as from a Buffer', async (file) => {
    const fromPath = await readRights(fixturePath('images', 'files', file));
    const fromBuffer = await readRights(corpusFile(file));
    expect(fromPath).toEqual(fromBuffer);
  });
});

describe('Buffer views', () => {
  // Small uploads arrive as views into Node's shared pool: byteOffset is not 0.
  it.each(['IPTC-PhotometadataRef-Std2021.1.jpg', 'bep_sunrise.png', 'bep_sunrise.webp', 'bep_sunrise.avif', 'exiftool_ExifTool.tif'])('%s at a byte offset', async (file) => {
    const bytes = corpusFile(file);
    const view = Buffer.concat([Buffer.alloc(13, 7), bytes]).subarray(13);
    expect(await readRights(view)).toEqual(await readRights(bytes));
  });
});
