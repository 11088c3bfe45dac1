/**
 * Timing of readRights (not a test): `npx tsx apps/api/test/ingest-metadata/bench.ts` from the repo root.
 * Prints the median per call from a Buffer and from a path for the corpus JPEGs and one large
 * camera-sized JPEG made here, next to a bare exifr.parse with the same blocks enabled.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { readRights } from '../../src/modules/ingest/metadata/read-rights.ts';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';

async function median(run: () => Promise<unknown>, rounds: number): Promise<number> {
  for (let i = 0; i < 20; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;
}

const bareExifr = (input: Buffer | string) =>
  exifr.parse(input, { tiff: true, exif: true, iptc: true, xmp: true, icc: false, jfif: false, mergeOutput: false, multiSegment: true });

async function largeJpeg(): Promise<Buffer> {
  const rights = readFileSync(fixturePath('images', 'files', 'IPTC-PhotometadataRef-Std2021.1.jpg'));
  const { xmp } = await sharp(rights).metadata();
  return sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Artist: 'Bench', Copyright: '© Bench', Make: 'Bench', Model: 'B-1' } })
    .withXmp(xmp?.toString('utf8') ?? '')
    .toBuffer();
}

const dir = mkdtempSync(join(tmpdir(), 'read-rights-bench-'));
try {
  const rows: { file: string; kb: number; buffer: number; path: number; exifr: number }[] = [];
  const big = await largeJpeg();
  writeFileSync(join(dir, 'large-4000x3000.jpg'), big);
  const files = [
    ...readdirSync(fixturePath('images', 'files'))
      .filter((f) => /\.jpe?g$/i.test(f) && !f.startsWith('malformed_'))
      .map((f) => ({ file: f, path: fixturePath('images', 'files', f) })),
    { file: 'large-4000x3000.jpg (generated)', path: join(dir, 'large-4000x3000.jpg') },
  ];
  for (const { file, path } of files) {
    const bytes = readFileSync(path);
    rows.push({
      file,
      kb: Math.round(bytes.length / 1024),
      buffer: await median(() => readRights(bytes), 200),
      path: await median(() => readRights(path), 200),
      exifr: await median(() => bareExifr(bytes), 200),
    });
  }
  for (const r of rows) console.log(`${r.file.padEnd(52)} ${String(r.kb).padStart(6)} KB  buffer ${r.buffer.toFixed(3)} ms  path ${r.path.toFixed(3)} ms  bare exifr ${r.exifr.toFixed(3)} ms`);
  const corpus = rows.slice(0, -1).map((r) => r.buffer).sort((a, b) => a - b);
  console.log(`corpus JPEGs (${corpus.length}): median ${corpus[Math.floor(corpus.length / 2)]?.toFixed(3)} ms, max ${corpus.at(-1)?.toFixed(3)} ms from a Buffer`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
