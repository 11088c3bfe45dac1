import type { Assessment, Proof } from '@clearance/contracts';
import type { FastifyInstance } from 'fastify';
import { fromDbDate, today, type Day } from '../../lib/dates.ts';
import type { Db } from '../../lib/prisma-types.ts';
import type { Auth } from '../../plugins/auth.ts';
import { assetInclude, mapAsset } from '../assets/assets.mapper.ts';
import { uncoveredPeriods, type DayRange } from '../coverage/coverage-period.rules.ts';
import { isActiveOn, isProven, type LicenseWindow } from '../coverage/coverage.rules.ts';
import { licenseCounts, mapLicense } from '../licenses/licenses.mapper.ts';
import { mapProof } from '../proofs/proofs.mapper.ts';
import { claimAssetScope, findVisibleClaim } from './claim-access.ts';
import { hostsCopy } from './embed.rules.ts';
import { answersNoUse, assetStance, claimStance } from './stance.rules.ts';

/** The day the claimed use is judged on: the day the claimant names, else the day the letter came, else today. */
export function useDayOf(claim: { claimedUseFrom: Date | null; claimedUseTo?: Date | null; receivedOn: Date | null }): Day {
  const received = fromDbDate(claim.receivedOn) ?? today();
  // A letter that names only the last day of use ("last seen 2025-03-01") places the use on or before that day.
  const lastDay = fromDbDate(claim.claimedUseTo ?? null);
  return fromDbDate(claim.claimedUseFrom) ?? (lastDay && lastDay < received ? lastDay : received);
}

/** What of the claim fixes the use period: the claimed day (see useDayOf) and the last day the letter names, if any. */
export type ClaimedUse = { day: Day; to: Day | null };

export function claimedUseOf(claim: { claimedUseFrom: Date | null; claimedUseTo: Date | null; receivedOn: Date | null }): ClaimedUse {
  return { day: useDayOf(claim), to: fromDbDate(claim.claimedUseTo) };
}

/** Everything the assessment and the response pack say about one confirmed asset. */
export async function loadConfirmedAssets(db: Db, auth: Auth, claim: { id: string; siteId: string | null }) {
  const matches = await db.claimMatch.findMany({
    where: { claimId: claim.id, confirmedAt: { not: null }, asset: claimAssetScope(auth, claim) },
    orderBy: { confirmedAt: 'asc' },
    include: {
      asset: {
        include: {
          ...assetInclude,
          site: { select: { name: true, baseUrl: true } },
          usages: { orderBy: { firstSeenAt: 'asc' } },
          licenses: { orderBy: { attachedAt: 'asc' }, include: { license: { include: { ...licenseCounts, proofs: { where: { deletedAt: null }, orderBy: { createdAt: 'asc' } } } } } },
          takedowns: { orderBy: { requestedAt: 'asc' }, include: { checks: { orderBy: { checkedAt: 'asc' } } } },
        },
      },
    },
  });
  return matches.map((m) => ({ ...m.asset, confirmedByOverride: m.confirmedByOverride }));
}
export type ConfirmedAsset = Awaited<ReturnType<typeof loadConfirmedAssets>>[number];

/**
 * A license without a start day counts from the day it was obtained: one bought after the use
 * did not cover it (the coverage rule, which looks at today, need not care).
 */
function windowOf(license: ConfirmedAsset['licenses'][number]['license']): LicenseWindow {
  return {
    kind: license.kind,
    validFrom: fromDbDate(license.validFrom ?? license.obtainedOn),
    expiresOn: fromDbDate(license.expiresOn),
    proofCount: license._count.proofs,
    sourceUrl: license.sourceUrl,
    licensor: license.licensor,
  };
}

/** The day one asset is judged on: the claimed use start, or the asset's first recorded use when that is earlier. */
export function assetUseDay(asset: Pick<ConfirmedAsset, 'usages'>, claimedUseDay: Day): Day {
  const first = asset.usages[0] ? fromDbDate(asset.usages[0].firstSeenAt) : null;
  return first && first < claimedUseDay ? first : claimedUseDay;
}

/**
 * The days one asset's use is judged over. It starts on its use day (assetUseDay). It ends on the last
 * day the letter names; when the letter names none, the use lasted as long as the image stayed up —
 * to the day it was removed, or today while it is still shown — and at least to the claimed day.
 */
