import { isServableUrl, type assetUrlKinds } from '@clearance/contracts';
import { generatedSizes, makesScaledCopy } from './wordpress-sizes.rules.ts';

type AssetUrlKind = (typeof assetUrlKinds)[number];
export type RecordedUrl = { url: string; kind: AssetUrlKind; sizeName: string | null; width: number | null; height: number | null };

export type TakedownUrlInput = {
  /** The site's configured base URL: only its origin is ever requested. */
  siteBaseUrl: string;
  mimeType: string;
  /** The original upload's dimensions, when known. */
  width: number | null;
  height: number | null;
  /** Every URL recorded for the asset (asset_urls). */
  urls: readonly RecordedUrl[];
  /** EXIF orientation (1-8) of the original, when known: WordPress turns JPEGs upright before making sizes. */
  orientation?: number | null;
  /** URLs an earlier check of the same takedown requested: each keeps being checked until it is gone. */
  previouslyChecked?: readonly string[];
};

/** `recorded`: stored for the asset; `previous`: checked before; `wordpress`: a file WordPress would have made. */
export type UrlToCheck = { url: string; source: 'recorded' | 'previous' | 'wordpress'; note: string };
export type SkippedUrl = { url: string; reason: string };

const kindOrder: readonly AssetUrlKind[] = ['original', 'scaled', 'original_image', 'size', 'sibling'];

/** Formats WordPress 6 can add beside a JPEG or PNG: core's `image_editor_output_format` and the Modern Image Formats plugin. */
const siblingFormats = ['webp', 'avif'] as const;

type Base = { folder: string; stem: string; ext: string };

/** exifr's names for the EXIF orientations (it translates the number unless told not to). */
const orientationNames = ['horizontal (normal)', 'mirror horizontal', 'rotate 180', 'mirror vertical', 'mirror horizontal and rotate 270 cw', 'rotate 90 cw', 'mirror horizontal and rotate 90 cw', 'rotate 270 cw'];

/** The EXIF orientation recorded in an asset's raw metadata (`ifd0.Orientation`), as a number. */
export function exifOrientation(rawMetadata: unknown): number | null {
  const ifd0 = (rawMetadata as { ifd0?: { Orientation?: unknown } } | null)?.ifd0;
  const value = ifd0?.Orientation;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8) return value;
  if (typeof value === 'string') {
    const index = orientationNames.indexOf(value.toLowerCase());
    return index >= 0 ? index + 1 : null;
  }
  return null;
}

/** The uploads folder, the name without suffixes, and the extension of the original upload. */
function baseOf(urls: readonly RecordedUrl[]): Base | null {
  // A size's name is the original's plus `-WxH`; the scaled copy's plus `-scaled`.
  const ranked: [AssetUrlKind, RegExp | null][] = [
    ['original_image', null],
    ['original', null],
    ['scaled', /-scaled$/],
    ['size', /-\d+x\d+$/],
  ];
  for (const [kind, suffix] of ranked) {
    for (const recorded of urls) {
      if (recorded.kind !== kind) continue;
      let url: URL;
      try {
        url = new URL(recorded.url);
      } catch {
        continue;
      }
      const slash = url.pathname.lastIndexOf('/');
      const match = /^(.+)\.([A-Za-z0-9]+)$/.exec(url.pathname.slice(slash + 1));
      if (!match) continue;
      return { folder: `${url.origin}${url.pathname.slice(0, slash + 1)}`, stem: suffix ? match[1]!.replace(suffix, '') : match[1]!, ext: match[2]! };
    }
  }
  return null;
}

/** Dimensions the sizes are computed from: the original's; a recorded main file's when that is all there is. */
function dimensionsOf(input: TakedownUrlInput): { width: number; height: number } | null {
  if (input.width && input.height) return { width: input.width, height: input.height };
  for (const kind of ['original_image', 'original', 'scaled'] as const) {
    const known = input.urls.find((u) => u.kind === kind && u.width && u.height);
    if (known) return { width: known.width!, height: known.height! };
  }
  return null;
}

