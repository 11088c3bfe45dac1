import type { WpAttachment } from '@clearance/contracts';

export type UrlVariant = { url: string; kind: 'original' | 'scaled' | 'original_image' | 'size' | 'sibling'; sizeName: string | null; width: number | null; height: number | null };

/** A pixel size as stored (a 32-bit integer); anything else is no size. */
const toInt = (v: number | string | undefined) => {
  const n = typeof v === 'string' ? Number.parseInt(v, 10) : v;
  return Number.isInteger(n) && n! > 0 && n! <= 2_147_483_647 ? n! : null;
};

/** The URL of `file` in the same uploads folder as `base` (WordPress keeps every size beside the original). */
function sibling(base: string, file: string): string {
  return new URL(encodeURI(file).replace(/%25([0-9A-F]{2})/gi, '%$1'), base).toString();
}

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
  });
  if (details.original_image) add({ url: sibling(main, details.original_image), kind: 'original_image', sizeName: null, width: null, height: null });
  for (const [sizeName, size] of Object.entries(details.sizes ?? {})) {
    const url = size.source_url ?? (size.file ? sibling(main, size.file) : null);
    if (!url) continue;
    add({ url, kind: url === main ? 'original' : 'size', sizeName, width: toInt(size.width), height: toInt(size.height) });
    for (const [, src] of Object.entries(size.sources ?? {})) {
      const siblingUrl = src.source_url ?? (src.file ? sibling(main, src.file) : null);
      if (siblingUrl) add({ url: siblingUrl, kind: 'sibling', sizeName, width: toInt(size.width), height: toInt(size.height) });
    }
  }
  return [...out.values()];
}

/** The best file to fetch: the untouched original when WordPress kept one, else the main file. */
export function fetchUrlOf(attachment: WpAttachment): string {
  const original = attachment.media_details?.original_image;
  return original ? sibling(attachment.source_url, original) : attachment.source_url;
}

/** The name the owner uploaded: the original's, not the `-scaled` copy's. */
export function uploadedFilename(attachment: WpAttachment): string {
  const fromUrl = decodeURIComponent(new URL(fetchUrlOf(attachment)).pathname.split('/').pop() ?? '');
  return fromUrl || `attachment-${attachment.id}`;
}
