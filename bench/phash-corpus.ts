/**
 * Perceptual fingerprints on fixtures/phash: how far apart true
 * matches and unrelated images are (the margin either side of MATCH_THRESHOLD), and how long
 * fingerprinting and query hashing take.
 *
 *   npx tsx bench/phash-corpus.ts [--runs 20]
 *
 * Targets: fingerprint of a 4000x3000 JPEG well under 100 ms; query hashes of a 1280x900
 * screenshot under 200 ms (one core; sharp.concurrency() is 1 here).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { bestDistance, fingerprintImage, MATCH_THRESHOLD, queryHashes, type Fingerprint } from '../apps/api/src/modules/ingest/fingerprint/index.ts';
import { fixturePath } from '../fixtures/fixture-path.ts';
import { ms, percentile, timeRequests } from './lib.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
const corpus = (file: string) => fixturePath('phash', file);

const rows = readFileSync(corpus('pairs.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => {
    const [variant, original] = line.split(',') as [string, string];
    return { variant, original, kind: original ? (/_([a-z0-9]+)\.[a-z]+$/i.exec(variant)?.[1] ?? '?') : 'distractor' };
  });
const originals = [...new Set(rows.map((r) => r.original).filter(Boolean))];

const stored = new Map<string, Fingerprint>();
for (const o of originals) stored.set(o, await fingerprintImage(corpus(o)));

const own: Record<string, number[]> = {};
const unrelated: number[] = [];
for (const row of rows) {
  const query = await queryHashes(corpus(row.variant));
  for (const [name, fp] of stored) {
    const d = bestDistance(query, fp);
    if (name === row.original) (own[row.kind] ??= []).push(d);
    else unrelated.push(d);
  }
}

const histogram = (xs: number[]) => {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([d, n]) => `${d}:${n}`).join(' ');
};
const allOwn = Object.values(own).flat();
console.log(`Distances (bits of 64), threshold ${MATCH_THRESHOLD}`);
for (const [kind, ds] of Object.entries(own)) console.log(`  ${kind.padEnd(11)} own original: ${histogram(ds)}`);
console.log(`  unrelated (every query vs every other original): min ${Math.min(...unrelated)}, p1 ${percentile(unrelated, 1)}, median ${percentile(unrelated, 50)}`);
console.log(`  margin: worst true match ${Math.max(...allOwn)} -> threshold ${MATCH_THRESHOLD} -> nearest unrelated ${Math.min(...unrelated)}`);

// Timings. The 12 MP JPEG is a corpus photo upscaled with sensor-like noise laid over it, so it
// is as costly to decode as a camera's (~3 MB at q90; a plain upscale is smooth and decodes faster).
const noise = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 24 } } })
  .png()
  .toBuffer();
const big = await sharp(corpus('originals/wp_33772.jpg'))
  .resize(4000, 3000, { fit: 'fill' })
  .composite([{ input: noise, blend: 'soft-light' }])
  .jpeg({ quality: 90 })
  .toBuffer();
const screenshotPng = readFileSync(corpus('variants/p01_screenshot.png'));
const screenshotJpeg = readFileSync(corpus('variants/p06_screenshot.jpg'));
const timed: [string, () => Promise<unknown>][] = [
  ['fingerprintImage, 4000x3000 JPEG', () => fingerprintImage(big)],
  ['queryHashes, 1280x900 PNG screenshot', () => queryHashes(screenshotPng)],
  ['queryHashes, 1280x900 JPEG screenshot', () => queryHashes(screenshotJpeg)],
  ['queryHashes, 4000x3000 JPEG', () => queryHashes(big)],
];
console.log(`\nTimings over ${runs} runs after 2 warm-up runs (sharp.concurrency() = ${sharp.concurrency()}; 12 MP JPEG is ${(big.length / 1e6).toFixed(1)} MB)`);
for (const [name, run] of timed) {
  await run();
  await run();
  const samples = await timeRequests(runs, run);
  console.log(`  ${name.padEnd(40)} p50 ${ms(percentile(samples, 50))}  p95 ${ms(percentile(samples, 95))}`);
}
