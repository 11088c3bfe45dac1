import { describe, expect, it } from 'vitest';
import { detectSource } from './source-detection.rules.ts';

describe('source detection', () => {
  it.each([
    ['john-doe-Ab3dE_fGh1k-unsplash.jpg', {}, 'unsplash', 'Ab3dE_fGh1k', 'free_license_site'],
    ['pexels-photo-1234567.jpeg', {}, 'pexels', '1234567', 'free_license_site'],
    ['pexels-jane-doe-2345678.jpg', {}, 'pexels', '2345678', 'free_license_site'],
    ['mountain-landscape-2031539_1920.jpg', {}, 'pixabay', '2031539', 'free_license_site'],
    ['iStock-1234567890.jpg', {}, 'istock', '1234567890', 'stock_royalty_free'],
    ['iStock_000012345678Large.jpg', {}, 'istock', '12345678', 'stock_royalty_free'],
    ['GettyImages-987654321.jpg', {}, 'getty-images', '987654321', 'rights_managed'],
    ['shutterstock_123456789.jpg', {}, 'shutterstock', '123456789', 'stock_royalty_free'],
    ['AdobeStock_123456789.jpeg', {}, 'adobe-stock', '123456789', 'stock_royalty_free'],
    ['depositphotos_12345678-stock-photo-happy-family.jpg', {}, 'depositphotos', '12345678', 'stock_royalty_free'],
    ['dreamstime_xxl_12345678.jpg', {}, 'dreamstime', '12345678', 'stock_royalty_free'],
    ['young-woman-smiling_23-2148123456.jpg', {}, 'freepik', '23-2148123456', 'free_license_site'],
    ['Canva - Coffee on table.jpg', {}, 'canva', null, 'other'],
    ['DALL·E 2023-10-01 12.34.56 - a cat in space.png', {}, 'ai-dall-e', null, 'other'],
    ['user_a_cat_in_space_0f8fad5b-d9cb-469f-a165-70867728950e.png', {}, 'ai-midjourney', null, 'other'],
    ['PIA12345.jpg', {}, 'nasa', 'PIA12345', 'public_domain'],
    ['photo.jpg', { credit: 'NASA/JPL-Caltech' }, 'nasa', null, 'public_domain'],
    ['photo.jpg', { copyrightNotice: 'Getty Images', licensorUrl: 'https://www.gettyimages.com/detail/123' }, 'getty-images', null, 'rights_managed'],
    ['photo.jpg', { webStatement: 'https://creativecommons.org/licenses/by-sa/4.0/' }, 'creative-commons', null, 'creative_commons'],
    ['photo.jpg', { digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia' }, 'ai-generated', null, 'other'],
  ] as const)('%s %o -> %s', (filename, rights, provider, assetId, kind) => {
    const detected = detectSource(filename, rights);
    expect(detected).toMatchObject({ provider, providerAssetId: assetId, suggestedKind: kind });
    expect(detected!.evidence.length).toBeGreaterThan(0);
  });

  it('is more confident when filename and metadata agree', () => {
    const filenameOnly = detectSource('iStock-1234567.jpg', {})!;
    const both = detectSource('iStock-1234567.jpg', { credit: 'Getty Images/iStockphoto' })!;
    expect(both.confidence).toBeGreaterThan(filenameOnly.confidence);
  });

  it('suggests nothing for an ordinary camera file', () => {
    expect(detectSource('IMG_1234.jpg', { cameraMake: 'Canon' })).toBeNull();
    expect(detectSource('DSC00042.JPG', {})).toBeNull();
  });
});
