import { describe, expect, it } from 'vitest';
import { bestDistance, hammingDistance } from '../../src/modules/ingest/fingerprint/index.ts';
import { phashOfThumbnail, toHex } from '../../src/modules/ingest/fingerprint/phash.ts';

describe('hammingDistance', () => {
  it.each([
    ['0000000000000000', '0000000000000000', 0],
    ['ffffffffffffffff', '0000000000000000', 64],
    ['8000000000000000', '0000000000000000', 1],
    ['0000000000000001', '0000000000000000', 1],
    ['00000001ffffffff', '0000000000000000', 33],
    ['0123456789abcdef', '0000000000000000', 32],
    ['0123456789abcdef', 'fedcba9876543210', 64],
    ['DEADBEEFdeadbeef', 'deadbeefDEADBEEF', 0],
  ])('%s vs %s is %i', (a, b, expected) => {
    expect(hammingDistance(a, b)).toBe(expected);
    expect(hammingDistance(b, a)).toBe(expected);
  });

  it.each(['', '123', '0000000000000000ff', 'zzzzzzzzzzzzzzzz', '-000000000000001'])('refuses %j', (bad) => {
    expect(() => hammingDistance(bad, '0000000000000000')).toThrow(TypeError);
  });
});

describe('bestDistance', () => {
  it('is the smallest distance between any query hash and any stored hash', () => {
    const stored = { phash: 'ffffffffffffffff', variants: ['00000000000000ff', '000000000000000f'] };
    expect(bestDistance(['0000000000000000'], stored)).toBe(4);
    expect(bestDistance(['ffffffffffffffff', '0000000000000000'], stored)).toBe(0);
    expect(bestDistance([], stored)).toBe(64);
  });
});

describe('phashOfThumbnail', () => {
  // A smooth, asymmetric test pattern (synthetic symmetric images make DCT hashes unstable).
  const pattern = (shift = 0, gain = 1) => {
    const t = new Float32Array(32 * 32);
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) t[y * 32 + x] = shift + gain * (100 + 60 * Math.sin(x / 5 + y / 9) + 40 * Math.cos(y / 4) + x * 1.5);
    return t;
  };

  it('sets exactly half the bits (median threshold over 64 coefficients)', () => {
    const bits = phashOfThumbnail(pattern()).toString(2).replaceAll('0', '').length;
    expect(bits).toBe(32);
  });

  it('gives a flat thumbnail the all-zero hash, not one made of rounding noise', () => {
    expect(phashOfThumbnail(new Float32Array(32 * 32).fill(77.7))).toBe(0n);
  });

  it('ignores brightness and contrast changes (DC left out, median threshold)', () => {
    expect(toHex(phashOfThumbnail(pattern(30, 1.2)))).toBe(toHex(phashOfThumbnail(pattern())));
  });
});
