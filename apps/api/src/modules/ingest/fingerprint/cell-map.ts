import { colourGap, distanceToColour, type Colour } from './lines.ts';
import type { Raster } from './raster.ts';

/**
 * A coarse map of a screenshot: the image cut into small square cells, each classified as
 *
 * - flat: one colour give or take compression noise (page background, panels, flat photo areas);
 * - text/graphics: busy, but mostly made of the background colours around it — ink on a page.
 *   Text is thin strokes, so the page shows through;
 * - photo: busy and not made of the surrounding background colours.
 *
 * plus the page's own colours. Thresholds are per-channel 0-255 values.
 */
const FLAT_RANGE = 10; // max-min within a cell
const BACKGROUND_TOLERANCE = 16;
const BACKGROUND_REACH = 3; // cells
const MAX_BACKGROUNDS = 6;
const TEXT_BACKGROUND_SHARE = 0.45; // a busy cell this much made of background colours is ink on a page
const PAGE_RANGE = 2; // page backgrounds are drawn flat: exactly one colour, give or take JPEG rounding
const PAGE_STEP = 6; // colour step between neighbouring page cells still counted as the same background
const PAGE_COLOUR_SHARE = 0.05; // of the page cells

export type CellMap = {
  cols: number;
  rows: number;
  /** Cell side in pixels. */
  size: number;
  flat: Uint8Array;
  /** Mean colour per cell, 3 floats each. */
  colour: Float32Array;
  photo: Uint8Array;
  /** Colours of the page around the pictures, if any. */
  page: Colour[];
};

/** About 160 cells across the longest side: fine enough for a 50 px picture, coarse enough to be cheap. */
export function cellSizeFor(img: Raster): number {
  return Math.max(4, Math.round(Math.max(img.width, img.height) / 160));
}

export function classifyCells(img: Raster): CellMap {
  const size = cellSizeFor(img);
  const cols = Math.floor(img.width / size);
  const rows = Math.floor(img.height / size);
  const range = new Uint8Array(cols * rows);
  const flat = new Uint8Array(cols * rows);
  const colour = new Float32Array(cols * rows * 3);
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      const lo = [255, 255, 255];
      const hi = [0, 0, 0];
      const sum = [0, 0, 0];
      for (let y = cy * size; y < (cy + 1) * size; y++) {
        for (let x = cx * size, p = (y * img.width + x) * 3; x < (cx + 1) * size; x++, p += 3) {
          for (let k = 0; k < 3; k++) {
            const v = img.rgb[p + k]!;
            if (v < lo[k]!) lo[k] = v;
            if (v > hi[k]!) hi[k] = v;
            sum[k]! += v;
          }
        }
      }
      const i = cy * cols + cx;
      range[i] = Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!);
      flat[i] = range[i] <= FLAT_RANGE ? 1 : 0;
      for (let k = 0; k < 3; k++) colour[i * 3 + k] = sum[k]! / (size * size);
    }
  }
  const page = pageColours({ cols, rows, range, colour });
  // Share of each busy cell made of background colours, then judged over the cell and its busy
  // neighbours: one cell of a letter may be mostly ink, a few cells of text never are.
  const near = new Float32Array(cols * rows);
  for (let i = 0; i < near.length; i++) {
    if (flat[i]) continue;
    const x = i % cols;
    const y = (i - x) / cols;
    const backgrounds = backgroundsNear(flat, colour, cols, rows, x, y, page);
    near[i] = backgrounds.length === 0 ? 0 : backgroundPixels(img, size, x, y, backgrounds);
  }
  const photo = new Uint8Array(cols * rows);
  for (let i = 0; i < photo.length; i++) {
    if (flat[i]) continue;
    const x = i % cols;
    const y = (i - x) / cols;
    let share = 0;
    let busy = 0;
    for (let ny = Math.max(0, y - 1); ny <= Math.min(rows - 1, y + 1); ny++) {
      for (let nx = Math.max(0, x - 1); nx <= Math.min(cols - 1, x + 1); nx++) {
        const j = ny * cols + nx;
        if (flat[j]) continue;
        share += near[j]!;
        busy++;
      }
    }
    photo[i] = share / busy < TEXT_BACKGROUND_SHARE ? 1 : 0;
  }
  return { cols, rows, size, flat, colour, photo, page };
}

