import { colourGap, matchesColour, stepBetween, UNIFORM_TOLERANCE, uniformColour, type Axis, type Colour } from './lines.ts';
import { rectHeight, rectWidth, type Raster, type Rect } from './raster.ts';

/**
 * Pixel-exact edges of a picture placed on a page. Starting from a line known to be inside the
 * picture, each side is walked outward line by line. Whenever a uniform stretch begins (page,
 * margin, padding, frame, or a flat part of the photo), two things can end the walk:
 *
 * - an *edge*: a line around where the stretch begins differs from its outer neighbour along
 *   most of its length. A photo pasted on a page ends in a straight line like
 *   that, whatever the page colour and even where the photo has flat areas (night sky, studio
 *   backdrop: their stretch then ends in such an edge). The strongest step a few lines either side
 *   is taken rather than the first: JPEG ringing makes the lines next to an edge step a little.
 * - a *margin*: the stretch is of a page colour and goes on for several lines: a product shot on
 *   white blends into a white page, and ends where its content ends. A flat stretch of another
 *   colour (night sky on a white page, white padding inside a framed card) is walked through.
 *
 * In `tight` mode a side that ends after a uniform stretch (black sky, then the edge) ends where
 * that stretch begins instead: the picture's content box, which index time stores as the trimmed
 * hash. A product shot on white inside a white card on a grey page needs that one.
 *
 * Tolerances are loose enough for JPEG-compressed screenshots (ringing near edges, chroma bleed).
 */
const EDGE_FRACTION = 0.6; // share of the line that must step: a photo border may match the page in places
const EDGE_WINDOW = 3; // lines either side of where a uniform stretch begins that may hold its edge
const MIN_GAP = 4; // uniform lines that make a margin
const PLAIN_TOLERANCE = 5; // per channel: a line of page is the page colour almost exactly

type Side = { axis: Axis; outward: -1 | 1 };
const SIDES = {
  top: { axis: 'row', outward: -1 },
  bottom: { axis: 'row', outward: 1 },
  left: { axis: 'column', outward: -1 },
  right: { axis: 'column', outward: 1 },
} as const satisfies Record<string, Side>;

export type SideFound = 'edge' | 'margin' | 'border';
export type RefinedRect = Rect & { found: Record<keyof typeof SIDES, SideFound> };
export type MarginMode = 'page' | 'tight';

type Walk = { img: Raster; side: Side; from: number; to: number; pageColours: Colour[]; mode: MarginMode; reach: number };

/** Walk one side outward from inside line `start` over [from, to); returns the last line still inside. */
function scanSide(walk: Walk, start: number): { line: number; found: SideFound } {
  const { img, side, from, to } = walk;
  const limit = side.axis === 'row' ? img.height : img.width;
  let marginLine = start;
  let marginColour: Colour | null = null;
  let run = 0;
  let firstMargin: { line: number; colour: Colour } | null = null;
  // In tight mode a picture ending in a uniform stretch (then an edge, the page or the image
  // border) ends where that stretch begins — or where the first stretch of that colour began, if
  // the region was interrupted by something on it (a caption inside a white card).
  const end = (line: number, found: SideFound) => {
    if (walk.mode !== 'tight' || run < MIN_GAP || !marginColour) return { line, found };
    const sameAsFirst = firstMargin && colourGap(firstMargin.colour, marginColour) <= UNIFORM_TOLERANCE / 2;
    return { line: sameAsFirst ? firstMargin!.line : marginLine, found };
  };
  let plainLine = start;
  let plainRun = 0;
  for (let p = start; p + side.outward >= 0 && p + side.outward < limit; p += side.outward) {
    const q = p + side.outward;
    const outside = uniformColour(img, side.axis, q, from, to);
    if (!outside) {
      marginColour = null;
      run = 0;
      plainRun = 0;
      continue;
    }
    if (marginColour === null || colourGap(outside, marginColour) > UNIFORM_TOLERANCE / 2) {
      const edge = strongestStep(walk, start, p);
      if (edge !== null) return end(edge, 'edge');
      marginLine = p;
      marginColour = outside;
      run = 1;
    } else {
      run++;
    }
    // Page is drawn flat: only lines of exactly the page colour count as page, so dark sand at the
    // bottom of a photo on a dark page stays picture even though it is "uniform" within tolerance.
    if (isPlainPage(walk, q, outside)) {
      if (plainRun === 0) plainLine = p;
      plainRun++;
    } else {
      plainRun = 0;
    }
    // The picture reaches at least as far as its photo-like cells: a flat stretch short of that is
    // inside it (dark forest, white wall), whatever its colour.
    if (run >= MIN_GAP && !firstMargin && pastReach(walk, marginLine)) firstMargin = { line: marginLine, colour: marginColour };
    if (plainRun >= MIN_GAP && pastReach(walk, plainLine)) return end(plainLine, 'margin');
  }
  // Reached the image border: a flat stretch of a non-page colour running off the image is more
  // likely picture (sky) cut by the screenshot than page.
  return end(side.outward < 0 ? 0 : limit - 1, 'border');
}

