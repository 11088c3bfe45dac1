import { addDays, type Day } from '../../lib/dates.ts';
import type { LicenseWindow } from './coverage.rules.ts';

/** A run of calendar days, both ends included (as a license's `expiresOn` is, see isActiveOn). */
export type DayRange = { from: Day; to: Day };

/**
 * The days of `period` that no window covers, as ranges in order. A window runs from `validFrom`
 * (null = since always) through `expiresOn` inclusive (null = perpetual), exactly as isActiveOn
 * reads it, so a license ending on the 31st and one starting on the 1st leave no gap; one whose
 * end is before its start covers nothing.
 */
export function uncoveredPeriods(windows: Pick<LicenseWindow, 'validFrom' | 'expiresOn'>[], period: DayRange): DayRange[] {
  if (period.to < period.from) return [];
  const relevant = windows
    .filter((w) => !(w.validFrom !== null && w.expiresOn !== null && w.expiresOn < w.validFrom))
    .filter((w) => (w.validFrom === null || w.validFrom <= period.to) && (w.expiresOn === null || w.expiresOn >= period.from))
    .sort((a, b) => ((a.validFrom ?? '') < (b.validFrom ?? '') ? -1 : (a.validFrom ?? '') > (b.validFrom ?? '') ? 1 : 0));
  const gaps: DayRange[] = [];
  // The first day of the period not yet known to be covered.
  let cursor = period.from;
  for (const w of relevant) {
    if (w.validFrom !== null && w.validFrom > cursor) {
      gaps.push({ from: cursor, to: addDays(w.validFrom, -1) });
    }
    // Compared before stepping a day on: 9999-12-31 + 1 day would not compare as a later day.
    if (w.expiresOn === null || w.expiresOn >= period.to) return gaps;
    if (w.expiresOn >= cursor) cursor = addDays(w.expiresOn, 1);
  }
  gaps.push({ from: cursor, to: period.to });
  return gaps;
}
