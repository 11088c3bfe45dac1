import { describe, expect, it } from 'vitest';
import { embedPlatformOf, hostsCopy } from './embed.rules.ts';

describe('embedding platforms', () => {
  it('names the platform of a post or of its media CDN, and nothing for other hosts', () => {
    expect(embedPlatformOf('https://www.instagram.com/p/Cx1AbCdEfGh/')).toBe('Instagram');
    expect(embedPlatformOf('https://scontent-fra5-1.cdninstagram.com/v/t51/abc.jpg')).toBe('Instagram');
    expect(embedPlatformOf('https://i.ytimg.com/vi/abc/hqdefault.jpg')).toBe('YouTube');
    expect(embedPlatformOf('https://blog.example/wp-content/uploads/2024/05/photo.jpg')).toBeNull();
    // A look-alike host is not the platform.
    expect(embedPlatformOf('https://instagram.com.evil.example/p/x')).toBeNull();
    expect(embedPlatformOf('not a url')).toBeNull();
    expect(embedPlatformOf(null)).toBeNull();
  });
});

describe('whether the site hosts a copy', () => {
  it('a file in the library, or any served URL that is not a platform, is a hosted copy', () => {
    expect(hostsCopy({ sha256: 'a'.repeat(64), urls: [] })).toBe(true);
    expect(hostsCopy({ sha256: null, thumbnailSha256: 'b'.repeat(64), urls: [] })).toBe(true);
    expect(hostsCopy({ sha256: null, urls: [{ url: 'https://blog.example/wp-content/uploads/photo.jpg' }] })).toBe(true);
    // A CDN the library offloads to is still the site's copy.
    expect(hostsCopy({ sha256: null, urls: [{ url: 'https://cdn.blog-media.example/photo.jpg' }] })).toBe(true);
  });

  it('an embed record (no file, only the platform serves it) is no hosted copy', () => {
    expect(hostsCopy({ sha256: null, urls: [] })).toBe(false);
    expect(hostsCopy({ sha256: null, urls: [{ url: 'https://scontent.cdninstagram.com/v/abc.jpg' }] })).toBe(false);
  });
});
