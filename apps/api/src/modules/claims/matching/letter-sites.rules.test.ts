import { describe, expect, it } from 'vitest';
import { isSiteNamed, letterHosts, placementOf, scoreOf } from './letter-sites.rules.ts';

describe("the letter's hosts", () => {
  const hosts = letterHosts(['https://www.harbour-a.example/2025/04/post/', 'http://CDN.Harbour-A.example/x.jpg', 'not a url', 'mailto:a@b.example']);

  it('are the hosts of its http(s) URLs, lower-cased, without www', () => {
    expect([...hosts].sort()).toEqual(['cdn.harbour-a.example', 'harbour-a.example']);
  });

  it("name a site by its own host or by a host its asset's URLs are served from", () => {
    expect(isSiteNamed(hosts, { baseUrl: 'https://harbour-a.example/blog' }, [])).toBe(true);
    expect(isSiteNamed(hosts, { baseUrl: 'http://www.harbour-a.example:8080' }, [])).toBe(true);
    expect(isSiteNamed(hosts, { baseUrl: 'https://harbour-b.example' }, ['https://cdn.harbour-a.example/u/x.jpg'])).toBe(true);
    // A neighbour's subdomain or a host that merely ends the same is another site.
    expect(isSiteNamed(hosts, { baseUrl: 'https://shop.harbour-a.example' }, [])).toBe(false);
    expect(isSiteNamed(hosts, { baseUrl: 'https://myharbour-a.example' }, [])).toBe(false);
  });

  it('place an asset on a named site, another site, or nowhere when the letter names no host', () => {
    expect(placementOf(hosts, { baseUrl: 'https://harbour-a.example' }, [])).toBe('named');
    expect(placementOf(hosts, { baseUrl: 'https://quay-b.example' }, [])).toBe('other');
    expect(placementOf(letterHosts([]), { baseUrl: 'https://quay-b.example' }, [])).toBe('no_host_in_letter');
  });
});

describe('candidate scores', () => {
  const methods = [
    ['url', null],
    ['sha256', 0],
    ['phash', 0],
    ['phash', 10],
    ['filename', null],
  ] as const;

  it('without a host in the letter, rank by method and distance as always', () => {
    expect(methods.map(([m, d]) => scoreOf(m, d, 'no_host_in_letter'))).toEqual([0.95, 1, 0.9, 0.8, 0.6]);
  });

  it('rank every match on a named site above every match elsewhere', () => {
    const named = methods.map(([m, d]) => scoreOf(m, d, 'named'));
    const other = methods.map(([m, d]) => scoreOf(m, d, 'other'));
    expect(Math.min(...named)).toBeGreaterThan(Math.max(...other));
    for (const s of [...named, ...other]) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it("on a named site, the letter's URL of this very upload ranks first, then the same bytes, then the picture", () => {
    const [url, sha, phash0, phash10, filename] = methods.map(([m, d]) => scoreOf(m, d, 'named'));
    expect(url).toBe(1);
    expect(url).toBeGreaterThan(sha!);
    expect(sha).toBeGreaterThan(phash0!);
    expect(phash0).toBeGreaterThan(phash10!);
    expect(phash10).toBeGreaterThan(filename!);
  });
});