/**
 * The page's own colours: exactly flat cells reachable from the image border through exactly flat
 * cells of (nearly) the same colour. A page's background is drawn as one colour and runs out to
 * the edge of a screenshot, while a flat area of a photo (black sky, white studio wall) is
 * enclosed by the photo's own busy parts, and one running off the screenshot (a phone
 * screenshot's edge-to-edge photo) is rarely exactly flat once the photo has been resized for the
 * page. edge-refine.ts stops at a margin of a page colour, and walks through other flat stretches.
 */
function pageColours(map: { cols: number; rows: number; range: Uint8Array; colour: Float32Array }): Colour[] {
  const { cols, rows } = map;
  const page = new Uint8Array(cols * rows);
  const stack: number[] = [];
  const colourAt = (i: number): Colour => [map.colour[i * 3]!, map.colour[i * 3 + 1]!, map.colour[i * 3 + 2]!];
  for (let i = 0; i < page.length; i++) {
    const x = i % cols;
    const y = (i - x) / cols;
    if (map.range[i]! <= PAGE_RANGE && (x === 0 || y === 0 || x === cols - 1 || y === rows - 1)) {
      page[i] = 1;
      stack.push(i);
    }
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % cols;
    const y = (i - x) / cols;
    for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]] as const) {
      if (nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
      const j = ny * cols + nx;
      if (page[j] || map.range[j]! > PAGE_RANGE || colourGap(colourAt(i), colourAt(j)) > PAGE_STEP) continue;
      page[j] = 1;
      stack.push(j);
    }
  }
  // Group the page cells' colours coarsely; keep each group that is a real share of the page.
  const groups = new Map<number, { n: number; sum: Colour }>();
  let total = 0;
  for (let i = 0; i < page.length; i++) {
    if (!page[i]) continue;
    const c = colourAt(i);
    const key = ((c[0] >> 4) << 8) | ((c[1] >> 4) << 4) | (c[2] >> 4);
    const g = groups.get(key) ?? { n: 0, sum: [0, 0, 0] };
    g.n++;
    for (let k = 0; k < 3; k++) g.sum[k]! += c[k]!;
    groups.set(key, g);
    total++;
  }
  return [...groups.values()]
    .filter((g) => g.n >= PAGE_COLOUR_SHARE * total)
    .map((g) => g.sum.map((v) => v / g.n) as Colour);
}

/**
 * Colours a busy cell may be ink on: the page colours, and the flat colours nearby (a text block
 * may sit on a panel of its own colour).
 */
function backgroundsNear(flat: Uint8Array, colour: Float32Array, cols: number, rows: number, cx: number, cy: number, page: Colour[]): Colour[] {
  const found: Colour[] = [...page];
  for (let y = Math.max(0, cy - BACKGROUND_REACH); y <= Math.min(rows - 1, cy + BACKGROUND_REACH); y++) {
    for (let x = Math.max(0, cx - BACKGROUND_REACH); x <= Math.min(cols - 1, cx + BACKGROUND_REACH); x++) {
      const i = y * cols + x;
      if (!flat[i]) continue;
      const c: Colour = [colour[i * 3]!, colour[i * 3 + 1]!, colour[i * 3 + 2]!];
      if (!found.some((f) => colourGap(f, c) <= BACKGROUND_TOLERANCE / 2)) found.push(c);
      if (found.length >= MAX_BACKGROUNDS) return found;
    }
  }
  return found;
}

/** Share of the cell's pixels close to any of the given background colours. */
function backgroundPixels(img: Raster, size: number, cx: number, cy: number, backgrounds: Colour[]): number {
  let near = 0;
  for (let y = cy * size; y < (cy + 1) * size; y++) {
    for (let x = cx * size, p = (y * img.width + x) * 3; x < (cx + 1) * size; x++, p += 3) {
      for (const b of backgrounds) {
        if (distanceToColour(img.rgb, p, b) <= BACKGROUND_TOLERANCE) {
          near++;
          break;
        }
      }
    }
  }
  return near / (size * size);
}
