import { describe, expect, it } from 'vitest';
import { letterSites, originalUrl, placementOf, scoreOf, targetOf } from './letter-sites.rules.ts';

describe("the letter's hosts", () => {
  const letter = letterSites(['https://www.harbour-a.example/2025/04/post/', 'http://CDN.Harbour-A.example/x.jpg', 'not a url', 'mailto:a@b.example']);
  const names = (baseUrl: string, assetUrls: string[] = []) => letter.names({ baseUrl }, assetUrls);

  it('are the hosts of its http(s) URLs, lower-cased, without www', () => {
    expect([...letter.hosts].sort()).toEqual(['cdn.harbour-a.example', 'harbour-a.example']);
  });

  it("name a site by its own host (www or not, any port), a subdomain of it, or a host its asset's URLs are served from", () => {
    expect(names('http://www.harbour-a.example:8080')).toBe(true);
    expect(letterSites(['https://harbour-a.example/p']).names({ baseUrl: 'https://www.harbour-a.example' }, [])).toBe(true);
    expect(letterSites(['https://media.harbour-a.example/u/x.jpg']).names({ baseUrl: 'https://harbour-a.example' }, [])).toBe(true);
    expect(names('https://harbour-b.example', ['https://cdn.harbour-a.example/x-300x200.jpg'])).toBe(true);
    // A neighbour's subdomain, a parent domain or a host that merely ends the same is another site.
    expect(names('https://shop.harbour-a.example')).toBe(false);
    expect(letterSites(['https://harbour-a.example/x']).names({ baseUrl: 'https://shop.harbour-a.example' }, [])).toBe(false);
    expect(names('https://myharbour-a.example')).toBe(false);
  });

  it('leave it unknown (null), not "no", when the letter names no host at all', () => {
    expect(letterSites([]).names({ baseUrl: 'https://harbour-a.example' }, [])).toBeNull();
    expect(letterSites(['not a url', 'ftp://harbour-a.example/x']).names({ baseUrl: 'https://harbour-a.example' }, [])).toBeNull();
  });

  it('give each site its base path: a URL under /shop does not name the site at /blog on the same host', () => {
    const shopUrl = letterSites(['https://host.example/shop/wp-content/uploads/2025/01/a.jpg']);
    expect(shopUrl.names({ baseUrl: 'https://host.example/blog' }, [])).toBe(false);
    expect(shopUrl.names({ baseUrl: 'https://host.example/shop/' }, [])).toBe(true);
    expect(shopUrl.names({ baseUrl: 'https://host.example' }, [])).toBe(true);
    // /shopping is not under /shop
    expect(letterSites(['https://host.example/shopping/a.jpg']).names({ baseUrl: 'https://host.example/shop' }, [])).toBe(false);
    expect(letterSites(['https://www.host.example/Blog/2025/a-post/']).names({ baseUrl: 'https://host.example/blog' }, [])).toBe(true);
  });

  it("a site under a base path is one tenant of its host: the host's subdomains are not its own", () => {
    expect(letterSites(['https://cdn.host.example/a.jpg']).names({ baseUrl: 'https://host.example/blog' }, [])).toBe(false);
    // unless its assets are served from there
    expect(letterSites(['https://cdn.host.example/blog/a.jpg']).names({ baseUrl: 'https://host.example/blog' }, ['https://cdn.host.example/blog/b.jpg'])).toBe(true);
  });

  it("a host the asset is served from names its site only at the asset's own files or upload directory, never by host alone", () => {
    // Two sites on one image CDN: a letter about alice's file does not name bob's site, and the reverse.
    const alice = { baseUrl: 'https://alice.example' };
    const bob = { baseUrl: 'https://bob.example' };
    const aliceUrls = ['https://res.cloudinary.com/alice/image/upload/v1700000000/harbour.jpg'];
    const bobUrls = ['https://res.cloudinary.com/bob/image/upload/v1700000000/harbour.jpg'];
    const aboutAlice = letterSites(['https://res.cloudinary.com/alice/image/upload/v1700000000/harbour.jpg'], [alice, bob]);
    expect(aboutAlice.names(alice, aliceUrls)).toBe(true);
    expect(aboutAlice.names(bob, bobUrls)).toBe(false);
    const aboutBob = letterSites(['https://res.cloudinary.com/bob/image/upload/v1700000000/pier.jpg'], [alice, bob]);
    expect(aboutBob.names(bob, bobUrls)).toBe(true);
    expect(aboutBob.names(alice, aliceUrls)).toBe(false);
    // Path-style S3 (WP Offload Media): the bucket is part of the upload directory.
    const aUrls = ['https://s3.amazonaws.com/bucket-a/wp-content/uploads/2026/05/pier.jpg'];
    const bUrls = ['https://s3.amazonaws.com/bucket-b/wp-content/uploads/2026/05/pier.jpg'];
    const aboutA = letterSites(['https://s3.amazonaws.com/bucket-a/wp-content/uploads/2024/01/other-300x200.jpg']);
    expect(aboutA.names(alice, aUrls)).toBe(true);
    expect(aboutA.names(bob, bUrls)).toBe(false);
    expect(letterSites(['https://s3.amazonaws.com/bucket-b/wp-content/uploads/2026/05/pier.jpg']).names(alice, aUrls)).toBe(false);
    // The same file through a size variant or another scheme, at a host's root, still counts; another file there does not.
    expect(letterSites(['http://files.example.net/pier-1024x768.jpg']).names(alice, ['https://files.example.net/pier.jpg'])).toBe(true);
    expect(letterSites(['https://files.example.net/quay.jpg']).names(alice, ['https://files.example.net/pier.jpg'])).toBe(false);
  });

  it('a WordPress multisite subdirectory site is named by its uploads folder, which sits outside its base path', () => {
    const site = { baseUrl: 'https://x.example/blog' };
    const main = { baseUrl: 'https://x.example' };
    const urls = ['https://x.example/wp-content/uploads/sites/2/2026/05/pier.jpg', 'https://x.example/wp-content/uploads/sites/2/2026/05/pier-300x200.jpg'];
    const letter = letterSites(['https://www.x.example/wp-content/uploads/sites/2/2025/01/quay-1024x683.jpg'], [site, main]);
    expect(letter.names(site, urls)).toBe(true);
    expect(letterSites(['https://x.example/wp-content/uploads/sites/2/2026/05/pier.jpg'], [site, main]).names(site, urls)).toBe(true);
    // Another subsite's folder, or the main site's, is not this site's.
    expect(letterSites(['https://x.example/wp-content/uploads/sites/3/2026/05/pier.jpg'], [site, main]).names(site, urls)).toBe(false);
    expect(letterSites(['https://x.example/wp-content/uploads/2026/05/pier.jpg'], [site, main]).names(site, urls)).toBe(false);
    // Without the asset's URLs there, only the base path names it.
    expect(letter.names(site, [])).toBe(false);
    expect(letterSites(['https://x.example/blog/2026/05/a-post/'], [site, main]).names(site, [])).toBe(true);
  });

  it('on shared hosting, sibling subdomains never name each other, and a more specific site of the instance takes its URLs', () => {
    const sites = [{ baseUrl: 'https://alice.host.example' }, { baseUrl: 'https://bob.host.example' }];
    const bob = letterSites(['https://bob.host.example/wp-content/uploads/b.jpg'], sites);
    expect(bob.names(sites[0]!, [])).toBe(false);
    expect(bob.names(sites[1]!, [])).toBe(true);
    // example.com and shop.example.com both in the instance: shop's URLs name shop only; cdn's name example.com.
    const instance = [{ baseUrl: 'https://example.com' }, { baseUrl: 'https://shop.example.com' }, { baseUrl: 'https://example.com/blog' }];
    const shop = letterSites(['https://shop.example.com/p/1.jpg'], instance);
    expect(shop.names(instance[0]!, [])).toBe(false);
    expect(shop.names(instance[1]!, [])).toBe(true);
    const cdn = letterSites(['https://cdn.example.com/1.jpg'], instance);
    expect(cdn.names(instance[0]!, [])).toBe(true);
    const blog = letterSites(['https://example.com/blog/wp-content/uploads/1.jpg'], instance);
    expect(blog.names(instance[2]!, [])).toBe(true);
    expect(blog.names(instance[0]!, [])).toBe(false);
    // Without the more specific site in the instance, the root site is named.
    expect(letterSites(['https://shop.example.com/p/1.jpg']).names(instance[0]!, [])).toBe(true);
  });

  it('see through proxies that carry the original host: Jetpack Photon (i0-i3.wp.com), statically, weserv, the Wayback Machine', () => {
    const original = 'https://harbour-a.example/wp-content/uploads/2025/03/pier.jpg';
    for (const proxied of [
      'https://i0.wp.com/harbour-a.example/wp-content/uploads/2025/03/pier.jpg?resize=800%2C500&ssl=1',
      'https://i3.wp.com/www.harbour-a.example/wp-content/uploads/2025/03/pier.jpg',
      'https://cdn.statically.io/img/harbour-a.example/wp-content/uploads/2025/03/pier.jpg',
      'https://images.weserv.nl/?url=harbour-a.example/wp-content/uploads/2025/03/pier.jpg&w=300',
      'https://web.archive.org/web/20240101000000im_/https://harbour-a.example/wp-content/uploads/2025/03/pier.jpg',
    ]) {
      expect(targetOf(proxied), proxied).toEqual({ host: 'harbour-a.example', path: '/wp-content/uploads/2025/03/pier.jpg' });
      const letter = letterSites([proxied]);
      expect(letter.hosts).toEqual(['harbour-a.example']);
      expect(letter.names({ baseUrl: 'https://harbour-a.example' }, []), proxied).toBe(true);
      expect(letter.names({ baseUrl: 'https://quay-b.example' }, [])).toBe(false);
    }
    expect(originalUrl('https://i0.wp.com/harbour-a.example/wp-content/uploads/2025/03/pier.jpg?ssl=1')).toBe(original);
    // i4.wp.com is no Photon host; a Photon URL without a host in its path stays what it is.
    expect(targetOf('https://i4.wp.com/harbour-a.example/x.jpg')?.host).toBe('i4.wp.com');
    expect(targetOf('https://i0.wp.com/')?.host).toBe('i0.wp.com');
    // A site whose stored asset URLs go through Photon is not named by every Photon URL.
    expect(letterSites(['https://i0.wp.com/quay-b.example/x.jpg']).names({ baseUrl: 'https://harbour-a.example' }, ['https://i0.wp.com/harbour-a.example/y.jpg'])).toBe(false);
  });

  it('place an asset on a named site, another site, or nowhere when the letter names no host', () => {
    expect(placementOf(true)).toBe('named');
    expect(placementOf(false)).toBe('other');
    expect(placementOf(letterSites([]).names({ baseUrl: 'https://quay-b.example' }, []))).toBe('no_host_in_letter');
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
