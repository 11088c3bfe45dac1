import { isServableUrl, textLimits, WpAttachmentSchema, type RightsField, type WpAttachment } from '@clearance/contracts';
import { compileExact } from '../../plugins/validation.ts';
import { fetchUrlOf, uploadedFilename, urlVariants, type UrlVariant } from '../ingest/url-variants.ts';
import { readCmsCredit, type CmsCredit } from './credit-fields.ts';

/** One attachment as an import read it (from a REST page or a WXR item), before it is written. */
export type ImportedAttachment = {
  cmsId: string;
  filename: string;
  title: string | null;
  mimeType: string;
  bytes: number | null;
  width: number | null;
  height: number | null;
  uploadedAt: Date | null;
  uploadedBy: string | null;
  urls: UrlVariant[];
  /** Rights metadata WordPress extracted into `image_meta`, where its fields map. */
  rights: Partial<Record<RightsField, string>>;
  credit: CmsCredit | null;
  /** The file to fetch: the untouched original when WordPress kept one. */
  fetchUrl: string;
};

/** The attachment shape the webhook accepts is the one imports accept: one schema, one check. */
export const checkAttachment = compileExact(WpAttachmentSchema);

export function attachmentProblem(): string {
  return (checkAttachment.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is not valid'}`).join('; ') || 'not a WordPress attachment';
}

const positive = (v: unknown) => {
  const n = typeof v === 'string' ? Number.parseInt(v, 10) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
};

// Kept whole: the writer cuts each value to its limit and notes the cut (contracts text-limits).
const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');

/**
 * `image_meta` as WordPress reads it from the file at upload (wp_read_image_metadata): only the
 * fields that mean the same as ours. Empty strings and zeros are WordPress's "nothing".
 */
export function rightsFromImageMeta(meta: Record<string, unknown> | undefined): ImportedAttachment['rights'] {
  if (!meta) return {};
  const out: ImportedAttachment['rights'] = {};
  const credit = text(meta.credit);
  const copyright = text(meta.copyright);
  const camera = text(meta.camera);
  if (credit) out.credit = credit;
  if (copyright) out.copyrightNotice = copyright;
  if (camera) out.cameraModel = camera;
  const ts = Number(meta.created_timestamp);
  // WordPress turns EXIF's zone-less local time into a timestamp as if it were UTC; undo that to keep it zone-less.
  if (Number.isFinite(ts) && ts > 0 && ts < 32503680000) out.captureDate = new Date(ts * 1000).toISOString().slice(0, 19);
  return out;
}

/** WordPress dates: `date_gmt` is UTC without a zone; `date` is the site's local time (used only when GMT is unset). */
export function uploadedAtOf(dateGmt: string | undefined | null, date: string | undefined | null): Date | null {
  const zero = (s: string) => /^0000-00-00/.test(s);
  if (dateGmt && !zero(dateGmt)) {
    const gmt = new Date(`${dateGmt.replace(' ', 'T')}Z`);
    if (!Number.isNaN(gmt.getTime())) return gmt;
  }
  if (date && !zero(date)) {
    const local = new Date(date.replace(' ', 'T'));
    if (!Number.isNaN(local.getTime())) return local;
  }
  return null;
}

const mimeByExtension: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', jpe: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif',
  heic: 'image/heic', heif: 'image/heif', tif: 'image/tiff', tiff: 'image/tiff', bmp: 'image/bmp', svg: 'image/svg+xml', ico: 'image/x-icon',
  pdf: 'application/pdf', mp3: 'audio/mpeg', m4a: 'audio/mp4', ogg: 'audio/ogg', wav: 'audio/wav', mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm',
  zip: 'application/zip', doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** WXR carries no MIME type; WordPress itself decides it from the extension (wp_check_filetype). */
export function mimeTypeOf(url: string): string {
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  return (ext && mimeByExtension[ext]) || 'application/octet-stream';
}

/** A checked `/wp/v2/media` attachment (from a crawl page, or built from a WXR item) as an import record. */
export function fromWpAttachment(
  attachment: WpAttachment,
  extra: { credit: CmsCredit | null; uploadedBy?: string | null },
): ImportedAttachment {
  const details = attachment.media_details ?? {};
  return {
    cmsId: String(attachment.id),
    filename: uploadedFilename(attachment),
    title: (attachment.title?.raw ?? attachment.title?.rendered ?? '').trim() || null,
    mimeType: attachment.mime_type || mimeTypeOf(attachment.source_url),
    bytes: positive(details.filesize),
    width: positive(details.width),
    height: positive(details.height),
    uploadedAt: uploadedAtOf(attachment.date_gmt, attachment.date),
    uploadedBy: extra.uploadedBy !== undefined ? extra.uploadedBy : attachment.author !== undefined ? `wordpress-user:${attachment.author}` : null,
    // Only http(s) URLs are served URLs (served-url.ts); an import keeps the rest of the attachment.
    urls: urlVariants(attachment).filter((u) => isServableUrl(u.url) && u.url.length <= textLimits.url),
    rights: rightsFromImageMeta(details.image_meta),
    credit: extra.credit,
    fetchUrl: fetchUrlOf(attachment),
  };
}

/**
 * A REST attachment's credit fields: plugins that register their meta for the REST API put it
 * under `meta`; some add it at the top level.
 */
export function creditOfRestAttachment(raw: Record<string, unknown>): CmsCredit | null {
  const meta = raw.meta && typeof raw.meta === 'object' && !Array.isArray(raw.meta) ? (raw.meta as Record<string, unknown>) : {};
  const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
  return readCmsCredit((key) => first(meta[key]) ?? first(raw[key]));
}