/**
 * The edge near where a uniform stretch begins (p is the last line before it): among the lines a
 * few either side, the one stepping most strongly to its outer neighbour along enough of its
 * length. Either side, because JPEG ringing makes the lines next to an edge step a little too.
 */
function strongestStep(walk: Walk, start: number, p: number): number | null {
  const { img, side, from, to } = walk;
  const limit = side.axis === 'row' ? img.height : img.width;
  let best: number | null = null;
  let bestStrength = 0;
  for (let k = -EDGE_WINDOW; k <= EDGE_WINDOW; k++) {
    const line = p + k * side.outward;
    const next = line + side.outward;
    if ((line - start) * side.outward < 0 || next < 0 || next >= limit) continue;
    const step = stepBetween(img, side.axis, line, next, from, to);
    if (step.fraction >= EDGE_FRACTION && step.strength > bestStrength) [best, bestStrength] = [line, step.strength];
  }
  return best;
}

function isPlainPage(walk: Walk, line: number, colour: Colour): boolean {
  const page = walk.pageColours.find((c) => colourGap(c, colour) <= UNIFORM_TOLERANCE);
  return page !== undefined && matchesColour(walk.img, walk.side.axis, line, walk.from, walk.to, page, PLAIN_TOLERANCE);
}

const pastReach = (walk: Walk, line: number) => (line - walk.reach) * walk.side.outward >= 0;

/**
 * Refine a rough rectangle known to lie inside a picture that reaches at least to `reach`. Two
 * passes: the first walks each side over the middle of the rough rectangle (its corners may be
 * off), the second re-walks every side over the full extent just found, so a side ending in a
 * margin sees content anywhere along it.
 */
export function refineRect(img: Raster, inner: Rect, reach: Rect, pageColours: Colour[], mode: MarginMode): RefinedRect {
  const first = walkSides(img, inner, reach, 0.15, pageColours, mode);
  return walkSides(img, shrink(first, 2), reach, 0.01, pageColours, mode);
}

function walkSides(img: Raster, from: Rect, reach: Rect, spanMargin: number, pageColours: Colour[], mode: MarginMode): RefinedRect {
  const mx = Math.floor(rectWidth(from) * spanMargin);
  const my = Math.floor(rectHeight(from) * spanMargin);
  const across = { from: from.left + mx, to: Math.max(from.left + mx + 1, from.right - mx) };
  const down = { from: from.top + my, to: Math.max(from.top + my + 1, from.bottom - my) };
  const common = { img, pageColours, mode };
  const top = scanSide({ ...common, side: SIDES.top, ...across, reach: reach.top }, from.top);
  const bottom = scanSide({ ...common, side: SIDES.bottom, ...across, reach: reach.bottom - 1 }, from.bottom - 1);
  const left = scanSide({ ...common, side: SIDES.left, ...down, reach: reach.left }, from.left);
  const right = scanSide({ ...common, side: SIDES.right, ...down, reach: reach.right - 1 }, from.right - 1);
  return {
    left: left.line,
    top: top.line,
    right: right.line + 1,
    bottom: bottom.line + 1,
    found: { top: top.found, bottom: bottom.found, left: left.found, right: right.found },
  };
}

function shrink(r: Rect, by: number): Rect {
  const dx = Math.min(by, Math.floor((rectWidth(r) - 1) / 2));
  const dy = Math.min(by, Math.floor((rectHeight(r) - 1) / 2));
  return { left: r.left + dx, top: r.top + dy, right: r.right - dx, bottom: r.bottom - dy };
}
