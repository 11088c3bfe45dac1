/**
 * Reads an image's rights metadata (EXIF, IPTC-IIM, XMP, PNG text) into one normalized record.
 *
 * Precedence when the families disagree (sources per field: field-mapping.ts):
 *
 * | fields                                        | order                            | why |
 * |-----------------------------------------------|----------------------------------|-----|
 * | creator, copyrightNotice                      | XMP > IIM > EXIF IFD0 > PNG text | XMP is Unicode, untruncated and multi-valued, and it is what current editors write first; IIM is byte-limited with an unreliable charset; EXIF Artist/Copyright are ASCII by spec and often camera-firmware boilerplate |
 * | credit, source                                | XMP > IIM                        | IIM Credit/Source stop at 32 bytes (see mei_Issue600_1: "…Michael Wong (Space T") |
 * | webStatement, usageTerms, PLUS, digital source| XMP only                         | no other family has them |
 * | captureDate, cameraMake, cameraModel          | EXIF > XMP > IIM                 | camera facts: the device wrote EXIF at capture; XMP/IIM hold later copies |
 *
 * Truncation: when the winner is an IIM value that fills its dataset's byte limit (By-line, Credit,
 * Source 32; CopyrightNotice 128) and the next family's value starts with it and is longer, the
 * longer one wins. With XMP first this matters only when XMP is absent.
 *
 * This is deliberately not the MWG 2.0 reading rule, which prefers EXIF for Creator/Copyright and
 * lets IIM beat XMP when the IPTCDigest is stale: for a license tracker the human-edited,
 * complete value matters more than the camera's boilerplate (exiftool_MWG.jpg shows the difference).
 *
 * Values are trimmed, empty means absent (the next family is tried), lists join with "; ",
 * lang-alt takes x-default (else the first language).
 */
import { open, readFile } from 'node:fs/promises';
import { decodePacket, locateJpeg, locatePng, locateWebp, type Located } from './containers.ts';
import { parseIptcBytes, parseTiffBytes, runExifr, type Blocks, type ExifrRun } from './exifr-api.ts';
import { declaresUtf8, redecodeIptc } from './iptc.ts';
import { locateHeif } from './isobmff.ts';
import { toJsonSafe } from './json-safe.ts';
import { deriveRights, emptyRights } from './normalize.ts';
import { readXmp } from './xmp.ts';

export type RightsMetadata = {
  creator: string | null;
  credit: string | null;
  copyrightNotice: string | null;
  source: string | null;
  webStatement: string | null;
  usageTerms: string | null;
  licensorName: string | null;
  licensorUrl: string | null;
  licensorEmail: string | null;
  copyrightOwner: string | null;
  imageSupplier: string | null;
  imageSupplierImageId: string | null;
  plusLicenseId: string | null;
  plusLicenseStart: string | null;
  plusLicenseEnd: string | null;
  digitalSourceType: string | null;
  /** true when digitalSourceType says the image is AI-generated (trainedAlgorithmicMedia, compositeSynthetic, algorithmicMedia, compositeWithTrainedAlgorithmicMedia) */
  aiGenerated: boolean;
  /** ISO 8601; no zone when the file gives none */
  captureDate: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
};

export type ReadResult = {
  rights: RightsMetadata;
  /** The metadata blocks as JSON-safe values: ifd0, exif, gps, iptc, xmp (by namespace), png (text); `warnings` lists blocks that could not be read. */
  raw: Record<string, unknown>;
  /** Set when the file's metadata could not be read at all (rights are all null then). Never thrown. */
  error: string | null;
  /** Stored size (before EXIF orientation), when the container says it. */
  width?: number;
  height?: number;
};

type Format = 'jpeg' | 'tiff' | 'png' | 'webp' | 'heif' | 'gif' | 'bmp' | 'unknown';

function sniff(head: Buffer): Format {
  const ascii = (from: number, to: number) => head.toString('latin1', from, to);
  if (head[0] === 0xff && head[1] === 0xd8) return 'jpeg';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'tiff';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(4, 8) === 'ftyp') return 'heif';
  if (ascii(0, 4) === 'GIF8') return 'gif';
  if (ascii(0, 2) === 'BM') return 'bmp';
  return 'unknown';
}

/** Enough of nearly every JPEG to reach its scan data, which follows all metadata; if not, the whole file is read. */
const HEAD_BYTES = 128 * 1024;

/** `complete` is false when only the head of a file at `path` was read. */
type Loaded = { format: Format; bytes: Buffer; complete: boolean; path?: string };

/** From a path, JPEG and TIFF start from the head (see gatherExifr); other containers may put metadata anywhere. */
async function load(input: Buffer | string): Promise<Loaded> {
  if (typeof input !== 'string') return { format: sniff(input), bytes: input, complete: true };
  const handle = await open(input, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    const format = sniff(head);
    if (head.length === size || format === 'jpeg' || format === 'tiff') return { format, bytes: head, complete: head.length === size, path: input };
    return { format, bytes: await readFile(input), complete: true, path: input };
  } finally {
    await handle.close();
  }
}

