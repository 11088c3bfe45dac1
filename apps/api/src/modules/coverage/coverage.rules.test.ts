import { describe, expect, it } from 'vitest';
import { coverageOf, type LicenseWindow } from './coverage.rules.ts';

const today = '2026-06-15';
const window = 30;

function license(overrides: Partial<LicenseWindow> = {}): LicenseWindow {
  return { kind: 'stock_royalty_free', validFrom: null, expiresOn: null, proofCount: 1, sourceUrl: null, licensor: 'iStock', ...overrides };
}

const status = (licenses: LicenseWindow[], removed = false) => coverageOf({ removed, licenses }, today, window).status;

describe('coverage status', () => {
  it('is uncovered with no license', () => {
    expect(coverageOf({ removed: false, licenses: [] }, today, window)).toEqual({ status: 'uncovered', recheckOn: null });
  });

  it('is removed when taken down, whatever the licenses say', () => {
    expect(status([license()], true)).toBe('removed');
    expect(status([], true)).toBe('removed');
  });

  it('is covered by a perpetual license with proof, and never needs a recheck', () => {
    expect(coverageOf({ removed: false, licenses: [license()] }, today, window)).toEqual({ status: 'covered', recheckOn: null });
  });

  it('is unproven when no proof backs the license', () => {
    expect(status([license({ proofCount: 0 })])).toBe('unproven');
  });

  it('counts own work and public domain with a recorded source as proven', () => {
    expect(status([license({ kind: 'public_domain', proofCount: 0, licensor: null, sourceUrl: 'https://images.nasa.gov/x' })])).toBe('covered');
    expect(status([license({ kind: 'own_work', proofCount: 0, licensor: 'Me, the site owner' })])).toBe('covered');
    expect(status([license({ kind: 'public_domain', proofCount: 0, licensor: null, sourceUrl: null })])).toBe('unproven');
    expect(status([license({ kind: 'creative_commons', proofCount: 0, sourceUrl: 'https://flickr.com/x' })])).toBe('unproven');
  });

  describe('expiry boundaries (expiresOn is the last valid day)', () => {
    it('is expiring on the last day itself', () => {
      expect(status([license({ expiresOn: today })])).toBe('expiring');
    });
    it('is expired the day after the last day', () => {
      expect(status([license({ expiresOn: '2026-06-14' })])).toBe('expired');
    });
    it('is expiring exactly at the edge of the warning window, covered one day beyond it', () => {
      expect(status([license({ expiresOn: '2026-07-15' })])).toBe('expiring'); // 30 days left
      expect(status([license({ expiresOn: '2026-07-16' })])).toBe('covered'); // 31 days left
    });
    it('is expired only when every license has ended', () => {
      expect(status([license({ expiresOn: '2025-01-01' }), license({ expiresOn: '2026-01-01' })])).toBe('expired');
      expect(status([license({ expiresOn: '2025-01-01' }), license()])).toBe('covered');
    });
    it('reports an expired asset as expired even if the old license had no proof', () => {
      expect(status([license({ expiresOn: '2025-01-01', proofCount: 0 })])).toBe('expired');
    });
  });

  describe('future start', () => {
    it('is not covered by a license that has not started', () => {
      const result = coverageOf({ removed: false, licenses: [license({ validFrom: '2026-07-01' })] }, today, window);
      expect(result.status).toBe('uncovered');
      expect(result.recheckOn).toBe('2026-07-01');
    });
    it('is covered from its first day', () => {
      expect(status([license({ validFrom: today })])).toBe('covered');
    });
    it('is uncovered in a gap between an ended license and one not yet started (not every license has expired)', () => {
      expect(status([license({ expiresOn: '2026-06-01' }), license({ validFrom: '2026-07-01' })])).toBe('uncovered');
    });
  });

  describe('several licenses', () => {
    it('is covered when a proven license is current even if another is unproven', () => {
      expect(status([license({ proofCount: 0 }), license({ expiresOn: '2027-01-01' })])).toBe('covered');
    });
    it('is unproven when the only current license lacks proof, even if an expired one had proof', () => {
      expect(status([license({ expiresOn: '2025-01-01' }), license({ proofCount: 0 })])).toBe('unproven');
    });
    it('is not expiring when a renewal continues the coverage without a gap', () => {
      const ending = license({ expiresOn: '2026-06-20' });
      const renewal = license({ validFrom: '2026-06-21', expiresOn: '2027-06-20' });
      expect(status([ending, renewal])).toBe('covered');
    });
    it('is expiring when the renewal leaves a gap', () => {
      const ending = license({ expiresOn: '2026-06-20' });
      const renewal = license({ validFrom: '2026-06-23', expiresOn: '2027-06-20' });
      expect(status([ending, renewal])).toBe('expiring');
    });
    it('uses the license that ends last', () => {
      expect(status([license({ expiresOn: '2026-06-20' }), license({ expiresOn: '2027-06-20' })])).toBe('covered');
    });
    it('does not let an unproven renewal hide the expiry', () => {
      const ending = license({ expiresOn: '2026-06-20' });
      const renewal = license({ validFrom: '2026-06-21', expiresOn: '2027-06-20', proofCount: 0 });
      expect(status([ending, renewal])).toBe('expiring');
    });
  });

  describe('recheck day: the first day the status can change by time alone', () => {
    it('is the first day of the warning window for a covered asset', () => {
      const result = coverageOf({ removed: false, licenses: [license({ expiresOn: '2026-12-31' })] }, today, window);
      expect(result).toEqual({ status: 'covered', recheckOn: '2026-12-01' });
      expect(coverageOf({ removed: false, licenses: [license({ expiresOn: '2026-12-31' })] }, '2026-12-01', window).status).toBe('expiring');
      expect(coverageOf({ removed: false, licenses: [license({ expiresOn: '2026-12-31' })] }, '2026-11-30', window).status).toBe('covered');
    });
    it('is the day after the last day for an expiring asset', () => {
      const result = coverageOf({ removed: false, licenses: [license({ expiresOn: '2026-06-20' })] }, today, window);
      expect(result).toEqual({ status: 'expiring', recheckOn: '2026-06-21' });
      expect(coverageOf({ removed: false, licenses: [license({ expiresOn: '2026-06-20' })] }, '2026-06-21', window).status).toBe('expired');
    });
    it('is null once nothing can change', () => {
      expect(coverageOf({ removed: false, licenses: [license({ expiresOn: '2020-01-01' })] }, today, window).recheckOn).toBeNull();
    });
  });
});
