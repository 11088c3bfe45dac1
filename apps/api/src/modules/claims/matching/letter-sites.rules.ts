import type { MatchMethod } from '@clearance/contracts';
import { siteHost } from './image-url.rules.ts';

/**
 * Which sites a claim letter is about: the hosts of the URLs it names. An asset's site is named
 * when a letter host is the site's own host or the host of one of the asset's stored URLs (a
 * media subdomain or CDN host the site serves its uploads from).
 */
export function letterHosts(letterUrls: readonly string[]): Set<string> {
  return new Set(letterUrls.map(siteHost).filter((h) => h !== null));
}

export function isSiteNamed(hosts: ReadonlySet<string>, site: { baseUrl: string }, assetUrls: readonly string[]): boolean {
  return [site.baseUrl, ...assetUrls].some((u) => {
    const host = siteHost(u);
    return host !== null && hosts.has(host);
  });
}

/** Where the asset sits relative to the letter: on a site it names, on another site, or the letter names no host at all. */
export type SitePlacement = 'named' | 'other' | 'no_host_in_letter';

export function placementOf(hosts: ReadonlySet<string>, site: { baseUrl: string }, assetUrls: readonly string[]): SitePlacement {
  if (!hosts.size) return 'no_host_in_letter';
  return isSiteNamed(hosts, site, assetUrls) ? 'named' : 'other';
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
