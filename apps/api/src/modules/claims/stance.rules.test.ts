import { describe, expect, it } from 'vitest';
import { addDays } from '../../lib/dates.ts';
import { assetStance, claimStance, type HeldLicense } from './stance.rules.ts';

const lic = (kind: HeldLicense['kind'], proven = true, validFrom: string | null = null, activeNow = true): HeldLicense => ({ kind, proven, validFrom, activeNow });

const use = { from: '2021-03-12', to: '2026-11-20' };
/** Every day of the use covered (licensed today too). */
const covered = { coverage: { period: use, uncovered: [], coveredNow: true } };
/** No day of the use covered, nothing licensed today. */
const none = { coverage: { period: use, uncovered: [use], coveredNow: false } };
/** Uncovered from the first day of use to the day before `from`; `coveredNow` as given. */
const before = (from: string, coveredNow = true) => ({ coverage: { period: use, uncovered: [{ from: use.from, to: addDays(from, -1) }], coveredNow } });

describe('stance for one asset', () => {
  it('licensed when a paid or written license covered the whole use', () => {
    expect(assetStance([lic('stock_royalty_free')], [], covered).stance).toBe('licensed');
    expect(assetStance([lic('written_permission')], [], covered).stance).toBe('licensed');
    expect(assetStance([lic('stock_royalty_free', false)], [], covered).reason).toMatch(/no proof document/);
  });

  it('free license when only free licenses covered it', () => {
    expect(assetStance([lic('public_domain')], [], covered).stance).toBe('free_license');
    expect(assetStance([lic('creative_commons'), lic('free_license_site')], [], covered).stance).toBe('free_license');
    // A paid license beside a free one: the paid one is the stronger answer.
    expect(assetStance([lic('creative_commons'), lic('rights_managed')], [], covered).stance).toBe('licensed');
  });

  it('asks for proof of ownership when the owner recorded it as their own work', () => {
    expect(assetStance([lic('own_work')], [], covered).stance).toBe('ask_for_proof');
  });

  it('remove when nothing covered the use', () => {
    expect(assetStance([], [], none).stance).toBe('remove');
    // A license that ended before the use is no later license.
    expect(assetStance([], [lic('stock_royalty_free', true, '2019-01-01', false)], none).stance).toBe('remove');
  });

  it('licensed_later when the license on record starts after the use began and covers today', () => {
    const later = assetStance([], [lic('stock_royalty_free', true, '2024-06-01')], before('2024-06-01'));
    expect(later.stance).toBe('licensed_later');
    expect(later.reason).toContain('licensed from 2024-06-01');
    expect(later.reason).toContain('the use began 2021-03-12');
  });

  it('remove, not licensed_later, when the license that started after the use has ended too', () => {
    const ended = { coverage: { period: use, uncovered: [{ from: use.from, to: '2021-12-31' }, { from: '2023-01-01', to: use.to }], coveredNow: false } };
    const advice = assetStance([], [lic('stock_royalty_free', true, '2022-01-01', false)], ended);
    expect(advice.stance).toBe('remove');
    expect(advice.reason).not.toMatch(/licensed now/i);
  });

  it('embedded when only an embed covered the use and no copy is hosted', () => {
    expect(assetStance([lic('embed_only')], [], { hosted: false, ...covered }).stance).toBe('embedded');
    expect(assetStance([lic('embed_only'), lic('rights_managed')], [], { hosted: false, ...covered }).stance).toBe('licensed');
  });

  it('remove when only an embed license is held but the site hosts a copy (the embed license does not cover it)', () => {
    // For a hosted copy the embed license covers no day, so no day of the use is covered.
    const hosted = assetStance([], [lic('embed_only')], { hosted: true, ...none });
    expect(hosted.stance).toBe('remove');
    expect(hosted.reason).toMatch(/embed license does not cover a hosted copy/);
    // Without the fact, a hosted copy is assumed: "no copy is hosted" is never said on a guess.
    expect(assetStance([], [lic('embed_only')], none).stance).toBe('remove');
    // A paid license bought later still makes it licensed now, not then.
    expect(assetStance([], [lic('embed_only'), lic('stock_royalty_free', true, '2024-06-01')], before('2024-06-01')).stance).toBe('licensed_later');
    // A free license beside the embed covers the hosted copy.
    expect(assetStance([lic('embed_only'), lic('creative_commons')], [], covered).stance).toBe('free_license');
  });

  it('an embed or own-work record that starts after the use is no license held now', () => {
    expect(assetStance([], [lic('embed_only', true, '2024-06-01')], none).stance).toBe('remove');
    expect(assetStance([], [lic('own_work', true, '2024-06-01')], before('2024-06-01', false)).stance).toBe('remove');
  });
});

