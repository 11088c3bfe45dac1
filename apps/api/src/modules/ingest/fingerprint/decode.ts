import sharp from 'sharp';
import { FingerprintError } from './errors.ts';
import type { Raster } from './raster.ts';

/**
 * Refuse images claiming more pixels than this before decoding anything (a pixel-flood upload is a
 * few KB that would otherwise allocate gigabytes). Same bound as thumbnails.
 */
export const MAX_INPUT_PIXELS = 100_000_000;

/**
 * Decode to 8-bit sRGB that fits inside maxSide x maxSide: EXIF orientation applied (the stored
 * original and a screenshot of it must look the same), alpha flattened onto white (how browsers
 * show it on a typical page), CMYK/grey/16-bit converted. Asking sharp for a reduced size lets
 * JPEG and WebP decode at 1/2..1/8 scale directly (shrink-on-load), which is most of the speed.
 */
export async function decodeRaster(input: Buffer | string, maxSide: number): Promise<Raster> {
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', sequentialRead: true })
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new FingerprintError('corrupt', `Unexpected ${info.channels}-channel decode`);
    return { width: info.width, height: info.height, rgb: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (err) {
    throw toFingerprintError(err);
  }
}

function toFingerprintError(err: unknown): FingerprintError {
  if (err instanceof FingerprintError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // sharp reports everything as a plain Error; its messages are the only way to tell them apart.
  if (/pixel limit/i.test(message)) return new FingerprintError('too-many-pixels', `Image exceeds ${MAX_INPUT_PIXELS} pixels`, { cause: err });
  if (/unsupported image format|Input buffer is empty/i.test(message)) {
    return new FingerprintError('not-an-image', 'Input is not a supported image', { cause: err });
  }
  if (/Input file is missing/i.test(message)) return new FingerprintError('unreadable', message, { cause: err });
  return new FingerprintError('corrupt', `Image could not be decoded: ${message}`, { cause: err });
}
