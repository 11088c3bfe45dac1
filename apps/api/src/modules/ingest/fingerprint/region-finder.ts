import { classifyCells, type CellMap } from './cell-map.ts';
import { refineRect, type RefinedRect } from './edge-refine.ts';
import { rectHeight, rectWidth, type Raster, type Rect } from './raster.ts';

/**
 * Where are the pictures in a screenshot? Connected photo cells of the coarse map (cell-map.ts)
 * form candidate regions; each is refined to the pixel by walking its sides outward
 * (edge-refine.ts). Nothing here assumes a layout: page colour, position, size and number of
 * pictures are all read from the image.
 *
 * A region's cells can reach a little past the picture (a frame or caption close enough to share
 * cells with it), so each region is refined from two starting rectangles, just inside its cells
 * and well inside, and in both margin modes. They usually agree; when they do not, each distinct
 * result is a candidate.
 */
const MIN_REGION_CELLS = 4; // in each direction
const MAX_REGIONS = 4;
const DEEP_START = 0.15; // of a region's size: the second, deeper starting rectangle
/** Smallest picture worth matching, in pixels of the analysed image. */
const MIN_REGION_SIDE = 48;
/**
 * Candidates whose sides are all this close (px) are the same region. Only near-exact: a few
 * pixels on a side already move a hash by several bits, so a near miss is kept as a candidate.
 */
const SAME_REGION = 2;

/** Distinct rectangles that plausibly are pictures on a page, largest region first. */
export function pictureRegions(img: Raster): Rect[] {
  const kept: Rect[] = [];
  for (const r of candidateRegions(img)) {
    if (rectWidth(r) < MIN_REGION_SIDE || rectHeight(r) < MIN_REGION_SIDE) continue;
    if (!onAPage(r.found)) continue;
    if (kept.some((k) => sameRegion(k, r))) continue;
    kept.push({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  }
  return kept;
}

/** Every refined candidate, before any is judged. */
export function candidateRegions(img: Raster): RefinedRect[] {
  const map = classifyCells(img);
  const found: RefinedRect[] = [];
  for (const c of photoComponents(map)) {
    // A piece of a picture already found (a photo's busy parts split by a flat area) adds nothing.
    if (found.some((r) => contains(r, insideOf(c, map, 1)))) continue;
    // Margins are only believed outside this: the cell box less a cell of slack, as a margin line
    // may still hold a sliver of content (the tip of a curve) within its uniformity tolerance.
    const reach = insideOf(c, map, 2);
    for (const start of [insideOf(c, map, 1), insideOf(c, map, DEEP_START)]) {
      for (const mode of ['page', 'tight'] as const) found.push(refineRect(img, start, reach, map.page, mode));
    }
  }
  return found;
}

/**
 * A region running off two sides of the image is usually a part of a photo (a sky line taken for
 * a page margin), and every extra hash is one more chance of a false match. The exception is a
 * picture spanning the page edge to edge (phone screenshots) with straight edges on the other two.
 */
function onAPage(found: RefinedRect['found']): boolean {
  const borders = Object.values(found).filter((f) => f === 'border').length;
  if (borders <= 1) return true;
  const spansWidth = found.left === 'border' && found.right === 'border' && found.top === 'edge' && found.bottom === 'edge';
  const spansHeight = found.top === 'border' && found.bottom === 'border' && found.left === 'edge' && found.right === 'edge';
  return spansWidth || spansHeight;
}

function sameRegion(a: Rect, b: Rect): boolean {
  return Math.max(Math.abs(a.left - b.left), Math.abs(a.right - b.right), Math.abs(a.top - b.top), Math.abs(a.bottom - b.bottom)) <= SAME_REGION;
}

const contains = (outer: Rect, inner: Rect) => inner.left >= outer.left && inner.top >= outer.top && inner.right <= outer.right && inner.bottom <= outer.bottom;

/** Groups of connected photo cells big enough to be a picture, largest first. */
function photoComponents(map: CellMap): Component[] {
  const components = connectedComponents(map).filter((c) => c.right - c.left >= MIN_REGION_CELLS && c.bottom - c.top >= MIN_REGION_CELLS);
  components.sort((a, b) => b.cells - a.cells);
  return components.slice(0, MAX_REGIONS);
}

/** A component's box in cell units, and how many photo cells it has. */
type Component = Rect & { cells: number };

/** 8-connected components of photo cells, as cell-unit bounding boxes. */
function connectedComponents(map: CellMap): Component[] {
  const seen = new Uint8Array(map.cols * map.rows);
  const out: Component[] = [];
  const stack: number[] = [];
  for (let start = 0; start < seen.length; start++) {
    if (!map.photo[start] || seen[start]) continue;
    const c: Component = { left: map.cols, top: map.rows, right: 0, bottom: 0, cells: 0 };
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % map.cols;
      const y = (i - x) / map.cols;
      c.cells++;
      c.left = Math.min(c.left, x);
      c.right = Math.max(c.right, x + 1);
      c.top = Math.min(c.top, y);
      c.bottom = Math.max(c.bottom, y + 1);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= map.cols || ny >= map.rows) continue;
          const j = ny * map.cols + nx;
          if (map.photo[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    out.push(c);
  }
  return out;
}

/** A pixel rectangle inside the component's cell box: `by` cells in (if >= 1) or that share of its size. */
function insideOf(c: Component, map: CellMap, by: number): Rect {
  const w = c.right - c.left;
  const h = c.bottom - c.top;
  const dx = Math.min(by >= 1 ? by : Math.round(w * by), Math.floor((w - 1) / 2));
  const dy = Math.min(by >= 1 ? by : Math.round(h * by), Math.floor((h - 1) / 2));
  return {
    left: (c.left + dx) * map.size,
    top: (c.top + dy) * map.size,
    right: (c.right - dx) * map.size,
    bottom: (c.bottom - dy) * map.size,
  };
}
