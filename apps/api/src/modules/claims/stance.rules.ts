import { isFreeLicenseKind, type LicenseKind, type Stance } from '@clearance/contracts';
import { addDays } from '../../lib/dates.ts';
import type { DayRange } from '../coverage/coverage-period.rules.ts';

/** One license on record: its kind, whether a proof is stored, its first day, and whether it is active today. */
export type HeldLicense = { kind: LicenseKind; proven: boolean; validFrom: string | null; activeNow: boolean };

export type StanceAdvice = { stance: Stance; reason: string };

/** Kinds that license no use of a copy: an embed (the platform serves the image) and the owner's own work. */
export const answersNoUse: readonly LicenseKind[] = ['embed_only', 'own_work'];

/**
 * The whole use an asset is judged on — from its first use to the end of the claimed use — and the
 * days of it no license covered; `coveredNow` says whether a license on record is active today.
 */
export type UseCoverage = {
  period: DayRange;
  uncovered: DayRange[];
  coveredNow: boolean;
  /**
   * The use is over: its last day (the letter's, or the day the image was removed) is past. With a
   * license held today, nothing needs taking down, however late it was bought; the use is to be negotiated.
   */
  useOver?: boolean;
};

const span = (r: DayRange) => (r.from === r.to ? r.from : `${r.from} to ${r.to}`);

/**
 * What to answer about one asset, from the licenses that covered it on the day of the claimed use.
 *  - a paid or written license then: licensed, send the proof;
 *  - only free licenses then (public domain, Creative Commons, free-license site, press kit): send the source evidence;
 *  - recorded as the owner's own work: the claimant's ownership is doubtful, ask them to prove it;
 *  - only an embed then (Instagram, YouTube, ...) and no copy hosted on the site: the platform serves the image;
 *    a hosted copy is not what an embed license covers, so it is answered like a use without a license;
 *  - a license held today that starts after the day of use: licensed now, not then — send it, negotiate the earlier period
 *    (one that has already ended is no answer for today either);
 *  - nothing then: remove, then negotiate or settle.
 * `atUse` holds the licenses that cover the whole use period (empty when any day of it is uncovered),
 * and the uncovered days of `coverage` decide:
 *  - uncovered only at the start, covered from some day through the end of the use and today: licensed_later;
 *  - uncovered in the middle, covered at the end and today: licensed_later, naming the uncovered days
 *    (the image is licensed now; only those days are to be negotiated, nothing needs removing);
 *  - uncovered at the end of the use, or not covered today: remove, naming the uncovered days.
 */
export function assetStance(
  atUse: HeldLicense[],
  later: HeldLicense[],
  { hosted = true, coverage }: { hosted?: boolean; coverage: UseCoverage },
): StanceAdvice {
  if (atUse.some((l) => l.kind === 'own_work')) {
    return { stance: 'ask_for_proof', reason: 'Recorded as your own work: ask the claimant to prove ownership and the exact use.' };
  }
  // An embed license covers the platform's embed, never a copy the site hosts itself.
  const embedOnly = atUse.length > 0 && atUse.every((l) => l.kind === 'embed_only');
  if (embedOnly && !hosted) return embedAdvice;
  const paid = atUse.filter((l) => !isFreeLicenseKind(l.kind) && l.kind !== 'embed_only');
  if (paid.length) {
    const unproven = paid.every((l) => !l.proven);
    return { stance: 'licensed', reason: unproven ? 'Licensed at the time of use, but no proof document is stored: find the receipt or invoice before replying.' : 'Licensed at the time of use: send the license and its proof.' };
  }
  if (atUse.length && !embedOnly) return { stance: 'free_license', reason: 'Used under a free license at the time: send the source and the license-page evidence.' };
  const onlyEmbeds = (atUse.length > 0 || later.length > 0) && [...atUse, ...later].every((l) => l.kind === 'embed_only');
  // An embed hosts no copy, so the embed license's dates decide nothing: the platform serves the image.
  if (!hosted && onlyEmbeds) return embedAdvice;
  if (hosted && onlyEmbeds) return hostedEmbed;
  if (coverage.uncovered.length) return gapStance(coverage, later);
  // Every day covered, yet nothing at use: only licenses that answer for no use (an embed beside a hosted copy).
  if (embedOnly) return hostedEmbed;
  return { stance: 'remove', reason: 'No license on record: remove the image from every URL, then negotiate or settle.' };
}

const embedAdvice: StanceAdvice = { stance: 'embedded', reason: 'Shown through the platform\'s embed: no copy is hosted on the site; answer with the usage record.' };

const hostedEmbed: StanceAdvice = {
  stance: 'remove',
  reason: 'Only an embed license is held, but a copy of the image is hosted on the site: the embed license does not cover a hosted copy; remove it, then negotiate or settle.',
};

/** A use with uncovered days: licensed now and at its end (only the named days to negotiate), or to be removed. */
function gapStance({ period, uncovered, coveredNow, useOver = false }: UseCoverage, later: HeldLicense[]): StanceAdvice {
  const days = uncovered.map(span).join(', ');
  const last = uncovered[uncovered.length - 1]!;
  const coveredAtEnd = last.to < period.to;
  // A use that is over and a license held today: the image is licensed now, nothing to take down.
  if (!coveredAtEnd && coveredNow && useOver) {
    if (uncovered.length === 1 && last.from === period.from) {
      return {
        stance: 'licensed_later',
        reason: `Licensed now; the whole claimed use (${span(period)}) was unlicensed: explain, send the license, and negotiate that period.`,
      };
    }
    return {
      stance: 'licensed_later',
      reason: `Licensed now, but not throughout the use (${span(period)}): no license ${days}. Explain, send the licenses, and negotiate only the uncovered days.`,
    };
  }
  if (coveredAtEnd && coveredNow) {
    if (uncovered.length === 1 && last.from === period.from) {
      return {
        stance: 'licensed_later',
        reason: `Licensed now, not at first use (licensed from ${addDays(last.to, 1)}, the use began ${period.from}; no license ${days}): explain, send the license, and negotiate the earlier period.`,
      };
    }
    return {
      stance: 'licensed_later',
      reason: `Licensed now, but not throughout the use (${span(period)}): no license ${days}. Explain, send the licenses, and negotiate only the uncovered days.`,
    };
  }
  if (!later.length) return { stance: 'remove', reason: 'No license on record: remove the image from every URL, then negotiate or settle.' };
  if (uncovered.length === 1 && last.from === period.from && last.to === period.to) {
    return { stance: 'remove', reason: `The licenses on record cover no day of the use (${span(period)}): remove the image, then negotiate or settle.` };
  }
  return { stance: 'remove', reason: `The licenses on record leave the use (${span(period)}) uncovered ${days}: remove the image, then negotiate or settle.` };
}

/** The most demanding answer wins: one unlicensed image means removing it, whatever the others are. */
const priority: readonly Stance[] = ['remove', 'licensed_later', 'ask_for_proof', 'free_license', 'embedded', 'licensed'];

export function claimStance(assets: StanceAdvice[], candidates = 0): StanceAdvice {
  if (!assets.length && candidates > 0) {
    return { stance: 'ask_for_proof', reason: 'Confirm which of the candidates the claim is about; until then, ask the claimant for the exact image, URL and dates of the use.' };
  }
  if (!assets.length) {
    return {
      stance: 'ask_for_proof',
      reason: 'The image could not be identified in your library: ask the claimant for the image, the exact URL and dates of the use, and proof of ownership.',
    };
  }
  const worst = priority.find((s) => assets.some((a) => a.stance === s))!;
  return assets.find((a) => a.stance === worst)!;
}
