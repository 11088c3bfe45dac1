import { describe, expect, it } from 'vitest';
import { assessAsset } from './risk.rules.ts';

describe('risk of an asset', () => {
  it.each([
    ['iStock-1234567.jpg', {}, 'high'],
    ['GettyImages-987654.jpg', {}, 'high'],
    ['shutterstock_123456.jpg', {}, 'high'],
    ['photo.jpg', { copyrightNotice: '© Jane Doe Photography' }, 'high'],
    ['photo.jpg', { credit: 'Getty Images' }, 'high'],
    ['photo.jpg', { credit: 'REUTERS/Jane Doe' }, 'high'],
    ['john-doe-Ab3dE_fGh1k-unsplash.jpg', {}, 'medium'],
    ['pexels-photo-1234567.jpeg', {}, 'medium'],
    ['photo.jpg', {}, 'medium'],
    ['PIA12345.jpg', { credit: 'NASA/JPL-Caltech' }, 'low'],
    ['iss063e012345.jpg', { copyrightNotice: 'Public domain, NASA' }, 'low'],
    ['IMG_1234.jpg', { cameraMake: 'Canon', cameraModel: 'EOS R5' }, 'low'],
  ] as const)('%s %o -> %s', (filename, rights, expected) => {
    expect(assessAsset(filename, rights).risk).toBe(expected);
  });

  it('explains itself', () => {
    const { evidence } = assessAsset('iStock-1234567.jpg', { copyrightNotice: 'iStockphoto' });
    expect(evidence.join(' ')).toMatch(/download pattern.*names "iStockphoto"/);
  });
});
