import type { MatchMethod } from '@clearance/contracts';
import { imageUrlKey } from './image-url.rules.ts';

/**
 * Which sites a claim letter is about, from the URLs it names. A URL is normalised to the host
 * (lower-cased, without `www.`) and path it points at; a proxy URL that carries the original address
 * (Jetpack Photon `https://i0.wp.com/<host>/<path>`, the Wayback Machine, images.weserv.nl, …)
 * points at that original, not at the proxy.
 *
 * A site is named by a letter URL when
 * - the URL is on the site's host and under its base path (`https://host/blog` is not named by
 *   `https://host/shop/…`: two WordPress installs may share one host);
 * - or the URL is on a subdomain of the site's host (`cdn.example.com` for `example.com`), when the
 *   site sits at the root of its host: whoever controls a host's DNS controls its subdomains, but a
 *   site under a base path is one tenant of a shared host, and the host's subdomains are not its own;
 * - or the URL is in the upload directory of one of the asset's own URLs, on the same host (a media
 *   CDN on another domain, a WordPress multisite subsite whose uploads sit outside its base path);
 * and no other site of the instance claims the URL more specifically (a site at `shop.example.com`
 * or `example.com/shop` takes the URLs under it away from the site at `example.com`). Two sites on
 * one shared hosting domain (`alice.host.example`, `bob.host.example`) never name each other: a
 * sibling is no subdomain.
 */
export type LetterTarget = { host: string; path: string };

/** A site's root: its host and base path, without a trailing slash ('' at the host's root). */
type SiteRoot = LetterTarget;

/** Proxies that serve another host's file with that host in the path: `i0.wp.com/example.com/wp-content/…`. */
const hostInPath: readonly RegExp[] = [/^i[0-3]\.wp\.com$/, /^(?:cdn\.)?statically\.io$/];
/** Proxies that take the original URL as a query parameter. */
const urlInQuery: Readonly<Record<string, string>> = { 'images.weserv.nl': 'url', 'wsrv.nl': 'url' };

