import { colourGap, UNIFORM_TOLERANCE, uniformColour, type Axis } from './lines.ts';
import type { Raster, Rect } from './raster.ts';

/**
 * The picture without its uniform margins (each side's own colour, like ImageMagick's -trim but
 * per side, so a letterbox of one colour and a white edge of another both go). A product shot on
 * white pasted on a white page can only be found by its content, so index time also stores the
 * hash of the content's box; the query side trims the same way against the page.
 */
export function trimUniformMargins(img: Raster): Rect {
  const rect = { left: 0, top: 0, right: img.width, bottom: img.height };
  rect.top = inwardWhileMargin(img, 'row', 0, 1, img.height - 1, img.width);
  rect.bottom = inwardWhileMargin(img, 'row', img.height - 1, -1, rect.top, img.width) + 1;
  rect.left = inwardWhileMargin(img, 'column', 0, 1, img.width - 1, img.height);
  rect.right = inwardWhileMargin(img, 'column', img.width - 1, -1, rect.left, img.height) + 1;
  return rect;
}

/** First line, walking from `edge` in direction `step` (not past `stop`), that is not the edge line's uniform colour. */
function inwardWhileMargin(img: Raster, axis: Axis, edge: number, step: 1 | -1, stop: number, length: number): number {
  const margin = uniformColour(img, axis, edge, 0, length);
  if (!margin) return edge;
  let line = edge;
  while (line !== stop) {
    const next = uniformColour(img, axis, line, 0, length);
    if (!next || colourGap(next, margin) > UNIFORM_TOLERANCE / 2) break;
    line += step;
  }
  return line;
}
