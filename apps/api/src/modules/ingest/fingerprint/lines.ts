import type { Raster } from './raster.ts';

/** Per-channel distance from a line's median colour still counted as that colour (JPEG ringing near edges reaches ~15). */
export const UNIFORM_TOLERANCE = 16;
/** Share of a line within that tolerance to call it uniform (a few specks of noise or antialiasing allowed). */
const UNIFORM_FRACTION = 0.94;
/** Per-channel step between neighbouring lines that counts as an edge. */
const EDGE_TOLERANCE = 14;

/**
 * Colour difference as the largest per-channel difference (Chebyshev). Cheap, and a change in any
 * one channel counts: a saturated red edge on white is as strong as a black one.
 */
export function colourDistance(rgb: Uint8Array, p: number, q: number): number {
  return Math.max(Math.abs(rgb[p]! - rgb[q]!), Math.abs(rgb[p + 1]! - rgb[q + 1]!), Math.abs(rgb[p + 2]! - rgb[q + 2]!));
}

export function distanceToColour(rgb: Uint8Array, p: number, c: Colour): number {
  return Math.max(Math.abs(rgb[p]! - c[0]), Math.abs(rgb[p + 1]! - c[1]), Math.abs(rgb[p + 2]! - c[2]));
}

export type Colour = [number, number, number];

export const colourGap = (a: Colour, b: Colour) => Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));

/**
 * A straight run of pixels: a row segment or a column segment. Lines are what edges and borders
 * are made of, so the region code speaks in lines and lets this pick rows or columns.
 */
export type Axis = 'row' | 'column';

/** Byte offset of the `t`-th pixel of line `index` along `axis`. */
export function lineOffset(img: Raster, axis: Axis, index: number, t: number): number {
  return axis === 'row' ? (index * img.width + t) * 3 : (t * img.width + index) * 3;
}

/** Per-channel median of a line segment [from, to): the colour a uniform line "is", robust to a few specks. */
export function medianColour(img: Raster, axis: Axis, index: number, from: number, to: number): Colour {
  const hist = new Uint32Array(768);
  for (let t = from; t < to; t++) {
    const p = lineOffset(img, axis, index, t);
    hist[img.rgb[p]!]!++;
    hist[256 + img.rgb[p + 1]!]!++;
    hist[512 + img.rgb[p + 2]!]!++;
  }
  const half = (to - from) / 2;
  const pick = (base: number) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hist[base + v]!;
      if (acc >= half) return v;
    }
    return 255;
  };
  return [pick(0), pick(256), pick(512)];
}

/** The line's colour if it is uniform over [from, to), else null. */
export function uniformColour(img: Raster, axis: Axis, index: number, from: number, to: number): Colour | null {
  const median = medianColour(img, axis, index, from, to);
  return matchesColour(img, axis, index, from, to, median, UNIFORM_TOLERANCE) ? median : null;
}

/** Whether the line is `colour` within `tolerance` over [from, to), give or take a few specks. */
export function matchesColour(img: Raster, axis: Axis, index: number, from: number, to: number, colour: Colour, tolerance: number): boolean {
  let within = 0;
  for (let t = from; t < to; t++) if (distanceToColour(img.rgb, lineOffset(img, axis, index, t), colour) <= tolerance) within++;
  return within >= UNIFORM_FRACTION * (to - from);
}

/**
 * How lines p and q differ over [from, to): the share of positions differing by more than the edge
 * tolerance, and the mean difference (to tell a real edge from the JPEG ringing beside it).
 */
export function stepBetween(img: Raster, axis: Axis, p: number, q: number, from: number, to: number): { fraction: number; strength: number } {
  let steps = 0;
  let total = 0;
  for (let t = from; t < to; t++) {
    const d = colourDistance(img.rgb, lineOffset(img, axis, p, t), lineOffset(img, axis, q, t));
    total += d;
    if (d > EDGE_TOLERANCE) steps++;
  }
  return { fraction: steps / (to - from), strength: total / (to - from) };
}
