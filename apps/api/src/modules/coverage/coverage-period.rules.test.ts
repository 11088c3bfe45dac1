import { describe, expect, it } from 'vitest';
import { uncoveredPeriods } from './coverage-period.rules.ts';

const w = (validFrom: string | null, expiresOn: string | null) => ({ validFrom, expiresOn });
const use = (from: string, to: string) => ({ from, to });

describe('uncovered days of a use period', () => {
  it('no license: the whole period', () => {
    expect(uncoveredPeriods([], use('2021-03-12', '2026-11-20'))).toEqual([use('2021-03-12', '2026-11-20')]);
  });

  it('one open-ended license from before the use: nothing uncovered', () => {
    expect(uncoveredPeriods([w('2019-01-01', null)], use('2021-03-12', '2026-11-20'))).toEqual([]);
    expect(uncoveredPeriods([w(null, null)], use('2021-03-12', '2026-11-20'))).toEqual([]);
  });

  it('a gap in the middle: license A 2019–2020, license B from 2022', () => {
    const windows = [w('2022-01-01', null), w('2019-01-01', '2020-12-31')];
    expect(uncoveredPeriods(windows, use('2019-06-01', '2023-05-01'))).toEqual([use('2021-01-01', '2021-12-31')]);
  });

  it('adjacent windows (one ends on the 31st, the next starts on the 1st) leave no gap: expiresOn is inclusive', () => {
    expect(uncoveredPeriods([w('2019-01-01', '2020-12-31'), w('2021-01-01', null)], use('2019-06-01', '2026-11-20'))).toEqual([]);
  });

  it('a one-day gap is found', () => {
    expect(uncoveredPeriods([w('2019-01-01', '2020-12-30'), w('2021-01-01', null)], use('2019-06-01', '2026-11-20'))).toEqual([use('2020-12-31', '2020-12-31')]);
  });

  it('overlapping and nested windows merge', () => {
    const windows = [w('2019-01-01', '2021-06-30'), w('2020-01-01', '2020-03-01'), w('2021-01-01', '2023-12-31'), w('2023-06-01', null)];
    expect(uncoveredPeriods(windows, use('2019-06-01', '2026-11-20'))).toEqual([]);
  });

  it('a license ending the day before the end of the use leaves that last day uncovered', () => {
    expect(uncoveredPeriods([w('2019-01-01', '2026-11-19')], use('2021-03-12', '2026-11-20'))).toEqual([use('2026-11-20', '2026-11-20')]);
    // Ending on the last day covers it.
    expect(uncoveredPeriods([w('2019-01-01', '2026-11-20')], use('2021-03-12', '2026-11-20'))).toEqual([]);
  });

  it('a license that starts after the use began leaves the start uncovered; one starting on the first day does not', () => {
    expect(uncoveredPeriods([w('2024-06-01', null)], use('2021-03-12', '2026-11-20'))).toEqual([use('2021-03-12', '2024-05-31')]);
    expect(uncoveredPeriods([w('2021-03-12', null)], use('2021-03-12', '2026-11-20'))).toEqual([]);
  });

  it('several gaps, in order, and windows outside the period are ignored', () => {
    const windows = [w('2010-01-01', '2012-01-01'), w('2022-01-01', '2022-12-31'), w('2020-01-01', '2020-12-31'), w('2030-01-01', null)];
    expect(uncoveredPeriods(windows, use('2019-06-01', '2024-02-29'))).toEqual([use('2019-06-01', '2019-12-31'), use('2021-01-01', '2021-12-31'), use('2023-01-01', '2024-02-29')]);
  });

  it('a window whose end is before its start covers nothing; a one-day period is judged on that day', () => {
    expect(uncoveredPeriods([w('2022-01-01', '2021-01-01')], use('2021-06-01', '2021-06-01'))).toEqual([use('2021-06-01', '2021-06-01')]);
    expect(uncoveredPeriods([w('2021-06-01', '2021-06-01')], use('2021-06-01', '2021-06-01'))).toEqual([]);
  });

  it('the last storable day as an end date does not wrap around', () => {
    expect(uncoveredPeriods([w('2019-01-01', '9999-12-31')], use('2021-03-12', '9999-12-31'))).toEqual([]);
    expect(uncoveredPeriods([w('2019-01-01', '2020-01-01'), w('2020-01-02', '9999-12-31')], use('2019-03-12', '2026-01-01'))).toEqual([]);
  });
});
