/**
 * When an image is "only embedded": a platform (Instagram, YouTube, ...) serves it through its embed
 * and the site holds no copy of its own. Saying so when the site does host a copy is a false answer to
 * a claim, so anything that shows a copy in the library counts as hosted.
 */

/** Platforms whose embeds serve the image themselves, by the hosts of their posts and of their media CDNs. */
const platforms: Array<[RegExp, string]> = [
  [/(^|\.)(instagram\.com|cdninstagram\.com)$/i, 'Instagram'],
  [/(^|\.)(facebook\.com|fb\.com|fbcdn\.net)$/i, 'Facebook'],
  [/(^|\.)(youtube\.com|youtu\.be|ytimg\.com)$/i, 'YouTube'],
  [/(^|\.)(twitter\.com|x\.com|twimg\.com)$/i, 'X (Twitter)'],
  [/(^|\.)(pinterest\.[a-z.]+|pinimg\.com)$/i, 'Pinterest'],
  [/(^|\.)(tiktok\.com|tiktokcdn\.com)$/i, 'TikTok'],
  [/(^|\.)(flickr\.com|staticflickr\.com)$/i, 'Flickr'],
  [/(^|\.)(vimeo\.com|vimeocdn\.com)$/i, 'Vimeo'],
];

/** The platform a URL belongs to, or null for any other host (or no URL at all). */
export function embedPlatformOf(url: string | null | undefined): string | null {
  if (!url) return null;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  return platforms.find(([re]) => re.test(host))?.[1] ?? null;
}

export type HostingFacts = {
  /** The file's hash: set when the file was ingested into the library (or recorded with it). */
  sha256: string | null;
  thumbnailSha256?: string | null;
  /** Every URL the asset is served under (original, scaled, sizes, siblings). */
  urls: Array<{ url: string }>;
};

/**
 * Whether the site hosts a copy of the image: a file of it is in the library, or it is served under a
 * URL that is not a platform's (the site's own host, or a CDN the library offloads to). An asset
 * recorded from an embed has neither: no file, and no URL but the platform's.
 */
export function hostsCopy(asset: HostingFacts): boolean {
  if (asset.sha256 || asset.thumbnailSha256) return true;
  return asset.urls.some((u) => embedPlatformOf(u.url) === null);
}
