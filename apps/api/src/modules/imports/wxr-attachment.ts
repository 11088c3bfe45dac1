import type { WpAttachment } from '@clearance/contracts';
import { creditMetaKeys, readCmsCredit } from './credit-fields.ts';
import { phpUnserialize } from './php-unserialize.ts';
import { attachmentProblem, checkAttachment, fromWpAttachment, mimeTypeOf, type ImportedAttachment } from './imported-attachment.ts';
import type { WxrChannel, WxrItem } from './wxr-reader.ts';

/** The postmeta keys an import reads; every other meta row of an item is skipped while parsing. */
export const wxrMetaKeys: ReadonlySet<string> = new Set(['_wp_attached_file', '_wp_attachment_metadata', ...creditMetaKeys]);

type AttachmentMetadata = NonNullable<WpAttachment['media_details']>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const dim = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

/**
 * `_wp_attachment_metadata` is a PHP-serialized array (wp_generate_attachment_metadata): width,
 * height, file, filesize, original_image, sizes { name: { file, width, height, mime-type } },
 * image_meta. Serialized objects are refused (no class is ever instantiated); anything that does
 * not read leaves the attachment with what the rest of its item says.
 */
export function parseAttachmentMetadata(serialized: string | undefined): { metadata: AttachmentMetadata | null; problem: string | null } {
  if (!serialized || !serialized.trim()) return { metadata: null, problem: null };
  let value: unknown;
  try {
    value = phpUnserialize(serialized.trim());
  } catch (error) {
    return { metadata: null, problem: `_wp_attachment_metadata does not unserialize: ${(error as Error).message.slice(0, 200)}` };
  }
  if (!isRecord(value)) return { metadata: null, problem: null };
  const sizes: NonNullable<AttachmentMetadata['sizes']> = {};
  if (isRecord(value.sizes)) {
    for (const [name, size] of Object.entries(value.sizes)) {
      if (!isRecord(size) || !str(size.file)) continue;
      sizes[name] = { // a long name is cut, with a note, when the asset is written (contracts text-limits)
        file: str(size.file)!.slice(0, 1000),
        ...(dim(size.width) !== undefined ? { width: dim(size.width)! } : {}),
        ...(dim(size.height) !== undefined ? { height: dim(size.height)! } : {}),
        ...(str(size['mime-type']) ? { mime_type: str(size['mime-type'])! } : {}),
      };
    }
  }
  const metadata: AttachmentMetadata = {
    ...(dim(value.width) !== undefined ? { width: dim(value.width)! } : {}),
    ...(dim(value.height) !== undefined ? { height: dim(value.height)! } : {}),
    ...(str(value.file) ? { file: str(value.file)!.slice(0, 1000) } : {}),
    ...(dim(value.filesize) !== undefined ? { filesize: dim(value.filesize)! } : {}),
    ...(str(value.original_image) ? { original_image: str(value.original_image)!.slice(0, 1000) } : {}),
    sizes,
    ...(isRecord(value.image_meta) ? { image_meta: value.image_meta } : {}),
  };
  return { metadata, problem: null };
}

/**
 * The file's URL as WordPress serves it: the upload base (attachment_url minus
 * `_wp_attached_file`) + the metadata's `file`, which is the `-scaled` copy when WordPress made
 * one; every size sits beside it.
 */
function sourceUrlOf(attachmentUrl: string, attachedFile: string | undefined, metadataFile: string | undefined): string {
  if (!attachedFile || !metadataFile || !attachmentUrl.endsWith(attachedFile)) return attachmentUrl;
  return attachmentUrl.slice(0, attachmentUrl.length - attachedFile.length) + metadataFile;
}

export type WxrItemResult = { record: ImportedAttachment; note: string | null } | { error: string };

/** A WXR `<item>` of post type attachment, read into the REST attachment shape, checked by the same schema, and mapped. */
export function attachmentFromWxrItem(item: WxrItem, channel: WxrChannel): WxrItemResult {
  const id = Number(item.postId);
  const url = item.attachmentUrl || item.guid;
  const attachedFile = item.meta.get('_wp_attached_file')?.trim() || undefined;
  const { metadata, problem } = parseAttachmentMetadata(item.meta.get('_wp_attachment_metadata'));
  const candidate = {
    id,
    ...(item.postDate ? { date: item.postDate.replace(' ', 'T') } : {}),
    ...(item.postDateGmt ? { date_gmt: item.postDateGmt.replace(' ', 'T') } : {}),
    source_url: sourceUrlOf(url, attachedFile, metadata?.file),
    mime_type: mimeTypeOf(url),
    title: { raw: item.title },
    ...(metadata ? { media_details: metadata } : {}),
  };
  if (!checkAttachment(candidate)) return { error: attachmentProblem() };
  const creator = item.creator.trim();
  const authorId = creator ? channel.authors.get(creator) : undefined;
  try {
    const record = fromWpAttachment(candidate, {
      credit: readCmsCredit((key) => item.meta.get(key)),
      uploadedBy: creator ? `wordpress-user:${authorId ?? creator}` : null,
    });
    return { record, note: problem };
  } catch (error) {
    return { error: `attachment URL "${url.slice(0, 200)}" is not usable: ${(error as Error).message}` };
  }
}
