import { resampleArea, type Rect } from './raster.ts';

/** DCT input size and the low-frequency block kept, as in the classic pHash (Zauner 2010). */
const DCT_SIZE = 32;
const BLOCK = 8;
const FLAT_COEFFICIENT = 1; // below this every AC coefficient is rounding noise

// Frequencies 0..8: the 8x8 block plus the one extra horizontal frequency (see below).
const cosTable = (() => {
  const t = new Float64Array((BLOCK + 1) * DCT_SIZE);
  for (let u = 0; u <= BLOCK; u++) {
    for (let x = 0; x < DCT_SIZE; x++) t[u * DCT_SIZE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * DCT_SIZE));
  }
  return t;
})();

/**
 * 64-bit DCT hash of a 32x32 grayscale thumbnail. Only the 8x8 lowest frequencies are computed.
 * The DC term (mean brightness) is left out, so a brightness shift does not move any bit; its
 * slot is filled by the next horizontal frequency (u=0, v=8) to keep 64 informative bits.
 */
export function phashOfThumbnail(thumb: Float32Array): bigint {
  // Separable DCT-II restricted to the first 8 (and for row 0, 9) frequencies; scale factors are
  // dropped because only the comparison with the median matters and all terms share them per axis.
  const rowsDct = new Float64Array(DCT_SIZE * (BLOCK + 1)); // [y][v] for v in 0..8
  for (let y = 0; y < DCT_SIZE; y++) {
    for (let v = 0; v <= BLOCK; v++) {
      let s = 0;
      for (let x = 0; x < DCT_SIZE; x++) s += thumb[y * DCT_SIZE + x]! * cosTable[v * DCT_SIZE + x]!;
      rowsDct[y * (BLOCK + 1) + v] = s;
    }
  }
  const coeffs: number[] = [];
  for (let u = 0; u < BLOCK; u++) {
    for (let v = 0; v < BLOCK; v++) {
      if (u === 0 && v === 0) continue;
      coeffs.push(columnDct(rowsDct, u, v));
    }
  }
  coeffs.push(columnDct(rowsDct, 0, BLOCK));
  // A flat picture has no structure to hash; its coefficients are rounding noise, which would
  // give it a random hash. All zeros instead, so flat pictures match each other and nothing else
  // by accident. (Coefficients are unnormalised: a one-grey-level gradient gives hundreds.)
  if (Math.max(...coeffs.map(Math.abs)) < FLAT_COEFFICIENT) return 0n;
  const sorted = [...coeffs].sort((a, b) => a - b);
  const median = (sorted[31]! + sorted[32]!) / 2;
  let bits = 0n;
  for (const c of coeffs) bits = (bits << 1n) | (c > median ? 1n : 0n);
  return bits;
}

function columnDct(rowsDct: Float64Array, u: number, v: number): number {
  let s = 0;
  for (let y = 0; y < DCT_SIZE; y++) s += rowsDct[y * (BLOCK + 1) + v]! * cosTable[u * DCT_SIZE + y]!;
  return s;
}

/** Hash of one rectangle of an image, as 16 hex digits. */
export function phashRect(luma: Float32Array, width: number, rect: Rect): string {
  return toHex(phashOfThumbnail(resampleArea(luma, width, rect, DCT_SIZE)));
}

export const toHex = (bits: bigint) => bits.toString(16).padStart(16, '0');

/** Number of differing bits between two 16-hex-digit hashes. */
export function hammingDistance(a: string, b: string): number {
  if (!/^[0-9a-f]{16}$/i.test(a) || !/^[0-9a-f]{16}$/i.test(b)) throw new TypeError(`Not 64-bit hex hashes: "${a}", "${b}"`);
  // Two 32-bit halves keep this in plain numbers (no BigInt popcount in JS).
  return popcount32(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) + popcount32(parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16));
}

/** Set bits of a 32-bit value (SWAR): Hamming distances are popcounts of XORs. */
export function popcount32(n: number): number {
  let x = n >>> 0;
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
