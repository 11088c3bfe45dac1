/** A decoded image: 8-bit sRGB, 3 channels, row-major, no alpha (flattened onto white). */
export type Raster = { width: number; height: number; rgb: Uint8Array };

/** Half-open pixel rectangle [left, right) x [top, bottom). */
export type Rect = { left: number; top: number; right: number; bottom: number };

export const rectWidth = (r: Rect) => r.right - r.left;
export const rectHeight = (r: Rect) => r.bottom - r.top;
export const fullRect = (img: { width: number; height: number }): Rect => ({ left: 0, top: 0, right: img.width, bottom: img.height });

/** Rec. 601 luma, the weighting pHash implementations conventionally use. */
export function lumaPlane(img: Raster): Float32Array {
  const out = new Float32Array(img.width * img.height);
  const { rgb } = img;
  for (let i = 0, p = 0; i < out.length; i++, p += 3) {
    out[i] = 0.299 * rgb[p]! + 0.587 * rgb[p + 1]! + 0.114 * rgb[p + 2]!;
  }
  return out;
}

/**
 * Area-average resample of `rect` of a plane to size x size. Area averaging (every source pixel
 * weighted by how much of it falls in the output cell) is the same operation whatever the source
 * resolution, so a large original and a small copy of it reduce to nearly the same thumbnail.
 */
export function resampleArea(plane: Float32Array, planeWidth: number, rect: Rect, size: number): Float32Array {
  const w = rectWidth(rect);
  const h = rectHeight(rect);
  const cols = coverage(w, size);
  const rows = coverage(h, size);
  // Horizontal pass: every row of the rect reduced to `size` columns.
  const tmp = new Float32Array(h * size);
  for (let y = 0; y < h; y++) {
    const base = (rect.top + y) * planeWidth + rect.left;
    for (let o = 0; o < size; o++) {
      const c = cols[o]!;
      let sum = 0;
      for (let k = 0; k < c.weights.length; k++) sum += plane[base + c.first + k]! * c.weights[k]!;
      tmp[y * size + o] = sum;
    }
  }
  const out = new Float32Array(size * size);
  for (let o = 0; o < size; o++) {
    const r = rows[o]!;
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let k = 0; k < r.weights.length; k++) sum += tmp[(r.first + k) * size + x]! * r.weights[k]!;
      out[o * size + x] = sum;
    }
  }
  return out;
}

type Coverage = { first: number; weights: Float32Array };

/** For each of `n` output cells over `length` source pixels: the source pixels it covers and their normalised weights. */
function coverage(length: number, n: number): Coverage[] {
  const scale = length / n;
  const result: Coverage[] = [];
  for (let o = 0; o < n; o++) {
    const start = o * scale;
    const end = start + scale;
    const first = Math.min(length - 1, Math.floor(start));
    const last = Math.min(length - 1, Math.max(first, Math.ceil(end) - 1));
    const weights = new Float32Array(last - first + 1);
    for (let i = first; i <= last; i++) weights[i - first] = Math.max(0, Math.min(end, i + 1) - Math.max(start, i));
    const total = weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! / total;
    result.push({ first, weights });
  }
  return result;
}
