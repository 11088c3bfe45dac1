import sharp from 'sharp';

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
