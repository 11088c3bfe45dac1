import type { CoverageStatus, LicenseKind } from '@clearance/contracts';
import { addDays, daysBetween, type Day } from '../../lib/dates.ts';

/** What the coverage rule needs to know of one license of an asset. */
export type LicenseWindow = {
  kind: LicenseKind;
  /** First valid day; null = from whenever it was obtained. */
  validFrom: Day | null;
  /** Last valid day (inclusive); null = perpetual. */
  expiresOn: Day | null;
  proofCount: number;
  sourceUrl: string | null;
  licensor: string | null;
};

export type Coverage = {
  status: CoverageStatus;
  /** First day on which the status may change by time alone; null = never. */
  recheckOn: Day | null;
};

/**
 * Own work and public domain need no purchase document: a recorded source (where it came from,
 * or who made it) is their proof. Everything else needs a stored proof document.
 */
export function isProven(license: LicenseWindow): boolean {
  if (license.proofCount > 0) return true;
  const selfEvident = license.kind === 'own_work' || license.kind === 'public_domain';
  return selfEvident && Boolean(license.sourceUrl?.trim() || license.licensor?.trim());
}

export function isActiveOn(license: LicenseWindow, day: Day): boolean {
  return (license.validFrom === null || license.validFrom <= day) && (license.expiresOn === null || license.expiresOn >= day);
}

/**
 * The last day on which proven licenses keep the asset covered without a gap, starting from
 * the proven licenses active today (null = perpetual). A renewal that starts before the
 * current license ends extends the coverage, so it is not reported as expiring.
 */
function coveredThrough(proven: LicenseWindow[], day: Day): Day | null {
  let end: Day = day;
  let extended = true;
  while (extended) {
    extended = false;
    for (const license of proven) {
      const startsInTime = license.validFrom === null || license.validFrom <= addDays(end, 1);
      if (!startsInTime) continue;
      if (license.expiresOn === null) return null;
      if (license.expiresOn > end) {
        end = license.expiresOn;
        extended = true;
      }
    }
  }
  return end;
}

/**
 * The coverage status of an asset on a given day — the one place this rule lives.
 * See DESIGN.md "Coverage status of an asset".
 */
export function coverageOf(
  asset: { removed: boolean; licenses: LicenseWindow[] },
  day: Day,
  warningDays: number,
): Coverage {
  if (asset.removed) return { status: 'removed', recheckOn: null };
  const { licenses } = asset;
  if (licenses.length === 0) return { status: 'uncovered', recheckOn: null };

  const recheckOn = nextChangeDay(licenses, day, warningDays);
  const active = licenses.filter((l) => isActiveOn(l, day));
  if (active.length === 0) {
    const allEnded = licenses.every((l) => l.expiresOn !== null && l.expiresOn < day);
    // Only licenses that start later: recorded, but nothing covers the asset yet.
    return { status: allEnded ? 'expired' : 'uncovered', recheckOn };
  }
  if (!active.some(isProven)) return { status: 'unproven', recheckOn };

  const end = coveredThrough(licenses.filter(isProven), day);
  if (end !== null && daysBetween(day, end) <= warningDays) return { status: 'expiring', recheckOn };
  return { status: 'covered', recheckOn };
}

/** The status is piecewise constant between these days; the earliest one after `day` is when to look again. */
function nextChangeDay(licenses: LicenseWindow[], day: Day, warningDays: number): Day | null {
  const candidates: Day[] = [];
  for (const l of licenses) {
    if (l.validFrom) candidates.push(l.validFrom, addDays(l.validFrom, -warningDays));
    if (l.expiresOn) candidates.push(addDays(l.expiresOn, 1), addDays(l.expiresOn, -warningDays));
  }
  const future = candidates.filter((d) => d > day).sort();
  return future[0] ?? null;
}
