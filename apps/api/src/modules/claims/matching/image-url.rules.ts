/**
 * What a claim letter's URL and a stored asset URL have in common when they are "the same image":
 * the host without `www`, the folder, and the file name without its extension (format siblings)
 * and without the suffixes WordPress adds to copies of one upload: `-300x200` (a generated size),
 * `-scaled` (big originals reduced), `-rotated`, `-e1700000000000` (edited in the media library).
 * Scheme, port, query string and fragment (CDN resizing parameters, cache busters) are ignored.
 */
export type ImageUrlKey = {
  /** host + folder + stem, lower-cased: equal keys are the same upload. */
  key: string;
  /** The file name without extension and WordPress suffixes, as written. */
  stem: string;
  extension: string | null;
};

const wordpressSuffix = /(?:-\d{1,5}x\d{1,5}|-scaled|-rotated|-e\d{10,14}|@[23]x)$/i;

export function imageUrlKey(raw: string): ImageUrlKey | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  const slash = path.lastIndexOf('/');
  const folder = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  if (!name) return null;
  const { stem, extension } = splitName(name);
  return { key: `${host}${folder}${stem}`.toLowerCase(), stem, extension };
}

/** A file name's stem (WordPress suffixes removed, repeatedly: `-scaled-300x200`) and extension. */
export function splitName(name: string): { stem: string; extension: string | null } {
  const dot = name.lastIndexOf('.');
  const hasExtension = dot > 0 && /^[a-z0-9]{2,5}$/i.test(name.slice(dot + 1));
  let stem = hasExtension ? name.slice(0, dot) : name;
  for (let i = 0; i < 4 && wordpressSuffix.test(stem); i++) stem = stem.replace(wordpressSuffix, '');
  return { stem, extension: hasExtension ? name.slice(dot + 1).toLowerCase() : null };
}

/** Image extensions a WordPress upload (or its format sibling) may have; for looking up file names by stem. */
export const imageExtensions = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'avif', 'heic', 'tif', 'tiff', 'bmp'];

/** File names an upload with this stem may have been stored under (as written and lower-cased). */
export function candidateFilenames(stem: string): string[] {
  const stems = [...new Set([stem, stem.toLowerCase()])];
  return stems.flatMap((s) => imageExtensions.flatMap((e) => [`${s}.${e}`, `${s}.${e.toUpperCase()}`]));
}

/** The host a URL names, lower-cased and without `www.`: `http://WWW.Example.com:8080/x` and `https://example.com/y` name the same site. */
export function siteHost(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/**
 * The spellings of one URL a stored copy may have been recorded under: http or https, with or
 * without `www.`, without query and fragment. For an indexed exact lookup before the key comparison.
 */
export function urlSpellings(raw: string): string[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
  const host = url.host.toLowerCase().replace(/^www\./, '');
  const rest = url.pathname;
  return [raw, ...['https', 'http'].flatMap((scheme) => [`${scheme}://${host}${rest}`, `${scheme}://www.${host}${rest}`])].filter((u, i, all) => all.indexOf(u) === i);
}