/** The files WordPress would have written for this upload, named as WordPress names them. */
function wordpressFiles(input: TakedownUrlInput, base: Base): UrlToCheck[] {
  const { folder, stem, ext } = base;
  const isPng = input.mimeType === 'image/png' || /^png$/i.test(ext);
  const isJpeg = input.mimeType === 'image/jpeg' || /^jpe?g$/i.test(ext);
  const dims = dimensionsOf(input);
  const orientation = isJpeg ? (input.orientation ?? 1) : 1;
  // File names without extension, each with what it is.
  const names: [string, string][] = [[stem, 'original upload']];
  // Without dimensions a -scaled copy cannot be ruled out, so it is checked.
  const scaled = dims ? makesScaledCopy(dims.width, dims.height, input.mimeType) : !isPng;
  if (scaled) names.push([`${stem}-scaled`, 'scaled copy (images over 2560 px)']);
  // A JPEG not scaled but with an EXIF orientation gets an upright `-rotated` copy as its main file.
  else if (orientation !== 1) names.push([`${stem}-rotated`, 'upright copy (EXIF orientation)']);
  if (dims) {
    // Sizes are cut from the upright image: orientations 5-8 swap width and height.
    const [w, h] = orientation >= 5 ? [dims.height, dims.width] : [dims.width, dims.height];
    for (const size of generatedSizes(w, h)) names.push([`${stem}-${size.width}x${size.height}`, `default size ${size.name}`]);
  }
  for (const recorded of input.urls) {
    if (recorded.kind === 'size' && recorded.width && recorded.height) {
      names.push([`${stem}-${recorded.width}x${recorded.height}`, `recorded size ${recorded.sizeName ?? ''}`.trim()]);
    }
  }
  const files = names.map(([name, note]) => ({ url: `${folder}${name}.${ext}`, source: 'wordpress' as const, note }));
  if (isJpeg || isPng) {
    for (const [name, note] of names) {
      for (const format of siblingFormats) {
        // Core's output-format filter keeps the name; the Modern Image Formats plugin adds the source extension.
        files.push({ url: `${folder}${name}.${format}`, source: 'wordpress', note: `${format} sibling of ${note}` });
        files.push({ url: `${folder}${name}-${ext}.${format}`, source: 'wordpress', note: `${format} sibling of ${note} (Modern Image Formats)` });
      }
    }
  }
  return files;
}

/** The query is kept as recorded (a server may key on it); the fragment is dropped: it is never sent. */
function normalized(raw: string): URL | null {
  try {
    const url = new URL(raw);
    url.hash = '';
    return url;
  } catch {
    return null;
  }
}

/**
 * Every URL a takedown must find gone: each recorded one, each one an earlier check requested,
 * and every file WordPress would have generated from the upload's name and size (`-scaled` or
 * `-rotated`, the default sizes, the recorded sizes, WebP/AVIF siblings). De-duplicated, in a fixed order.
 * Only URLs on the site's own origin are checked; the rest are listed as skipped, never requested.
 */
export function takedownUrls(input: TakedownUrlInput): { check: UrlToCheck[]; skipped: SkippedUrl[] } {
  const siteOrigin = new URL(input.siteBaseUrl).origin;
  const recorded = [...input.urls].sort(
    (a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || (a.width ?? 0) - (b.width ?? 0) || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0),
  );
  const base = baseOf(recorded);
  const all: UrlToCheck[] = [
    ...recorded.map((u) => ({ url: u.url, source: 'recorded' as const, note: u.sizeName ? `recorded ${u.kind} ${u.sizeName}` : `recorded ${u.kind}` })),
    ...(input.previouslyChecked ?? []).map((url) => ({ url, source: 'previous' as const, note: 'checked before' })),
    ...(base ? wordpressFiles(input, base) : []),
  ];
  const seen = new Set<string>();
  const check: UrlToCheck[] = [];
  const skipped: SkippedUrl[] = [];
  for (const candidate of all) {
    const url = normalized(candidate.url);
    const key = url?.href ?? candidate.url;
    if (seen.has(key)) continue;
    seen.add(key);
    // The served-URL rule (served-url.ts) first: a javascript:, data: or credentialed URL is never requested.
    if (!url || !isServableUrl(url.href)) skipped.push({ url: candidate.url, reason: url?.username || url?.password ? 'has credentials in it' : 'not an http(s) URL' });
    else if (url.origin !== siteOrigin) skipped.push({ url: key, reason: `on ${url.origin}, not the site's origin ${siteOrigin}` });
    else check.push({ ...candidate, url: key });
  }
  return { check, skipped };
}
