import type { Assessment, Proof } from '@clearance/contracts';
import type { FastifyInstance } from 'fastify';
import { fromDbDate, today, type Day } from '../../lib/dates.ts';
import type { Db } from '../../lib/prisma-types.ts';
import type { Auth } from '../../plugins/auth.ts';
import { assetInclude, mapAsset } from '../assets/assets.mapper.ts';
import { isActiveOn, isProven, type LicenseWindow } from '../coverage/coverage.rules.ts';
import { licenseCounts, mapLicense } from '../licenses/licenses.mapper.ts';
import { mapProof } from '../proofs/proofs.mapper.ts';
import { claimAssetScope, findVisibleClaim } from './claim-access.ts';
import { hostsCopy } from './embed.rules.ts';
import { assetStance, claimStance } from './stance.rules.ts';

/** The day the claimed use is judged on: the day the claimant names, else the day the letter came, else today. */
export function useDayOf(claim: { claimedUseFrom: Date | null; receivedOn: Date | null }): Day {
  return fromDbDate(claim.claimedUseFrom) ?? fromDbDate(claim.receivedOn) ?? today();
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
  return matches.map((m) => m.asset);
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

/** What was held on the day of use and what is held now, for each confirmed asset, and what to answer. */
export function assessAssets(assets: ConfirmedAsset[], claimedUseDay: Day, now: Day = today()) {
  return assets.map((asset) => {
    const useDay = assetUseDay(asset, claimedUseDay);
    const licenses = asset.licenses.map(({ license }) => ({ license, window: windowOf(license) }));
    const assess = (l: (typeof licenses)[number]) => ({ ...mapLicense(l.license), validAtUse: isActiveOn(l.window, useDay), validNow: isActiveOn(l.window, now) });
    // The use runs from its first day to the claimed day: a license that covered the first use but had
    // ended by the claimed day does not answer for the use the letter is about.
    const coveredOnClaimedDay = licenses.some((l) => isActiveOn(l.window, claimedUseDay));
    const atUse = coveredOnClaimedDay ? licenses.filter((l) => isActiveOn(l.window, useDay)) : [];
    const later = licenses.filter((l) => !atUse.includes(l));
    const held = (l: (typeof licenses)[number]) => ({ kind: l.window.kind, proven: isProven(l.window), validFrom: l.window.validFrom, activeNow: isActiveOn(l.window, now) });
    const hosted = hostsCopy(asset);
    const advice = assetStance(atUse.map(held), later.map(held), useDay, { hosted });
    const proofs: Proof[] = licenses.flatMap((l) => l.license.proofs.map(mapProof));
    const first = asset.usages[0];
    return {
      asset: mapAsset(asset),
      licensesAtUse: atUse.map(assess),
      licensesNow: licenses.filter((l) => isActiveOn(l.window, now)).map(assess),
      proofs,
      firstSeenUsage: first ? { pageUrl: first.pageUrl, firstSeenAt: first.firstSeenAt.toISOString() } : null,
      useDay,
      hosted,
      ...advice,
    };
  });
}

export async function assessClaim(app: FastifyInstance, auth: Auth, claimId: string): Promise<Assessment> {
  const claim = await findVisibleClaim(app.prisma, auth, claimId);
  const useDay = useDayOf(claim);
  const assets = assessAssets(await loadConfirmedAssets(app.prisma, auth, claim), useDay);
  const overall = claimStance(assets, await app.prisma.claimMatch.count({ where: { claimId } }));
  // The claim is judged from the earliest use any of its images had.
  const earliest = assets.map((a) => a.useDay).sort()[0] ?? useDay;
  return { claimId, useDay: earliest, stance: overall.stance, reason: overall.reason, assets };
}
