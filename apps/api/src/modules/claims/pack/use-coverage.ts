import type { LicenseKind } from '@clearance/contracts';
import { answersNoUse } from '../stance.rules.ts';
import type { LicenseSummary, PackAsset } from './pack.types.ts';

/** One license on record and the days of the asset's use it covered (its window cut to the use period). */
export type LicensedPart = { license: LicenseSummary; from: string; to: string };

/** Every license recorded for the asset, else those the input names at use and now. */
export const recordedLicenses = (a: PackAsset): LicenseSummary[] => a.licenses ?? [...new Map([...a.licensesAtUse, ...a.licensesNow].map((l) => [l.id, l])).values()];

/** A license's first day as the assessment counts it: its start, else the day it was obtained; null when neither is on record. */
export const startOf = (l: LicenseSummary): string | null => l.validFrom ?? l.obtainedOn ?? null;

/**
 * The licenses that covered some day of the use, each with those days, in order of their first day.
 * Only licenses that license a copy: an embed license or an own-work record is no license for a use.
 */
export function licensedParts(a: PackAsset): LicensedPart[] {
  return overlappingParts(a).filter((p) => !answersNoUse.includes(p.license.kind as LicenseKind));
}

/** Every license recorded whose window overlaps the use, of any kind, with the days of the use it spans. */
export function overlappingParts(a: PackAsset): LicensedPart[] {
  const period = a.usePeriod;
  if (!period) return [];
  return recordedLicenses(a)
    .map((license) => {
      const start = startOf(license);
      const from = start && start > period.from ? start : period.from;
      const to = license.expiresOn && license.expiresOn < period.to ? license.expiresOn : period.to;
      return { license, from, to };
    })
    .filter((p) => p.from <= p.to)
    .sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
}

/** Uncovered days on record, but not every day of the use: some license covered part of it. */
export function partlyCovered(a: PackAsset): boolean {
  const period = a.usePeriod;
  const gaps = a.uncoveredPeriods;
  if (!period || !gaps?.length) return false;
  const whole = gaps.length === 1 && gaps[0]!.from <= period.from && gaps[0]!.to >= period.to;
  return !whole && licensedParts(a).length > 0;
}
