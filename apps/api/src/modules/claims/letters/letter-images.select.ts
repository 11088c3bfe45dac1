import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { LetterImage } from './letter.types.ts';
import type { RawPdfImage } from './letter-pdf.extract.ts';

export const imageLimits = {
  maxImages: 10,
  maxCandidates: 60,
  // pixel-flood guard for attachments (sharp's default is 268 M)
  maxInputPixels: 40_000_000,
  // a screenshot or photo; logos, icons, rules and tracking pixels fall below one of these
  minSide: 100,
  minArea: 40_000,
  maxAspect: 5,
};

export type EncodedImage = { filename: string; bytes: Buffer };

const keptFormats = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' } as const;

/** Big enough and not a banner: what a claim screenshot or a photo looks like. */
export function looksLikePicture(width: number, height: number): boolean {
  const { minSide, minArea, maxAspect } = imageLimits;
  return Math.min(width, height) >= minSide && width * height >= minArea && Math.max(width, height) / Math.min(width, height) <= maxAspect;
}

/** E-mail attachments: kept byte for byte when the format is a web format, else converted to PNG; unreadable ones are skipped. */
export async function selectEncodedImages(candidates: EncodedImage[]): Promise<LetterImage[]> {
  const results = await Promise.all(candidates.slice(0, imageLimits.maxCandidates).map(readEncoded));
  return dedupe(results.flatMap((r) => r ?? []));
}

/** PDF images arrive as decoded pixels; they become PNG files. */
export async function selectPdfImages(images: RawPdfImage[], baseName: string): Promise<LetterImage[]> {
  const kept = images.filter((i) => looksLikePicture(i.width, i.height)).slice(0, imageLimits.maxImages);
  const results = await Promise.all(
    kept.map(async (image, index): Promise<LetterImage | null> => {
      try {
        const bytes = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } }).png().toBuffer();
        return { filename: `${baseName}-image-${index + 1}.png`, mimeType: 'image/png', bytes, width: image.width, height: image.height };
      } catch {
        return null;
      }
    }),
  );
  return dedupe(results.flatMap((r) => r ?? []));
}

async function readEncoded(candidate: EncodedImage): Promise<LetterImage | null> {
  try {
    const metadata = await sharp(candidate.bytes, { limitInputPixels: imageLimits.maxInputPixels }).metadata();
    const { width, height, format } = metadata;
    if (!width || !height || !looksLikePicture(width, height)) return null;
    const kept = format in keptFormats ? keptFormats[format as keyof typeof keptFormats] : null;
    if (kept) return { filename: candidate.filename, mimeType: kept, bytes: candidate.bytes, width, height };
    const bytes = await sharp(candidate.bytes, { limitInputPixels: imageLimits.maxInputPixels }).png().toBuffer();
    return { filename: candidate.filename.replace(/(\.[a-z0-9]{1,5})?$/i, '.png'), mimeType: 'image/png', bytes, width, height };
  } catch {
    return null; // not an image sharp can decode: not a screenshot we can offer
  }
}

function dedupe(images: LetterImage[]): LetterImage[] {
  const seen = new Set<string>();
  return images
    .filter((image) => {
      const hash = createHash('sha256').update(image.bytes).digest('hex');
      if (seen.has(hash)) return false;
      seen.add(hash);
      return true;
    })
    .slice(0, imageLimits.maxImages);
}
