import { describe, expect, it } from 'vitest';
import { isServableUrl, servedUrlStanding } from './served-url.ts';

const site = 'https://example.org/blog';

describe('which URLs are served URLs, and which are the site’s own', () => {
  it.each([
    ['https://example.org/wp-content/uploads/a.jpg', 'own'],
    ['http://example.org/wp-content/uploads/a.jpg', 'own'],
    ['https://www.example.org/wp-content/uploads/a.jpg', 'own'],
    ['https://EXAMPLE.org:8443/a.jpg', 'own'],
    ['https://cdn.example.net/a.jpg', 'foreign'],
    ['https://example.org.evil.test/a.jpg', 'foreign'],
    ['https://sub.example.org/a.jpg', 'foreign'],
    ['javascript:alert(1)', 'refused'],
    ['JavaScript:alert(1)', 'refused'],
    ['data:image/png;base64,AAAA', 'refused'],
    ['file:///etc/passwd', 'refused'],
    ['//example.org/a.jpg', 'refused'],
    ['not a url', 'refused'],
    ['https://user:pw@example.org/a.jpg', 'refused'],
    ['https://example.org/%E0%A4%A.jpg', 'refused'],
    ['https://example.org/%E0%A4.jpg', 'refused'],
  ] as const)('%s is %s', (url, standing) => {
    expect(servedUrlStanding(url, site)).toBe(standing);
    expect(isServableUrl(url)).toBe(standing !== 'refused');
  });

  it('treats every http(s) URL as foreign when the site has no usable base URL', () => {
    expect(servedUrlStanding('https://example.org/a.jpg', 'not a url')).toBe('foreign');
  });
});
