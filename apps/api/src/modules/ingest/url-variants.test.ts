import { readFileSync } from 'node:fs';
import type { WpAttachment } from '@clearance/contracts';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../../fixtures/fixture-path.ts';
import { fetchUrlOf, uploadedFilename, urlVariants } from './url-variants.ts';

const corpus = (name: string) =>
  JSON.parse(readFileSync(fixturePath('wordpress', name), 'utf8')) as WpAttachment;

describe('URL variants of a WordPress attachment', () => {
  it('lists the main file and every size of a real attachment', () => {
    const variants = urlVariants(corpus('rest-media_frontity_media-193.json'));
    expect(variants[0]).toMatchObject({ url: 'https://demo.worona.org/wp-content/uploads/2017/03/road-trip.png', kind: 'original', width: 700 });
    expect(variants).toContainEqual(
      expect.objectContaining({ url: 'https://demo.worona.org/wp-content/uploads/2017/03/road-trip-300x200.png', kind: 'size', sizeName: 'medium', width: 300, height: 200 }),
    );
    expect(new Set(variants.map((v) => v.url)).size).toBe(variants.length);
  });

  it('records -scaled, the original image and format siblings', () => {
    const attachment: WpAttachment = {
      id: 9,
      source_url: 'https://blog.example/wp-content/uploads/2026/05/harbour-scaled.jpg',
      media_details: {
        width: 2560,
        height: 1707,
        file: '2026/05/harbour-scaled.jpg',
        original_image: 'harbour.jpg',
        sizes: {
          medium: { file: 'harbour-300x200.jpg', width: 300, height: 200, sources: { 'image/webp': { file: 'harbour-300x200.webp' } } },
        },
      },
    };
    const urls = urlVariants(attachment).map((v) => `${v.kind} ${v.url}`);
    expect(urls).toEqual([
      'scaled https://blog.example/wp-content/uploads/2026/05/harbour-scaled.jpg',
      'original_image https://blog.example/wp-content/uploads/2026/05/harbour.jpg',
      'size https://blog.example/wp-content/uploads/2026/05/harbour-300x200.jpg',
      'sibling https://blog.example/wp-content/uploads/2026/05/harbour-300x200.webp',
    ]);
    expect(fetchUrlOf(attachment)).toBe('https://blog.example/wp-content/uploads/2026/05/harbour.jpg');
    expect(uploadedFilename(attachment)).toBe('harbour.jpg');
  });

  it('copes with quirky real payloads (non-ASCII names, misspelled keys, no sizes)', () => {
    const bmp = corpus('rest-media_frontity_media-11680.json');
    expect(uploadedFilename(bmp)).toBe('WNBA-PO-explicación.bmp');
    expect(urlVariants(bmp)).toHaveLength(1);
    const quirky = urlVariants(corpus('rest-media_frontity_media-581.json'));
    expect(quirky.length).toBeGreaterThan(1);
  });
});

describe('URL variants of a malformed attachment', () => {
  const broken = (extra: Partial<WpAttachment>): WpAttachment => ({ id: 7, source_url: 'not a url', ...extra });

  it('does not throw on a main URL that is no URL: the text is kept for the URL rule to refuse', () => {
    const att = broken({ media_details: { original_image: 'a.jpg', sizes: { medium: { file: 'a-300x200.jpg' } } } });
    expect(urlVariants(att).map((v) => [v.url, v.from])).toEqual([
      ['not a url', '/source_url'],
      ['a.jpg', '/media_details/original_image'],
      ['a-300x200.jpg', '/media_details/sizes/medium/file'],
    ]);
    expect(uploadedFilename(att)).toBe('attachment-7');
  });

  it('keeps a file name whose percent-encoding is broken as written', () => {
    expect(uploadedFilename(broken({ source_url: 'https://example.org/wp-content/uploads/%E0%A4%A.jpg' }))).toBe('%E0%A4%A.jpg');
  });
});
