import exifr from 'exifr';

/**
 * The one place that touches exifr (7.1.3, unmaintained since 2021, so its internals are stable).
 * Besides a parse (its `Exifr` class, i.e. `exifr.parse` with the options below), we use its XMP
 * and IPTC segment parsers on blocks located in PNG/WebP/HEIF, and the parsers a run leaves behind
 * for the raw IPTC bytes (record 1 holds the CodedCharacterSet, which exifr never reads).
 * Every internal access is shape-checked.
 */

export type Blocks = Record<string, unknown>;

/**
 * exifr's default call returns neither IPTC nor XMP, and merged output drops colliding keys.
 * XMP (TIFF tag 700) comes back as the raw packet: xmp.ts re-runs exifr's XMP parser with fixes;
 * JPEG XMP is located by containers.ts instead (see there).
 * EXIF dates are not revived: exifr would turn "0000:00:00 00:00:00" into a real 1899 date.
 */
const exifrOptions = {
  tiff: true,
  exif: { reviveValues: false },
  ifd0: {}, // always on with tiff (its typings reject `true`)
  gps: true,
  ifd1: false, // thumbnail IFD: nothing we keep
  interop: false,
  iptc: true,
  xmp: { parse: false },
  icc: false,
  jfif: false,
  ihdr: false,
  makerNote: false,
  userComment: false,
  mergeOutput: false,
  multiSegment: true,
  silentErrors: true,
} as const;

export type ExifrRun = {
  blocks: Blocks;
  /** Segment errors exifr swallowed (silentErrors): the rest of the file was still read. */
  errors: string[];
  /** Raw IPTC-IIM bytes (JPEG APP13 resource, or TIFF tag 33723 rebuilt from its LONG values). */
  iptcBytes: Uint8Array | null;
};

type Internals = { parsers?: { iptc?: { chunk?: unknown }; tiff?: { iptc?: unknown; le?: unknown } } };
type Reader = Internals & { read(input: Buffer | string): Promise<void>; parse(): Promise<unknown> };
// The typings declare `Exifr` on the default export as an instance; it is the class.
const ExifrClass = exifr.Exifr as unknown as new (options: object) => Reader;

async function parseWith(input: Buffer | string, iptc: boolean, xmp: boolean): Promise<{ reader: Reader; output: Blocks }> {
  const reader = new ExifrClass({ ...exifrOptions, iptc, xmp: xmp ? exifrOptions.xmp : false });
  await reader.read(input);
  return { reader, output: ((await reader.parse()) ?? {}) as Blocks };
}

/** Runs exifr over a JPEG or TIFF buffer or path. Throws what exifr throws. */
export async function runExifr(input: Buffer | string, opts: { iptc: boolean; xmp: boolean }): Promise<ExifrRun> {
  const first = await parseWith(input, opts.iptc, opts.xmp);
  const { reader } = first;
  let { output } = first;
  const iptcBytes = iptcBytesOf(reader);
  // A LONG-typed TIFF IPTC tag makes exifr's IPTC parser throw inside the file parser, which loses
  // every block: read again without IPTC and parse the rebuilt bytes ourselves.
  if (opts.iptc && iptcBytes && !reader.parsers?.iptc) ({ output } = await parseWith(input, false, opts.xmp));
  const { errors: rawErrors, ...blocks } = output;
  const errors = Array.isArray(rawErrors) ? rawErrors.map((e) => (e instanceof Error ? e.message : String(e))) : [];
  return { blocks, errors, iptcBytes };
}

function iptcBytesOf(reader: Internals): Uint8Array | null {
  const chunk = reader.parsers?.iptc?.chunk;
  if (chunk && typeof (chunk as { toUint8?: unknown }).toUint8 === 'function') {
    return (chunk as { toUint8(): Uint8Array }).toUint8();
  }
  // TIFF writers (Photoshop among them) often type tag 33723 as LONG; exifr then holds numbers,
  // which its IPTC parser rejects. The file's bytes are those numbers in the file's byte order.
  const tiff = reader.parsers?.tiff;
  const value = tiff?.iptc;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Uint32Array || (Array.isArray(value) && value.every((n) => typeof n === 'number'))) {
    const words = Array.from(value as ArrayLike<number>);
    const bytes = Buffer.alloc(words.length * 4);
    words.forEach((word, i) => (tiff?.le === true ? bytes.writeUInt32LE(word >>> 0, i * 4) : bytes.writeUInt32BE(word >>> 0, i * 4)));
    return bytes;
  }
  return null;
}

type SegmentParser = { parse(input: unknown, options: Record<string, unknown>): unknown };

function segmentParser(type: 'xmp' | 'iptc'): SegmentParser {
  const parser = exifr.segmentParsers.get(type) as SegmentParser | undefined;
  if (!parser || typeof parser.parse !== 'function') throw new Error(`exifr has no ${type} parser`);
  return parser;
}

/** exifr's XMP parser on a packet string: namespaces keyed by the prefix the file used. */
export function parseXmpPacket(packet: string): Blocks {
  return (segmentParser('xmp').parse(packet, { parse: true }) ?? {}) as Blocks;
}

/** exifr's IPTC parser on raw IIM bytes: record 2 datasets, decoded as Latin-1, keys translated. */
export function parseIptcBytes(bytes: Uint8Array): Blocks {
  return (segmentParser('iptc').parse(bytes, {}) ?? {}) as Blocks;
}

/** A bare TIFF structure (PNG eXIf, WebP EXIF, HEIF Exif item) parsed as a TIFF file. */
export async function parseTiffBytes(bytes: Uint8Array): Promise<ExifrRun> {
  return runExifr(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { iptc: false, xmp: true });
}
