import { describe, expect, it } from 'vitest';
import { assessWithCredit, readCmsCredit, suggestLicense } from './credit-fields.ts';

describe('suggestLicense', () => {
  it.each([
    ['CC BY-SA 4.0', 'creative_commons', 'CC BY-SA 4.0'],
    ['cc-by-nc-nd 3.0', 'creative_commons', 'CC BY-NC-ND 3.0'],
    ['Creative Commons BY 2.0', 'creative_commons', 'CC BY 2.0'],
    ['https://creativecommons.org/licenses/by-sa/4.0/', 'creative_commons', 'CC BY-SA 4.0'],
    ['CC0', 'creative_commons', 'CC0 1.0'],
    ['https://creativecommons.org/publicdomain/zero/1.0/', 'creative_commons', 'CC0 1.0'],
    ['Public Domain Mark 1.0', 'public_domain', null],
    ['https://creativecommons.org/publicdomain/mark/1.0/', 'public_domain', null],
    ['Unsplash License', 'free_license_site', null],
    ['Royalty-free', 'stock_royalty_free', null],
    ['Rights managed', 'rights_managed', null],
    ['Editorial use only', 'press_kit', null],
  ])('%s -> %s %s', (text, kind, ccVariant) => {
    expect(suggestLicense(text, 'basis')).toEqual({ kind, ccVariant, basis: 'basis' });
  });

  it.each(['All rights reserved', 'Jane', '', undefined])('suggests nothing for %j', (text) => {
    expect(suggestLicense(text, 'basis')).toBeNull();
  });
});

describe('readCmsCredit', () => {
  it('reads Image Source Control and Media Credit fields, trimmed; empty ones are left out', () => {
    const meta: Record<string, string> = { isc_image_source: ' NASA ', isc_image_source_url: '', isc_image_licence: 'Public Domain Mark', _media_credit: 'JPL' };
    expect(readCmsCredit((k) => meta[k])).toEqual({
      imageSourceControl: { source: 'NASA', licence: 'Public Domain Mark' },
      mediaCredit: { credit: 'JPL' },
      licenseSuggestion: { kind: 'public_domain', ccVariant: null, basis: 'Image Source Control licence "Public Domain Mark"' },
    });
  });

  it('an own image is own work, whatever licence is set', () => {
    const meta: Record<string, string> = { isc_image_source_own: '1', isc_image_licence: 'CC BY 4.0' };
    expect(readCmsCredit((k) => meta[k])?.licenseSuggestion?.kind).toBe('own_work');
  });

  it('no credit fields: null', () => {
    expect(readCmsCredit(() => undefined)).toBeNull();
    expect(readCmsCredit((k) => (k === '_media_credit' ? '   ' : undefined))).toBeNull();
  });
});

describe('assessWithCredit', () => {
  it('feeds the credit line and source URL into source detection, without overriding the file', () => {
    const credit = readCmsCredit((k) => ({ _media_credit: 'Photo: Unsplash', _media_credit_url: 'https://unsplash.com/photos/abc' })[k]);
    const columns = assessWithCredit('beach.jpg', {}, credit);
    expect(columns).toMatchObject({ sourceProvider: 'unsplash', sourceSuggestedKind: 'free_license_site', risk: 'medium' });
    expect(assessWithCredit('beach.jpg', {}, null).sourceProvider).toBeNull();
    // The file's own credit wins over the plugin's.
    expect(assessWithCredit('beach.jpg', { credit: 'Getty Images' }, credit).sourceProvider).toBe('getty-images');
  });

  it('a stated licence becomes the suggested kind, with its evidence', () => {
    const credit = readCmsCredit((k) => ({ isc_image_source: 'Jane', isc_image_licence: 'CC BY 4.0' })[k]);
    const columns = assessWithCredit('jane.jpg', {}, credit);
    expect(columns).toMatchObject({ sourceProvider: 'creative-commons', sourceSuggestedKind: 'creative_commons', sourceConfidence: 0.7 });
    expect(columns.sourceEvidence).toEqual(['Image Source Control licence "CC BY 4.0" suggests creative_commons']);
  });
});
