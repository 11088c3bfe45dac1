import sharp from 'sharp';
import { locateMatch, type Fingerprint } from '../../ingest/fingerprint/index.ts';
import { maxInputPixels } from '../../ingest/thumbnail.ts';
import type { MatchedRegion } from './pack.types.ts';

/** The crop is enlarged until its longer side has this many pixels (never more than 4x), so a small picture in a page screenshot can be compared by eye. */
const enlargedSide = 900;
const maxEnlargement = 4;

/**
 * The part of the claimant's screenshot that matched the stored image, cropped and enlarged: for
 * each claim image, the region whose perceptual hash is nearest the asset's stored hashes; the best
 * over all claim images wins. Null when no claim image holds the picture (or none can be decoded).
 */
export async function matchedRegion(claimImages: Array<{ filename: string; bytes: Buffer }>, stored: Fingerprint | null): Promise<MatchedRegion | null> {
  if (!stored) return null;
  let best: MatchedRegion | null = null;
  for (const image of claimImages) {
    try {
      const found = await locateMatch(image.bytes, stored);
      if (!found || (best && best.distance <= found.distance)) continue;
      const oriented = await sharp(image.bytes, { limitInputPixels: maxInputPixels }).rotate().toBuffer({ resolveWithObject: true });
      const { width, height } = oriented.info;
      const left = Math.min(width - 1, Math.round(found.box.left * width));
      const top = Math.min(height - 1, Math.round(found.box.top * height));
      const box = { left, top, width: Math.max(1, Math.min(width - left, Math.round(found.box.width * width))), height: Math.max(1, Math.min(height - top, Math.round(found.box.height * height))) };
      const scale = Math.max(1, Math.min(maxEnlargement, enlargedSide / Math.max(box.width, box.height)));
      const png = await sharp(oriented.data, { limitInputPixels: maxInputPixels })
        .extract(box)
        .resize(Math.round(box.width * scale), Math.round(box.height * scale), { kernel: 'lanczos3' })
        .png()
        .toBuffer();
      best = { claimImageFilename: image.filename, sourceWidth: width, sourceHeight: height, box, enlargement: scale, distance: found.distance, png };
    } catch {
      // a claim image that cannot be decoded shows no region; the summary says so
    }
  }
  return best;
}
