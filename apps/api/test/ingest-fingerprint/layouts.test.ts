import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeRaster } from '../../src/modules/ingest/fingerprint/decode.ts';
import { bestDistance, fingerprintImage, MATCH_THRESHOLD, queryHashes, type Fingerprint } from '../../src/modules/ingest/fingerprint/index.ts';
import { pictureRegions } from '../../src/modules/ingest/fingerprint/region-finder.ts';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';
import { readPairs } from './corpus.ts';
import { layouts, type Page } from './synthetic-pages.ts';

/**
 * The corpus pastes every screenshot at the same place on the same white page; these made-up
 * pages (synthetic-pages.ts) check that matching does not depend on that layout. Every corpus
 * original and distractor is pasted into every layout.
 */

const QUERY_SIDE = 1600; // as queryHashes analyses them
type Outcome = { layout: string; photo: string; own: number | null; nearestWrong: number; boxError: number };

const pairs = readPairs();
const originals = [...new Set(pairs.map((p) => p.original).filter((o) => o !== ''))];
const distractors = pairs.filter((p) => p.original === '').map((p) => p.variant);
const stored = new Map<string, Fingerprint>();
const outcomes: Outcome[] = [];

beforeAll(async () => {
  for (const o of originals) stored.set(o, await fingerprintImage(fixturePath('phash', o)));
  for (const [li, layout] of layouts.entries()) {
    for (const [pi, photo] of [...originals, ...distractors].entries()) {
      const page = await layout.build(readFileSync(fixturePath('phash', photo)), 1000 * li + pi);
      const query = await queryHashes(page.image);
      let nearestWrong = 64;
      for (const [name, fp] of stored) if (name !== photo) nearestWrong = Math.min(nearestWrong, bestDistance(query, fp));
      const own = stored.has(photo) ? bestDistance(query, stored.get(photo)!) : null;
      outcomes.push({ layout: layout.name, photo, own, nearestWrong, boxError: await boxError(page) });
    }
  }
  printTable();
}, 300_000);

/** How far (px, worst side) the closest region found is from where the photo was pasted. */
async function boxError(page: Page): Promise<number> {
  const width = (await sharp(page.image).metadata()).width;
  const raster = await decodeRaster(page.image, QUERY_SIDE);
  const s = raster.width / width;
  const b = page.box;
  const truth = { left: b.left * s, top: b.top * s, right: (b.left + b.width) * s, bottom: (b.top + b.height) * s };
  const regions = pictureRegions(raster);
  return Math.min(64, ...regions.map((r) => Math.max(Math.abs(r.left - truth.left), Math.abs(r.top - truth.top), Math.abs(r.right - truth.right), Math.abs(r.bottom - truth.bottom))));
}

describe('fingerprints of photos pasted into varied page layouts', () => {
  it('match at least 90 % of the originals in every layout', () => {
    for (const layout of layouts) {
      const mine = outcomes.filter((o) => o.layout === layout.name && o.own !== null);
      expect(mine.filter((o) => o.own! <= MATCH_THRESHOLD).length / mine.length, layout.name).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('match no wrong original, whether the pasted photo is an original or a distractor', () => {
    expect(outcomes.filter((o) => o.nearestWrong <= MATCH_THRESHOLD).map((o) => `${o.layout} / ${o.photo}: ${o.nearestWrong}`)).toEqual([]);
  });

  it('locate at least 90 % of the pasted photos to within a pixel or two', () => {
    // Two: the half-size layout puts edges on half pixels.
    const located = outcomes.filter((o) => o.boxError <= 2).length;
    expect(located / outcomes.length).toBeGreaterThanOrEqual(0.9);
  });
});

function printTable(): void {
  const lines = [`layout                                                            matched  worst own  nearest wrong  located ±2px   (threshold ${MATCH_THRESHOLD})`];
  for (const layout of layouts) {
    const mine = outcomes.filter((o) => o.layout === layout.name);
    const own = mine.filter((o) => o.own !== null);
    const matched = own.filter((o) => o.own! <= MATCH_THRESHOLD).length;
    const located = mine.filter((o) => o.boxError <= 2).length;
    lines.push(
      `${layout.name.padEnd(64)} ${`${matched}/${own.length}`.padStart(7)}  ${String(Math.max(...own.map((o) => o.own!))).padStart(9)}  ${String(Math.min(...mine.map((o) => o.nearestWrong))).padStart(13)}  ${`${located}/${mine.length}`.padStart(12)}`,
    );
  }
  const misses = outcomes.filter((o) => o.boxError > 2).map((o) => `${o.layout} / ${o.photo} (${o.boxError.toFixed(0)} px)`);
  if (misses.length) lines.push(`not located to the pixel: ${misses.join('; ')}`);
  console.log(lines.join('\n'));
}