export function usePeriodOf(asset: Pick<ConfirmedAsset, 'usages' | 'removedAt'>, claimed: ClaimedUse, now: Day = today()): DayRange {
  const from = assetUseDay(asset, claimed.day);
  const shownUntil = fromDbDate(asset.removedAt) ?? now;
  const end = claimed.to ?? (shownUntil > claimed.day ? shownUntil : claimed.day);
  return { from, to: end > from ? end : from };
}

/** What was held over the use and what is held now, for each confirmed asset, and what to answer. */
export function assessAssets(assets: ConfirmedAsset[], claimed: ClaimedUse, now: Day = today()) {
  return assets.map((asset) => {
    const period = usePeriodOf(asset, claimed, now);
    const useDay = period.from;
    const licenses = asset.licenses.map(({ license }) => ({ license, window: windowOf(license) }));
    const overlaps = (w: LicenseWindow) => (w.validFrom === null || w.validFrom <= period.to) && (w.expiresOn === null || w.expiresOn >= period.from);
    const assess = (l: (typeof licenses)[number]) => ({ ...mapLicense(l.license), validAtUse: overlaps(l.window), validNow: isActiveOn(l.window, now) });
    // Licensed only when the licenses together cover every day of the use: a license that covered the
    // first use but ended before the claimed day, or a year with no license in between, is no answer.
    // An embed license covers the platform's embed, never a copy the site hosts itself.
    const hosted = hostsCopy(asset);
    const covering = hosted ? licenses.filter((l) => l.window.kind !== 'embed_only') : licenses;
    const uncovered = uncoveredPeriods(covering.map((l) => l.window), period);
    const atUse = uncovered.length ? [] : licenses.filter((l) => overlaps(l.window));
    const later = licenses.filter((l) => !atUse.includes(l));
    const held = (l: (typeof licenses)[number]) => ({ kind: l.window.kind, proven: isProven(l.window), validFrom: l.window.validFrom, activeNow: isActiveOn(l.window, now) });
    const licensing = covering.filter((l) => !answersNoUse.includes(l.window.kind));
    const coveredNow = licensing.some((l) => isActiveOn(l.window, now));
    // A use that is over (the letter's last day, or the removal, is past) and licensed today needs no takedown.
    const useOver = period.to < now;
    const advice = { ...assetStance(atUse.map(held), later.map(held), { hosted, coverage: { period, uncovered, coveredNow, useOver } }) };
    // A license with no start day (neither validFrom nor obtainedOn) still counts as covering since
    // always — it was usually recorded later from an old purchase — but the reason says to check it.
    const undated = licensing.filter((l) => l.window.validFrom === null && overlaps(l.window));
    if (undated.length) {
      const names = undated.map((l) => [l.license.licensor ?? l.license.kind, l.license.orderRef].filter(Boolean).join(' '));
      advice.reason += ` ${names.join(', ')}: no start day on record: check it was held from ${useDay}.`;
    }
    const proofs: Proof[] = licenses.flatMap((l) => l.license.proofs.map(mapProof));
    const first = asset.usages[0];
    return {
      asset: mapAsset(asset),
      licensesAtUse: atUse.map(assess),
      licensesNow: licenses.filter((l) => isActiveOn(l.window, now)).map(assess),
      proofs,
      firstSeenUsage: first ? { pageUrl: first.pageUrl, firstSeenAt: first.firstSeenAt.toISOString() } : null,
      useDay,
      usePeriod: period,
      uncoveredPeriods: uncovered,
      confirmedByOverride: asset.confirmedByOverride,
      hosted,
      ...advice,
    };
  });
}

export async function assessClaim(app: FastifyInstance, auth: Auth, claimId: string): Promise<Assessment> {
  const claim = await findVisibleClaim(app.prisma, auth, claimId);
  const useDay = useDayOf(claim);
  const assets = assessAssets(await loadConfirmedAssets(app.prisma, auth, claim), claimedUseOf(claim));
  const overall = claimStance(assets, await app.prisma.claimMatch.count({ where: { claimId } }));
  // The claim is judged from the earliest use any of its images had.
  const earliest = assets.map((a) => a.useDay).sort()[0] ?? useDay;
  return { claimId, useDay: earliest, stance: overall.stance, reason: overall.reason, assets };
}
