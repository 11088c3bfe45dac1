import { describe, expect, it } from 'vitest';
import { riskOf } from './risk.rules.ts';

describe('risk of an uncovered asset', () => {
  it.each([
    ['iStock-1234567.jpg', {}, 'high'],
    ['GettyImages-987654.jpg', {}, 'high'],
    ['shutterstock_123456.jpg', {}, 'high'],
    ['photo.jpg', { copyrightNotice: '© Jane Doe Photography' }, 'high'],
    ['photo.jpg', { credit: 'Getty Images' }, 'high'],
    ['john-doe-abc123-unsplash.jpg', {}, 'medium'],
    ['pexels-photo-1234.jpeg', {}, 'medium'],
    ['photo.jpg', {}, 'medium'],
    ['IMG_1234.jpg', { cameraMake: 'Canon', cameraModel: 'EOS R5' }, 'low'],
  ] as const)('%s %o -> %s', (filename, rights, expected) => {
    expect(riskOf(filename, rights).risk).toBe(expected);
  });

  it('explains itself', () => {
    expect(riskOf('iStock-1234567.jpg', { copyrightNotice: 'iStockphoto' }).evidence.join(' ')).toMatch(/stock-site pattern.*agency/);
  });
});
