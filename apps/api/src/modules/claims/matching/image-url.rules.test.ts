import { describe, expect, it } from 'vitest';
import { candidateFilenames, imageUrlKey, siteHost, splitName, urlSpellings } from './image-url.rules.ts';

describe('image URL keys', () => {
  const key = (u: string) => imageUrlKey(u)?.key;

  it('treats scheme, www, port-less host case, query and fragment as the same image', () => {
    const base = key('https://www.example.com/wp-content/uploads/2024/05/harbour.jpg');
    expect(base).toBe('example.com/wp-content/uploads/2024/05/harbour');
    expect(key('http://example.com/wp-content/uploads/2024/05/harbour.jpg?w=640&ssl=1')).toBe(base);
    expect(key('https://EXAMPLE.com/wp-content/uploads/2024/05/harbour.jpg#top')).toBe(base);
  });

  it('strips the suffixes WordPress gives copies of one upload, and the format', () => {
    const base = key('https://example.com/wp-content/uploads/2024/05/harbour.jpg');
    for (const copy of ['harbour-300x200.jpg', 'harbour-scaled.jpg', 'harbour-1024x683.webp', 'harbour-scaled-300x200.jpg', 'harbour-e1716200000000.jpg', 'harbour-rotated.png', 'harbour.avif']) {
      expect(key(`https://example.com/wp-content/uploads/2024/05/${copy}`)).toBe(base);
    }
  });

  it('keeps different folders, hosts and names apart', () => {
    const base = key('https://example.com/wp-content/uploads/2024/05/harbour.jpg');
    expect(key('https://example.com/wp-content/uploads/2024/06/harbour.jpg')).not.toBe(base);
    expect(key('https://other.example/wp-content/uploads/2024/05/harbour.jpg')).not.toBe(base);
    expect(key('https://example.com/wp-content/uploads/2024/05/harbour-night.jpg')).not.toBe(base);
    // A number that is not a size suffix stays part of the name.
    expect(splitName('IMG_4032-2.jpg').stem).toBe('IMG_4032-2');
  });

  it('decodes percent-encoding and refuses what is not an http(s) file URL', () => {
    expect(imageUrlKey('https://example.com/uploads/caf%C3%A9-300x200.jpg')?.stem).toBe('café');
    expect(imageUrlKey('ftp://example.com/a.jpg')).toBeNull();
    expect(imageUrlKey('not a url')).toBeNull();
    expect(imageUrlKey('https://example.com/folder/')).toBeNull();
  });

  it('lists the file names an upload may be stored under', () => {
    expect(candidateFilenames('Harbour')).toContain('Harbour.jpg');
    expect(candidateFilenames('Harbour')).toContain('harbour.webp');
    expect(candidateFilenames('Harbour')).toContain('Harbour.JPG');
  });

  it('names the same site for www and no-www, http and https, any port and case', () => {
    for (const u of ['https://www.Example.com/a.jpg', 'http://example.com:8080/', 'https://EXAMPLE.COM']) expect(siteHost(u)).toBe('example.com');
    expect(siteHost('https://shop.example.com/')).toBe('shop.example.com');
    expect(siteHost('ftp://example.com/a.jpg')).toBeNull();
    expect(siteHost('example.com')).toBeNull();
  });

  it('spells a URL every way a stored copy may have been recorded, for an exact lookup', () => {
    const spellings = urlSpellings('https://www.example.com/wp-content/uploads/a-scaled.jpg?ssl=1');
    expect(spellings).toContain('https://www.example.com/wp-content/uploads/a-scaled.jpg?ssl=1');
    expect(spellings).toContain('http://example.com/wp-content/uploads/a-scaled.jpg');
    expect(spellings).toContain('https://example.com/wp-content/uploads/a-scaled.jpg');
    expect(spellings).toContain('http://www.example.com/wp-content/uploads/a-scaled.jpg');
    expect(new Set(spellings).size).toBe(spellings.length);
    expect(urlSpellings('javascript:alert(1)')).toEqual([]);
  });
});
