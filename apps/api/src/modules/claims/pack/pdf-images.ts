import sharp from 'sharp';
import { maxInputPixels } from '../../ingest/thumbnail.ts';

export type PdfImage = { ok: true; jpeg: Buffer; width: number; height: number } | { ok: false; reason: string };

/**
 * PDFKit embeds only JPEG and PNG, and stored thumbnails are WebP while claim screenshots can be
 * anything: every picture is re-encoded as a bounded JPEG (oriented, transparency on white). A file
 * that cannot be decoded becomes a stated reason, never a failed pack.
 */
export async function toPdfImage(bytes: Buffer | null | undefined, maxSide = 1000): Promise<PdfImage> {
  if (!bytes || bytes.length === 0) return { ok: false, reason: 'No image stored' };
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'none' })
      .rotate()
      .resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, jpeg: data, width: info.width, height: info.height };
  } catch {
    return { ok: false, reason: 'The stored file could not be decoded as an image' };
  }
}