type Gathered = { blocks: Blocks; xmp: string[]; iim: Uint8Array | null; warnings: string[]; width?: number; height?: number };

async function gatherExifr(file: Loaded): Promise<Gathered> {
  const isJpeg = file.format === 'jpeg';
  let { bytes } = file;
  let jpeg = isJpeg ? locateJpeg(bytes) : null;
  if (jpeg && !jpeg.complete && !file.complete && file.path) {
    bytes = await readFile(file.path);
    jpeg = locateJpeg(bytes);
  }
  // A JPEG's metadata all precede its scan data, which the head held: exifr gets those bytes, not
  // the path (its chunked path reader gives up on malformed files that it reads fine from memory).
  // TIFF IFDs may sit anywhere, so exifr reads a TIFF path itself.
  const run = await runExifr(isJpeg ? bytes : (file.path ?? bytes), { iptc: true, xmp: !isJpeg }).catch((error: Error): ExifrRun => ({
    blocks: {},
    errors: [error.message], // a JPEG's XMP may still be readable
    iptcBytes: null,
  }));
  const { xmp, iptc, ...blocks } = run.blocks;
  if (iptc && typeof iptc === 'object') blocks.iptc = iptc;
  else if (run.iptcBytes) blocks.iptc = parseIptcBytes(run.iptcBytes);
  const ifd0 = (blocks.ifd0 ?? {}) as Blocks;
  const size = jpeg ?? (typeof ifd0.ImageWidth === 'number' && typeof ifd0.ImageHeight === 'number' ? { width: ifd0.ImageWidth, height: ifd0.ImageHeight } : {});
  const packets = jpeg ? jpeg.xmp : typeof xmp === 'string' ? [xmp] : xmp instanceof Uint8Array ? [decodePacket(Buffer.from(xmp))] : [];
  return { blocks, xmp: packets, iim: run.iptcBytes, warnings: [...(jpeg?.warnings ?? []), ...run.errors], ...(size.width !== undefined ? { width: size.width, height: size.height } : {}) };
}

async function gatherLocated(located: Located): Promise<Gathered> {
  const blocks: Blocks = {};
  const warnings = [...located.warnings];
  for (const tiff of located.tiff) {
    try {
      const run = await parseTiffBytes(tiff);
      for (const [name, block] of Object.entries(run.blocks)) blocks[name] ??= block;
      warnings.push(...run.errors);
    } catch (error) {
      warnings.push(`EXIF: ${(error as Error).message}`);
    }
  }
  const iim = located.iim[0] ?? null;
  if (iim) blocks.iptc = parseIptcBytes(iim);
  if (Object.keys(located.text).length > 0) blocks.png = located.text;
  return { blocks, xmp: located.xmp, iim, warnings, ...(located.width !== undefined ? { width: located.width, height: located.height } : {}) };
}

async function gather(file: Loaded): Promise<Gathered | null> {
  switch (file.format) {
    case 'jpeg':
    case 'tiff':
      return gatherExifr(file);
    case 'png':
      return gatherLocated(locatePng(file.bytes));
    case 'webp':
      return gatherLocated(locateWebp(file.bytes));
    case 'heif':
      return gatherLocated(locateHeif(file.bytes));
    case 'gif': // no EXIF/IPTC container; nothing to read, nothing wrong
    case 'bmp':
      return { blocks: {}, xmp: [], iim: null, warnings: [] };
    default:
      return null;
  }
}

const failure = (error: string, size?: { width?: number; height?: number }): ReadResult => ({ rights: emptyRights(), raw: {}, error, ...size });

export async function readRights(input: Buffer | string): Promise<ReadResult> {
  try {
    const file = await load(input);
    const found = await gather(file);
    if (!found) return failure('not a supported image format (JPEG, PNG, WebP, TIFF, HEIF/AVIF)');
    const { blocks, warnings } = found;
    const size = found.width !== undefined && found.height !== undefined ? { width: found.width, height: found.height } : {};
    const packets = found.xmp.filter((p) => p.trim() !== '');
    if (packets.length > 0) {
      try {
        blocks.xmp = readXmp(packets.join('\n'));
      } catch (error) {
        warnings.push(`XMP: ${(error as Error).message}`);
      }
    }
    if (blocks.iptc && typeof blocks.iptc === 'object') blocks.iptc = redecodeIptc(blocks.iptc as Blocks, found.iim ? declaresUtf8(found.iim) : false);
    if (Object.keys(blocks).length === 0 && warnings.length > 0) return failure(warnings.join('; '), size);
    const raw = toJsonSafe(blocks) as Record<string, unknown>;
    if (warnings.length > 0) raw.warnings = warnings;
    return { rights: deriveRights(blocks), raw, error: null, ...size };
  } catch (error) {
    return failure(error instanceof Error ? error.message : String(error));
  }
}
