import type { WpAttachment } from '@clearance/contracts';
import { pointerSegment } from '../../plugins/problem.ts';

/** `from` is where in the attachment the URL came from, as a JSON pointer (for refusals). */
export type UrlVariant = { url: string; kind: 'original' | 'scaled' | 'original_image' | 'size' | 'sibling'; sizeName: string | null; width: number | null; height: number | null; from: string };

/** A pixel size as stored (a 32-bit integer); anything else is no size. */
const toInt = (v: number | string | undefined) => {
  const n = typeof v === 'string' ? Number.parseInt(v, 10) : v;
  return Number.isInteger(n) && n! > 0 && n! <= 2_147_483_647 ? n! : null;
};

/**
 * The URL of `file` in the same uploads folder as `base` (WordPress keeps every size beside the
 * original); the text as given when it cannot be resolved (a `base` that is no URL, a lone
 * surrogate), so that the caller's URL rule refuses it instead of this throwing.
 */
function sibling(base: string, file: string): string {
  try {
    return new URL(encodeURI(file).replace(/%25([0-9A-F]{2})/gi, '%$1'), base).toString();
  } catch {
    return file;
  }
}

const pointer = (...segments: string[]) => segments.map(pointerSegment).join('');

/**
 * Every URL an attachment is served under: the main file (`-scaled` when WordPress made a
 * big image smaller), the untouched original, each generated size and any format siblings.
 * Each of them can be what a claim letter points at, and each must be gone after a takedown.
 */
export function urlVariants(attachment: WpAttachment): UrlVariant[] {
  const out = new Map<string, UrlVariant>();
  const add = (v: UrlVariant) => {
    if (!out.has(v.url)) out.set(v.url, v);
  };
  const details = attachment.media_details ?? {};
  const main = attachment.source_url;
  add({
    url: main,
    kind: /-scaled\.[a-z0-9]+$/i.test(main) ? 'scaled' : 'original',
    sizeName: null,
    width: toInt(details.width),
    height: toInt(details.height),
    from: '/source_url',
  });
  if (details.original_image) add({ url: sibling(main, details.original_image), kind: 'original_image', sizeName: null, width: null, height: null, from: '/media_details/original_image' });
  for (const [sizeName, size] of Object.entries(details.sizes ?? {})) {
    const url = size.source_url ?? (size.file ? sibling(main, size.file) : null);
    if (!url) continue;
    const from = pointer('media_details', 'sizes', sizeName, size.source_url !== undefined ? 'source_url' : 'file');
    add({ url, kind: url === main ? 'original' : 'size', sizeName, width: toInt(size.width), height: toInt(size.height), from });
    for (const [format, src] of Object.entries(size.sources ?? {})) {
      const siblingUrl = src.source_url ?? (src.file ? sibling(main, src.file) : null);
      const siblingFrom = pointer('media_details', 'sizes', sizeName, 'sources', format, src.source_url !== undefined ? 'source_url' : 'file');
      if (siblingUrl) add({ url: siblingUrl, kind: 'sibling', sizeName, width: toInt(size.width), height: toInt(size.height), from: siblingFrom });
    }
  }
  return [...out.values()];
}

/** The best file to fetch: the untouched original when WordPress kept one, else the main file. */
export function fetchUrlOf(attachment: WpAttachment): string {
  const original = attachment.media_details?.original_image;
  return original ? sibling(attachment.source_url, original) : attachment.source_url;
}

/** `%`-decoded text; as given when it is no valid percent-encoding (`100%.jpg`, `%E0%A4`). */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The name the owner uploaded: the original's, not the `-scaled` copy's. */
export function uploadedFilename(attachment: WpAttachment): string {
  let last = '';
  try {
    last = new URL(fetchUrlOf(attachment)).pathname.split('/').pop() ?? '';
  } catch {
    // no URL, so no name from it
  }
  return decoded(last) || `attachment-${attachment.id}`;
}
