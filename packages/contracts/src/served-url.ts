/**
 * Which URLs Clearance records as where an asset is served, and which it shows as links. One rule
 * for the webhook, imports, takedown checks and the dashboard:
 *
 * - Only an absolute `http:`/`https:` URL without credentials, whose path is valid
 *   percent-encoded UTF-8, can be a served URL at all; anything else (`javascript:`, `data:`,
 *   `file:`, a relative or unparsable string, `%E0%A4`) is refused.
 * - It is the site's own when its host is the site's host, ignoring a leading `www.`, the scheme
 *   (http/https) and the port: WordPress sites move between those without moving their uploads.
 * - Any other http(s) host (a CDN, an offload plugin's bucket) is recorded, because a claim can
 *   point at it, but as foreign: shown as text, never as a link, and never fetched as the site.
 */
export type ServedUrlStanding = 'own' | 'foreign' | 'refused';

function httpUrl(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || !url.hostname) return null;
  try {
    decodeURIComponent(url.pathname); // `%zz` or `%E0%A4` names no file: a broken URL, not one to record
  } catch {
    return null;
  }
  return url;
}

/** True when the text may be recorded as a served URL (absolute http(s), no credentials). */
export function isServableUrl(text: string): boolean {
  return httpUrl(text) !== null;
}

const bareHost = (url: URL) => url.hostname.toLowerCase().replace(/^www\./, '');

export function servedUrlStanding(text: string, siteBaseUrl: string): ServedUrlStanding {
  const url = httpUrl(text);
  if (!url) return 'refused';
  const site = httpUrl(siteBaseUrl);
  return site && bareHost(site) === bareHost(url) ? 'own' : 'foreign';
}
