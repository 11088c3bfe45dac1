/**
 * Perceptual fingerprints of images, to match a claim's screenshot or a resized/recompressed copy
 * back to the stored original.
 *
 * Index time hashes the stored original several ways (whole frame, centre crops, content without
 * uniform margins); query time hashes the query whole and every photographic region found in it.
 * A match is the smallest Hamming distance between any query hash and any stored hash.
 */
import { decodeRaster } from './decode.ts';
import { hammingDistance, phashRect } from './phash.ts';
import { fullRect, lumaPlane, rectHeight, rectWidth, type Raster, type Rect } from './raster.ts';
import { pictureRegions } from './region-finder.ts';
import { trimUniformMargins } from './trim.ts';

export { FingerprintError } from './errors.ts';
export { MAX_INPUT_PIXELS } from './decode.ts';
export { hammingDistance } from './phash.ts';

export type Fingerprint = {
  /** 64-bit perceptual hash of the whole frame, 16 hex chars (stored in an indexed column; used for exact/near lookups). */
  phash: string;
  /** Extra hashes stored at index time to survive crops and margins, 16 hex chars each. */
  variants: string[];
};

/**
 * Distance at or below which two hashes are the same picture. Measured (corpus and layout tests,
 * bench/phash-corpus.ts): true matches — resizes, recompression, crops, screenshots — are at most
 * 4 bits apart, unrelated photos (hard negatives included) at least 16. 10 leaves 6 bits either
 * side. Distances are always even: every hash has exactly 32 bits set (median threshold).
 */
export const MATCH_THRESHOLD = 10;

/**
 * Originals are hashed from a copy at most this size: plenty for a 32x32 hash, and small enough
 * that a 12 MP photo (4000 or 4032 px wide) decodes at 1/8 scale — sharp shrinks a JPEG on load
 * by 8 only when the whole reduction is at least 9x (512 px would decode at 1/4, 25 % slower).
 */
export const INDEX_SIDE = 400;
/** Queries need their full detail so region edges can be found to the pixel; larger ones are reduced to this. */
const QUERY_SIDE = 1600;
/** Centre crops stored at index time: what is left after cutting this share from every side. */
const CROP_MARGINS = [0.05, 0.1];
/** A trimmed box this much smaller than the frame (on some side) is worth its own hash. */
const MIN_TRIM = 0.02;

export async function fingerprintImage(input: Buffer | string): Promise<Fingerprint> {
  return fingerprintRaster(await decodeRaster(input, INDEX_SIDE));
}

/** The index-time fingerprint of an image already decoded to at most INDEX_SIDE (ingest decodes once for this and the thumbnail). */
export function fingerprintRaster(img: Raster): Fingerprint {
  const luma = lumaPlane(img);
  const hash = (r: Rect) => phashRect(luma, img.width, r);
  const frame = fullRect(img);
  const variants = CROP_MARGINS.map((m) => hash(centreCrop(frame, m)));
  const trimmed = trimUniformMargins(img);
  if (cutShare(frame, trimmed) >= MIN_TRIM && rectWidth(trimmed) >= 8 && rectHeight(trimmed) >= 8) variants.push(hash(trimmed));
  return { phash: hash(frame), variants: unique(variants) };
}

/** Candidate hashes of the whole image and of the image regions found in it. */
export async function queryHashes(input: Buffer | string): Promise<string[]> {
  const img = await decodeRaster(input, QUERY_SIDE);
  const luma = lumaPlane(img);
  const rects = [fullRect(img), ...pictureRegions(img)];
  return unique(rects.map((r) => phashRect(luma, img.width, r)));
}

/**
 * Where in a query (a claim screenshot) the stored image was found: the region whose hash is
 * nearest to any stored hash, as shares of the query's width and height (so it applies to the
 * file at any size), with its distance. Null when no region is within MATCH_THRESHOLD.
 */
export async function locateMatch(input: Buffer, stored: Fingerprint): Promise<{ box: { left: number; top: number; width: number; height: number }; distance: number } | null> {
  const img = await decodeRaster(input, QUERY_SIDE);
  const luma = lumaPlane(img);
  let best: { rect: Rect; distance: number } | null = null;
  for (const rect of [fullRect(img), ...pictureRegions(img)]) {
    const distance = bestDistance([phashRect(luma, img.width, rect)], stored);
    // A smaller region wins a tie: it is the picture, not the page around it.
    if (!best || distance < best.distance || (distance === best.distance && rectWidth(rect) * rectHeight(rect) < rectWidth(best.rect) * rectHeight(best.rect))) best = { rect, distance };
  }
  if (!best || best.distance > MATCH_THRESHOLD) return null;
  const { rect } = best;
  return { box: { left: rect.left / img.width, top: rect.top / img.height, width: rectWidth(rect) / img.width, height: rectHeight(rect) / img.height }, distance: best.distance };
}

/** Best (smallest) distance between any query hash and any of the stored hashes of one image. */
export function bestDistance(query: string[], stored: Fingerprint): number {
  let best = 64;
  for (const q of query) {
    for (const s of [stored.phash, ...stored.variants]) best = Math.min(best, hammingDistance(q, s));
  }
  return best;
}

function centreCrop(r: Rect, margin: number): Rect {
  const dx = Math.floor(rectWidth(r) * margin);
  const dy = Math.floor(rectHeight(r) * margin);
  return { left: r.left + dx, top: r.top + dy, right: r.right - dx, bottom: r.bottom - dy };
}

function cutShare(frame: Rect, inner: Rect): number {
  const w = rectWidth(frame);
  const h = rectHeight(frame);
  return Math.max((inner.left - frame.left) / w, (frame.right - inner.right) / w, (inner.top - frame.top) / h, (frame.bottom - inner.bottom) / h);
}

const unique = (xs: string[]) => [...new Set(xs)];
