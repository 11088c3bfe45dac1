import { readFileSync } from 'node:fs';
import { deflateSync, crc32 } from 'node:zlib';
import sharp, { type Color } from 'sharp';
import { describe, expect, it } from 'vitest';
import { bestDistance, fingerprintImage, FingerprintError, MATCH_THRESHOLD, queryHashes } from '../../src/modules/ingest/fingerprint/index.ts';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';

/** Inputs an upload endpoint will see sooner or later: odd formats, odd sizes, and things that are not images. */

const HEX64 = /^[0-9a-f]{16}$/;
const canola = readFileSync(fixturePath('phash', 'originals', 'wp_canola.jpg'));

/** A PNG whose header claims width x height but carries almost no data: a pixel flood. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

async function expectFailure(run: () => Promise<unknown>, reason: FingerprintError['reason']): Promise<void> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FingerprintError);
  expect((error as FingerprintError).reason).toBe(reason);
}

async function distanceToCanola(variant: Buffer): Promise<number> {
  return bestDistance(await queryHashes(variant), await fingerprintImage(canola));
}

describe('fingerprint inputs', () => {
  it('gives 16-hex-digit hashes, the same for a buffer and a path', async () => {
    const fromBuffer = await fingerprintImage(canola);
    expect(fromBuffer.phash).toMatch(HEX64);
    expect(fromBuffer.variants.length).toBeGreaterThanOrEqual(2);
    for (const v of fromBuffer.variants) expect(v).toMatch(HEX64);
    expect(await fingerprintImage(fixturePath('phash', 'originals', 'wp_canola.jpg'))).toEqual(fromBuffer);
    for (const q of await queryHashes(canola)) expect(q).toMatch(HEX64);
  });

  it('hashes a 1x1 image (a flat image has no structure: every bit is 0)', async () => {
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const fp = await fingerprintImage(tiny);
    expect(fp.phash).toBe('0000000000000000');
    expect(await queryHashes(tiny)).toEqual(['0000000000000000']);
  });

  it('refuses a pixel flood before decoding it', async () => {
    const flood = pngClaiming(50_000, 50_000);
    expect(flood.length).toBeLessThan(200);
    const started = performance.now();
    await expectFailure(() => fingerprintImage(flood), 'too-many-pixels');
    await expectFailure(() => queryHashes(flood), 'too-many-pixels');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['text', Buffer.from('this is not an image')],
    ['HTML', Buffer.from('<!doctype html><html><body><img src="x.jpg"></body></html>')],
    ['empty', Buffer.alloc(0)],
  ])('refuses a non-image buffer (%s)', async (_name, input) => {
    await expectFailure(() => fingerprintImage(input), 'not-an-image');
    await expectFailure(() => queryHashes(input), 'not-an-image');
  });

  it('refuses a truncated JPEG rather than hashing its grey remainder', async () => {
    await expectFailure(() => fingerprintImage(canola.subarray(0, canola.length >> 1)), 'corrupt');
  });

  it('reports a missing file as unreadable', async () => {
    await expectFailure(() => fingerprintImage('/nonexistent/original.jpg'), 'unreadable');
  });

  it('flattens alpha onto white, as a browser shows it on a white page', async () => {
    const padded = (background: Color) => sharp(canola).extend({ top: 40, bottom: 40, left: 40, right: 40, background });
    const transparent = await padded({ r: 0, g: 0, b: 0, alpha: 0 }).png().toBuffer();
    const white = await padded('#ffffff').png().toBuffer();
    expect((await sharp(transparent).metadata()).hasAlpha).toBe(true);
    expect(await fingerprintImage(transparent)).toEqual(await fingerprintImage(white));
    expect(await distanceToCanola(await sharp(canola).ensureAlpha().png().toBuffer())).toBeLessThanOrEqual(2);
  });

  it('matches grayscale, CMYK and 16-bit copies to the colour original', async () => {
    const grey = await sharp(canola).toColourspace('b-w').jpeg({ quality: 85 }).toBuffer();
    const cmyk = await sharp(canola).toColourspace('cmyk').jpeg({ quality: 85 }).toBuffer();
    const deep = await sharp(canola).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    expect((await sharp(deep).metadata()).depth).toBe('ushort');
    for (const copy of [grey, cmyk, deep]) expect(await distanceToCanola(copy)).toBeLessThanOrEqual(MATCH_THRESHOLD);
  });

  it('applies EXIF orientation: rotated pixels tagged to display upright match the original', async () => {
    const rotatedPixels = sharp(canola).rotate(270);
    const tagged = await rotatedPixels.clone().withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const untagged = await rotatedPixels.clone().jpeg().toBuffer();
    expect(await distanceToCanola(tagged)).toBeLessThanOrEqual(2);
    // The same pixels without the tag are a different picture: orientation really is applied.
    expect(await distanceToCanola(untagged)).toBeGreaterThan(MATCH_THRESHOLD);
  });

  it('fingerprints a 12-megapixel JPEG quickly (shrink-on-load)', async () => {
    const big = await sharp(canola).resize(4000, 3000).jpeg({ quality: 90 }).toBuffer();
    await fingerprintImage(big); // warm-up
    const started = performance.now();
    const fp = await fingerprintImage(big);
    const elapsed = performance.now() - started;
    console.log(`fingerprint of a 4000x3000 JPEG: ${elapsed.toFixed(0)} ms`);
    // Generous bound for a shared CI machine; bench/phash-corpus.ts measures it properly.
    expect(elapsed).toBeLessThan(500);
    expect(bestDistance([fp.phash], await fingerprintImage(canola))).toBeLessThanOrEqual(2);
  });
});
