import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WpAttachment } from '@clearance/contracts';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../../fixtures/fixture-path.ts';
import { urlVariants } from '../ingest/url-variants.ts';
import { exifOrientation, takedownUrls, type RecordedUrl } from './takedown-urls.rules.ts';
import { constrainDimensions, generatedSizes, resizeDimensions } from './wordpress-sizes.rules.ts';

const corpus = (name: string) =>
  JSON.parse(readFileSync(fixturePath('wordpress', name), 'utf8')) as unknown;

const uploads = 'https://blog.example/wp-content/uploads/2026/05/';
const names = (urls: { url: string }[]) => urls.map((u) => u.url.replace(uploads, ''));

describe('WordPress size arithmetic', () => {
  it('computes the default sizes of a 2560x1707 original the way WordPress does', () => {
    expect(generatedSizes(2560, 1707)).toEqual([
      { name: 'thumbnail', width: 150, height: 150 },
      { name: 'medium', width: 300, height: 200 },
      { name: 'medium_large', width: 768, height: 512 },
      { name: 'large', width: 1024, height: 683 },
      { name: '1536x1536', width: 1536, height: 1024 },
      { name: '2048x2048', width: 2048, height: 1366 },
    ]);
  });

  it('keeps portrait images inside the box and makes only sizes smaller than the original', () => {
    expect(generatedSizes(1000, 1500)).toEqual([
      { name: 'thumbnail', width: 150, height: 150 },
      { name: 'medium', width: 200, height: 300 },
      { name: 'medium_large', width: 768, height: 1152 },
      { name: 'large', width: 683, height: 1024 },
    ]);
    // Smaller than every box: no size at all; a side under the crop box keeps its length.
    expect(generatedSizes(120, 90)).toEqual([]);
    expect(resizeDimensions(200, 100, { width: 150, height: 150, crop: true })).toEqual([150, 100]);
    // Within a pixel of the original (wp_fuzzy_number_match): not made.
    expect(resizeDimensions(301, 200, { width: 300, height: 300, crop: false })).toBeNull();
  });

  it('rounds like WordPress, including its one-pixel-short bump', () => {
    // The example in wp_constrain_dimensions' own comment: 465x700 in a 177x177 box.
    expect(constrainDimensions(465, 700, 177, 177)).toEqual([118, 177]);
    expect(constrainDimensions(4000, 2667, 2560, 2560)).toEqual([2560, 1707]);
  });

  it('agrees with WordPress 6.1 itself on 932 image sizes (edges of every box, odd aspect ratios, PHP rounding)', () => {
    const oracle = JSON.parse(readFileSync(fileURLToPath(new URL('./wordpress-sizes.oracle.json', import.meta.url)), 'utf8')) as {
      cases: [width: number, height: number, sizes: string, scaled: string | null][];
    };
    expect(oracle.cases).toHaveLength(932);
    for (const [width, height, sizes, scaled] of oracle.cases) {
      const ours = generatedSizes(width, height).map((s) => `${s.name}:${s.width}x${s.height}`).join(' ');
      const oursScaled = width > 2560 || height > 2560 ? resizeDimensions(width, height, { width: 2560, height: 2560, crop: false })?.join('x') ?? null : null;
      expect(`${width}x${height} ${ours} ${oursScaled}`).toBe(`${width}x${height} ${sizes} ${scaled}`);
    }
  });

  it('matches every default size recorded by a real WordPress site', () => {
    const attachments = (corpus('rest-media_frontity_media-list.json') as WpAttachment[]).filter((a) => a.media_details?.sizes);
    expect(attachments.length).toBeGreaterThanOrEqual(8);
    let compared = 0;
    for (const attachment of attachments) {
      const details = attachment.media_details!;
      const computed = new Map(generatedSizes(Number(details.width), Number(details.height)).map((s) => [s.name, `${s.width}x${s.height}`]));
      for (const [name, size] of Object.entries(details.sizes ?? {})) {
        if (!['thumbnail', 'medium', 'medium_large', 'large'].includes(name)) continue;
        expect(`${attachment.source_url} ${name} ${computed.get(name)}`).toBe(`${attachment.source_url} ${name} ${size.width}x${size.height}`);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(30);
  });
});

describe('URLs a takedown checks', () => {
  const harbour: RecordedUrl[] = [
    { url: `${uploads}harbour-scaled.jpg`, kind: 'scaled', sizeName: null, width: 2560, height: 1707 },
    { url: `${uploads}harbour.jpg`, kind: 'original_image', sizeName: null, width: null, height: null },
    { url: `${uploads}harbour-300x200.jpg`, kind: 'size', sizeName: 'medium', width: 300, height: 200 },
  ];

  it('adds what WordPress generated for a 4000x2667 upload: -scaled, every default size, WebP/AVIF siblings', () => {
    const { check, skipped } = takedownUrls({ siteBaseUrl: 'https://blog.example', mimeType: 'image/jpeg', width: 4000, height: 2667, urls: harbour });
    expect(skipped).toEqual([]);
    const all = names(check);
    // Recorded first, by kind, then the files WordPress would have made, in a fixed order.
    expect(all.slice(0, 9)).toEqual([
      'harbour-scaled.jpg',
      'harbour.jpg',
      'harbour-300x200.jpg',
      'harbour-150x150.jpg',
      'harbour-768x512.jpg',
      'harbour-1024x683.jpg',
      'harbour-1536x1024.jpg',
      'harbour-2048x1366.jpg',
      'harbour.webp',
    ]);
    expect(all).toContain('harbour-300x200-jpg.webp');
    expect(all).toContain('harbour-scaled.avif');
    expect(all).toContain('harbour-1024x683-jpg.avif');
    // 8 image files, 4 siblings each; nothing twice.
    expect(all).toHaveLength(8 * 5);
    expect(new Set(all).size).toBe(all.length);
    expect(check.find((c) => c.url.endsWith('harbour-768x512.jpg'))).toMatchObject({ source: 'wordpress', note: 'default size medium_large' });
    // Deterministic: the same input gives the same list, whatever order the rows came in.
    expect(takedownUrls({ siteBaseUrl: 'https://blog.example', mimeType: 'image/jpeg', width: 4000, height: 2667, urls: [...harbour].reverse() }).check).toEqual(check);
  });

  it('derives the same list from what the ingest records of a real WordPress payload', () => {
    const attachment = (corpus('rest-media_frontity_media-list.json') as WpAttachment[]).find((a) => a.source_url.endsWith('iceland2.jpg'))!;
    const { check } = takedownUrls({ siteBaseUrl: 'https://demo.worona.org', mimeType: 'image/jpeg', width: 4000, height: 2667, urls: urlVariants(attachment) });
    const files = check.map((c) => c.url.split('/').pop());
    for (const recorded of ['iceland2.jpg', 'iceland2-150x150.jpg', 'iceland2-1200x800.jpg', 'iceland2-scaled.jpg', 'iceland2-1536x1024.jpg', 'iceland2-2048x1366.jpg']) {
      expect(files).toContain(recorded);
    }
    // A theme size recorded by the site is checked, with its siblings.
    expect(check.find((c) => c.url.endsWith('iceland2-1200x800.jpg'))?.source).toBe('recorded');
    expect(files).toContain('iceland2-1200x800-jpg.webp');
  });

  it('makes no -scaled name for a PNG or a small image, and no siblings for a WebP', () => {
    const png = takedownUrls({
      siteBaseUrl: 'https://blog.example',
      mimeType: 'image/png',
      width: 3000,
      height: 2000,
      urls: [{ url: `${uploads}chart.png`, kind: 'original', sizeName: null, width: 3000, height: 2000 }],
    });
    expect(names(png.check).filter((n) => n.includes('scaled'))).toEqual([]);
    const small = takedownUrls({
      siteBaseUrl: 'https://blog.example',
      mimeType: 'image/webp',
      width: 640,
      height: 480,
      urls: [{ url: `${uploads}icon.webp`, kind: 'original', sizeName: null, width: 640, height: 480 }],
    });
    expect(names(small.check)).toEqual(['icon.webp', 'icon-150x150.webp', 'icon-300x225.webp']);
  });

  it('follows WordPress turning a sideways JPEG upright: -rotated copy, sizes cut from the upright image', () => {
    const photo = (width: number, height: number, orientation: number | null) =>
      names(
        takedownUrls({
          siteBaseUrl: 'https://blog.example',
          mimeType: 'image/jpeg',
          width,
          height,
          orientation,
          urls: [{ url: `${uploads}pier.jpg`, kind: 'original', sizeName: null, width, height }],
        }).check,
      ).filter((n) => n.endsWith('.jpg'));
    // Stored 2000x1500, EXIF "Rotate 90 CW": WordPress saves pier-rotated.jpg and portrait sizes.
    expect(photo(2000, 1500, exifOrientation({ ifd0: { Orientation: 'Rotate 90 CW' } }))).toEqual([
      'pier.jpg',
      'pier-rotated.jpg',
      'pier-150x150.jpg',
      'pier-225x300.jpg',
      'pier-768x1024.jpg',
      'pier-1152x1536.jpg',
    ]);
    // Over 2560 px the scaled copy is the upright one: no -rotated name.
    expect(photo(4000, 3000, 6)).toEqual(['pier.jpg', 'pier-scaled.jpg', 'pier-150x150.jpg', 'pier-225x300.jpg', 'pier-768x1024.jpg', 'pier-1152x1536.jpg', 'pier-1536x2048.jpg']);
    // Upside down (3) is rotated but keeps its shape; orientation 1 or unknown changes nothing.
    expect(photo(2000, 1500, 3)).toContain('pier-300x225.jpg');
    expect(photo(2000, 1500, 3)).toContain('pier-rotated.jpg');
    expect(photo(2000, 1500, null)).toEqual(photo(2000, 1500, 1));
    expect(photo(2000, 1500, 1)).not.toContain('pier-rotated.jpg');
    expect([exifOrientation({ ifd0: { Orientation: 8 } }), exifOrientation({ ifd0: { Orientation: 'sideways' } }), exifOrientation(null)]).toEqual([8, null, null]);
  });

  it('checks -scaled when the size is unknown, since it cannot be ruled out', () => {
    const { check } = takedownUrls({
      siteBaseUrl: 'https://blog.example',
      mimeType: 'image/gif',
      width: null,
      height: null,
      urls: [{ url: `${uploads}anim.gif`, kind: 'original', sizeName: null, width: null, height: null }],
    });
    expect(names(check)).toEqual(['anim.gif', 'anim-scaled.gif']);
  });

  it('lists URLs on other origins as skipped, never to be requested, and keeps earlier URLs', () => {
    const { check, skipped } = takedownUrls({
      siteBaseUrl: 'https://blog.example/wordpress/',
      mimeType: 'image/gif',
      width: 100,
      height: 100,
      urls: [
        { url: 'https://blog.example/wp-content/uploads/a.gif', kind: 'original', sizeName: null, width: 100, height: 100 },
        { url: 'https://cdn.example/wp-content/uploads/a-300x200.gif', kind: 'size', sizeName: 'medium', width: 300, height: 200 },
        { url: 'http://blog.example/wp-content/uploads/a.gif#top', kind: 'sibling', sizeName: null, width: null, height: null },
      ],
      previouslyChecked: ['https://blog.example/wp-content/uploads/a.gif', 'https://blog.example/old/a.gif'],
    });
    expect(check.map((c) => `${c.source} ${c.url}`)).toEqual([
      'recorded https://blog.example/wp-content/uploads/a.gif',
      'previous https://blog.example/old/a.gif',
      // The size recorded on the CDN is also looked for under its WordPress name on the site.
      'wordpress https://blog.example/wp-content/uploads/a-300x200.gif',
    ]);
    expect(skipped).toEqual([
      { url: 'https://cdn.example/wp-content/uploads/a-300x200.gif', reason: "on https://cdn.example, not the site's origin https://blog.example" },
      { url: 'http://blog.example/wp-content/uploads/a.gif', reason: "on http://blog.example, not the site's origin https://blog.example" },
    ]);
  });

  it('derives nothing when no URL was recorded: the folder is unknown', () => {
    expect(takedownUrls({ siteBaseUrl: 'https://blog.example', mimeType: 'image/jpeg', width: 4000, height: 3000, urls: [] })).toEqual({ check: [], skipped: [] });
  });
});
