import sharp from 'sharp';
import type { Raster } from './fingerprint/raster.ts';

/** Decoding is bounded: an image claiming billions of pixels (a pixel flood) is refused, not attempted. */
export const maxInputPixels = 100_000_000;

/** A small WebP for lists and claim matching screens: 320 px on its longest side. */
export async function makeThumbnail(image: Buffer): Promise<Buffer> {
  return sharp(image, { limitInputPixels: maxInputPixels, failOn: 'none' })
    .rotate()
    .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .webp({ quality: 70 })
    .toBuffer();
}

/** The same thumbnail from an already decoded (oriented, flattened) copy, so ingest decodes the upload once. */
export async function thumbnailFromRaster(img: Raster): Promise<Buffer> {
  return sharp(img.rgb, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 70 })
    .toBuffer();
}