describe('stance for a claim', () => {
  it('asks for proof when no asset was identified', () => {
    expect(claimStance([]).stance).toBe('ask_for_proof');
  });

  it('takes the most demanding answer across assets', () => {
    const licensed = assetStance([lic('stock_royalty_free')], [], covered);
    const free = assetStance([lic('public_domain')], [], covered);
    const unlicensed = assetStance([], [], none);
    expect(claimStance([licensed, free]).stance).toBe('free_license');
    expect(claimStance([licensed, unlicensed, free]).stance).toBe('remove');
    expect(claimStance([licensed]).stance).toBe('licensed');
    const later = assetStance([], [lic('stock_royalty_free', true, '2024-06-01')], before('2024-06-01'));
    expect(claimStance([licensed, later]).stance).toBe('licensed_later');
    expect(claimStance([later, unlicensed]).stance).toBe('remove');
  });
});

describe('stance over the whole use period', () => {
  const period = { from: '2019-06-01', to: '2026-11-20' };
  const cover = (uncovered: { from: string; to: string }[], coveredNow = true) => ({ coverage: { period, uncovered, coveredNow } });

  it('licensed_later when only the start of the use is uncovered and the end and today are covered', () => {
    const advice = assetStance([], [lic('stock_royalty_free', true, '2022-01-01')], cover([{ from: '2019-06-01', to: '2021-12-31' }]));
    expect(advice.stance).toBe('licensed_later');
    expect(advice.reason).toContain('licensed from 2022-01-01');
    expect(advice.reason).toContain('2019-06-01 to 2021-12-31');
  });

  it('a gap in the middle is named: licensed now, not throughout, only those days to negotiate', () => {
    const held = [lic('stock_royalty_free', true, '2019-01-01', false), lic('stock_royalty_free', true, '2022-01-01')];
    const advice = assetStance([], held, cover([{ from: '2021-01-01', to: '2021-12-31' }]));
    expect(advice.stance).toBe('licensed_later');
    expect(advice.reason).toMatch(/not throughout the use/);
    expect(advice.reason).toContain('no license 2021-01-01 to 2021-12-31');
    expect(advice.reason).not.toMatch(/not at first use/);
  });

  it('remove when the end of the use is uncovered, naming the days (a single day as one day)', () => {
    const advice = assetStance([], [lic('stock_royalty_free', true, '2019-01-01', false)], cover([{ from: '2026-11-20', to: '2026-11-20' }], false));
    expect(advice.stance).toBe('remove');
    expect(advice.reason).toContain('uncovered 2026-11-20:');
  });

  it('remove when covered at the end of a use that is over, but by a license that has ended since', () => {
    const ended = { coverage: { period: { from: '2019-06-01', to: '2023-05-01' }, uncovered: [{ from: '2019-06-01', to: '2020-12-31' }], coveredNow: false } };
    expect(assetStance([], [lic('stock_royalty_free', true, '2021-01-01', false)], ended).stance).toBe('remove');
  });

  it('remove with "no license on record" when there is none, and "no day" when none touches the use', () => {
    expect(assetStance([], [], cover([period], false)).reason).toMatch(/No license on record/);
    expect(assetStance([], [lic('stock_royalty_free', true, '2010-01-01', false)], cover([period], false)).reason).toMatch(/cover no day of the use/);
  });

  it('an embed whose embed license is dated after the first use is still an embed: no copy is hosted', () => {
    const advice = assetStance([], [lic('embed_only', true, '2024-06-01')], { hosted: false, ...cover([{ from: '2019-06-01', to: '2024-05-31' }], false) });
    expect(advice.stance).toBe('embedded');
    // A hosted copy under the same license is still to be removed.
    expect(assetStance([], [lic('embed_only', true, '2024-06-01')], { hosted: true, ...cover([period], false) }).stance).toBe('remove');
  });

  it('a use that is over, licensed from its end on and today: licensed_later, the whole claimed use to negotiate, not remove', () => {
    const over = { from: '2019-06-01', to: '2026-10-30' };
    const coverage = { period: over, uncovered: [over], coveredNow: true, useOver: true };
    const advice = assetStance([], [lic('stock_royalty_free', true, '2026-11-15')], { coverage });
    expect(advice.stance).toBe('licensed_later');
    expect(advice.reason).toContain('the whole claimed use (2019-06-01 to 2026-10-30) was unlicensed');
    // A use still running with its last days uncovered, or no license today: remove.
    expect(assetStance([], [lic('stock_royalty_free', true, '2026-11-15')], { coverage: { ...coverage, useOver: false } }).stance).toBe('remove');
    expect(assetStance([], [lic('stock_royalty_free', true, '2026-11-15', false)], { coverage: { ...coverage, coveredNow: false } }).stance).toBe('remove');
    // Only the end of the use uncovered, the license bought after it: the uncovered days are named.
    const tail = assetStance([], [lic('stock_royalty_free', true, '2019-01-01', false), lic('stock_royalty_free', true, '2026-11-15')], { coverage: { ...coverage, uncovered: [{ from: '2025-01-01', to: '2026-10-30' }] } });
    expect(tail.stance).toBe('licensed_later');
    expect(tail.reason).toContain('no license 2025-01-01 to 2026-10-30');
  });
});