const normHost = (host: string) => host.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function parse(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** The original address a proxy URL carries, as a URL string, or null when it is no proxy URL. */
function unwrapProxy(url: URL): string | null {
  const host = normHost(url.hostname);
  if (hostInPath.some((re) => re.test(host))) {
    // statically.io puts a kind first: /img/<host>/<path>
    const rest = host.endsWith('statically.io') ? url.pathname.replace(/^\/(?:img|wp|gh|gl|bb)\//, '/') : url.pathname;
    const m = /^\/+([a-z0-9.-]+\.[a-z]{2,}(?::\d+)?)(\/.*)?$/i.exec(rest);
    return m ? `https://${m[1]}${m[2] ?? '/'}` : null;
  }
  if (host === 'web.archive.org') {
    const m = /^\/web\/\d{1,14}[a-z_]*\/(.+)$/i.exec(url.pathname);
    if (!m) return null;
    const inner = m[1]!.replace(/^(https?):\/+/i, '$1://');
    return /^https?:\/\//i.test(inner) ? inner : `http://${inner}`;
  }
  const param = urlInQuery[host];
  const inner = param ? url.searchParams.get(param) : null;
  if (inner) return /^https?:\/\//i.test(inner) ? inner : `https://${inner.replace(/^\/+/, '')}`;
  return null;
}

/** The host and path a URL points at, through proxies (at most three deep); null for anything but http(s). */
export function targetOf(raw: string): LetterTarget | null {
  let url = parse(raw);
  for (let depth = 0; url && depth < 3; depth++) {
    const inner = unwrapProxy(url);
    if (!inner) break;
    const next = parse(inner);
    if (!next) break;
    url = next;
  }
  if (!url) return null;
  const host = normHost(url.hostname);
  if (!host) return null;
  return { host, path: decoded(url.pathname).toLowerCase() };
}

/** The URL a proxy URL stands for (Photon, Wayback, …), or the URL itself. */
export function originalUrl(raw: string): string {
  let current = raw;
  for (let depth = 0; depth < 3; depth++) {
    const url = parse(current);
    const inner = url ? unwrapProxy(url) : null;
    if (!inner || !parse(inner)) break;
    current = inner;
  }
  return current;
}

function rootOf(baseUrl: string): SiteRoot | null {
  const t = targetOf(baseUrl);
  return t ? { host: t.host, path: t.path.replace(/\/+$/, '') } : null;
}

/**
 * The upload directory of a path, which one site's files share and another site's do not: the
 * WordPress uploads folder with the multisite subsite's `sites/<n>/` when there is one
 * (`/bucket-a/wp-content/uploads/`, `/wp-content/uploads/sites/2/`), else the file's own folder
 * (`/alice/image/upload/v1700000000/` on a shared image CDN). Never the host alone: one CDN or
 * path-style S3 host serves many sites, each under its own path.
 */
function uploadDir(path: string): string {
  const wp = /^(.*?\/wp-content\/uploads\/(?:sites\/\d+\/)?)/.exec(path);
  return wp ? wp[1]! : path.slice(0, path.lastIndexOf('/') + 1);
}

/** Whether a letter target is one of the asset's served files or shares its upload directory (a folder at a host's root is shared by anything there, so only the same file counts). */
function inAssetUploads(t: LetterTarget, served: readonly LetterTarget[]): boolean {
  const dir = uploadDir(t.path);
  const key = imageUrlKey(`https://${t.host}${t.path}`)?.key;
  return served.some((a) => a.host === t.host && (dir === '/' ? key !== undefined && imageUrlKey(`https://${a.host}${a.path}`)?.key === key : uploadDir(a.path) === dir));
}

const under = (path: string, base: string) => base === '' || path === base || path.startsWith(`${base}/`);
const isSubdomain = (host: string, of: string) => host.endsWith(`.${of}`);

/** How specifically a site's root claims a target (higher is more specific), or null when it does not claim it. */
function claimOn(root: SiteRoot, t: LetterTarget): number | null {
  const depth = root.host.split('.').length * 1000 + (root.path ? root.path.split('/').length - 1 : 0);
  if (t.host === root.host) return under(t.path, root.path) ? depth : null;
  if (root.path === '' && isSubdomain(t.host, root.host)) return depth;
  return null;
}

export type SiteRef = { baseUrl: string };

export type LetterSites = {
  /** The hosts the letter names (through proxies), for messages. */
  hosts: string[];
  /** Whether the letter names the asset's site; null when the letter names no host at all (unknown, not "no"). */
  names(site: SiteRef, assetUrls: readonly string[]): boolean | null;
};

/**
 * The letter's URLs read against the sites of the instance (every site, whoever may see it: only a
 * more specific site's existence matters, and nothing of it is shown).
 */
export function letterSites(letterUrls: readonly string[], knownSites: readonly SiteRef[] = []): LetterSites {
  const targets = letterUrls.map(targetOf).filter((t) => t !== null);
  const roots = knownSites.map((s) => ({ baseUrl: s.baseUrl, root: rootOf(s.baseUrl) }));
  const hosts = [...new Set(targets.map((t) => t.host))];
  return {
    hosts,
    names(site, assetUrls) {
      if (!targets.length) return null;
      const root = rootOf(site.baseUrl);
      // Where the asset's files are served (a media CDN, a multisite uploads folder): by host and upload directory, never by host alone.
      const served = assetUrls.map(targetOf).filter((t) => t !== null);
      return targets.some((t) => {
        if (inAssetUploads(t, served)) return true;
        const mine = root ? claimOn(root, t) : null;
        if (mine === null) return false;
        const ownRoot = `${root!.host}${root!.path}`;
        return !roots.some((o) => o.root && `${o.root.host}${o.root.path}` !== ownRoot && (claimOn(o.root, t) ?? -1) > mine);
      });
    },
  };
}

/** Where the asset sits relative to the letter: on a site it names, on another site, or the letter names no host at all. */
export type SitePlacement = 'named' | 'other' | 'no_host_in_letter';

export function placementOf(named: boolean | null): SitePlacement {
  return named === null ? 'no_host_in_letter' : named ? 'named' : 'other';
}

/**
 * How sure each method is, before distance: the same bytes, then the same upload by URL, then the
 * same picture by its perceptual hash (less with every differing bit), then only the same file name.
 */
const methodScore: Record<MatchMethod, number> = { sha256: 1, url: 0.95, phash: 0.9, filename: 0.6, manual: 0 };

/**
 * The candidate's score, 0..1. Without a host in the letter, the method and distance alone rank.
 * When the letter names hosts, every match on a site it names (0.5..1) ranks above every match
 * elsewhere (0..0.5): the same photo on another site is another site's problem, and the letter's
 * URL pointing at this very upload is the surest evidence of all.
 */
export function scoreOf(method: MatchMethod, distance: number | null, placement: SitePlacement): number {
  const base = method === 'phash' ? methodScore.phash - (distance ?? 0) / 100 : methodScore[method];
  if (placement === 'no_host_in_letter') return base;
  if (placement === 'other') return base / 2;
  return 0.5 + (method === 'url' ? 1 : base * 0.98) / 2;
}
