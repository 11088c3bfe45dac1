import { coverageStatuses, type CoverageStatus, type CoverageSummary, type ExpiringReport } from '@clearance/contracts';
import type { PrismaClient } from '@clearance/db';
import { addDays, daysBetween, fromDbDate, toDbDate, today, type Day } from '../../lib/dates.ts';
import type { Db } from '../../lib/prisma-types.ts';
import type { Auth } from '../../plugins/auth.ts';
import { siteScope } from '../../lib/scope.ts';
import { recordCoverageSnapshot } from './coverage-history.service.ts';
import { coverageOf } from './coverage.rules.ts';

const batchSize = 500;

/** The coverage columns of an asset that has no license yet (a new upload), computed instead of read back. */
export function unlicensedCoverage(warningDays: number, day: Day = today()) {
  const coverage = coverageOf({ removed: false, licenses: [] }, day, warningDays);
  return { coverageStatus: coverage.status, coverageRecheckOn: toDbDate(coverage.recheckOn) };
}

/** Recomputes and stores the coverage status of these assets. Call it in the transaction that changed them. */
export async function refreshCoverage(db: Db, assetIds: string[], warningDays: number, day: Day = today()) {
  for (let i = 0; i < assetIds.length; i += batchSize) {
    const assets = await db.asset.findMany({
      where: { id: { in: assetIds.slice(i, i + batchSize) } },
      select: {
        id: true,
        removedAt: true,
        coverageStatus: true,
        coverageRecheckOn: true,
        licenses: {
          select: {
            license: {
              select: {
                kind: true,
                validFrom: true,
                expiresOn: true,
                sourceUrl: true,
                licensor: true,
                _count: { select: { proofs: { where: { deletedAt: null } } } },
              },
            },
          },
        },
      },
    });
    for (const asset of assets) {
      const coverage = coverageOf(
        {
          removed: asset.removedAt !== null,
          licenses: asset.licenses.map(({ license }) => ({
            kind: license.kind,
            validFrom: fromDbDate(license.validFrom),
            expiresOn: fromDbDate(license.expiresOn),
            proofCount: license._count.proofs,
            sourceUrl: license.sourceUrl,
            licensor: license.licensor,
          })),
        },
        day,
        warningDays,
      );
      if (asset.coverageStatus === coverage.status && fromDbDate(asset.coverageRecheckOn) === coverage.recheckOn) continue;
      await db.asset.update({
        where: { id: asset.id },
        data: { coverageStatus: coverage.status, coverageRecheckOn: toDbDate(coverage.recheckOn) },
      });
    }
  }
}

/**
 * Statuses move with the calendar (a license starts, enters the warning window, ends). Each asset
 * stores the day its status may next change; before answering status questions, bring those due
 * up to date. With nothing due this is one indexed lookup.
 */
export async function refreshDueCoverage(prisma: PrismaClient, warningDays: number, day: Day = today()) {
  for (;;) {
    const due = await prisma.asset.findMany({
      where: { coverageRecheckOn: { lte: toDbDate(day)! } },
      select: { id: true },
      take: batchSize,
    });
    if (due.length === 0) return;
    await prisma.$transaction((tx) => refreshCoverage(tx, due.map((a) => a.id), warningDays, day));
  }
}

function zeroCounts(): Record<CoverageStatus, number> {
  return Object.fromEntries(coverageStatuses.map((s) => [s, 0])) as Record<CoverageStatus, number>;
}

export async function coverageSummary(
  prisma: PrismaClient,
  auth: Auth,
  warningDays: number,
  siteId?: string,
): Promise<CoverageSummary> {
  const day = today();
  await refreshDueCoverage(prisma, warningDays, day);
  const where = { ...siteScope(auth), ...(siteId ? { siteId } : {}) };
  const [groups, sites] = await Promise.all([
    prisma.asset.groupBy({ by: ['siteId', 'coverageStatus'], where, _count: { _all: true } }),
    prisma.site.findMany({ where: auth.siteId || siteId ? { id: auth.siteId ?? siteId } : {}, orderBy: { name: 'asc' } }),
  ]);
  const byStatus = zeroCounts();
  const bySite = new Map(sites.map((s) => [s.id, { siteId: s.id, siteName: s.name, total: 0, byStatus: zeroCounts() }]));
  for (const group of groups) {
    const n = group._count._all;
    byStatus[group.coverageStatus] += n;
    const site = bySite.get(group.siteId);
    if (site) {
      site.byStatus[group.coverageStatus] += n;
      site.total += n;
    }
  }
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  // The per-site counts are exact for every site listed, whatever the caller's scope: keep them as today's point of the history.
  await recordCoverageSnapshot(prisma, day, [...bySite.values()]);
  return { asOf: day, warningDays, total, byStatus, bySite: [...bySite.values()] };
}

/** Licenses whose last day falls within the next `withinDays` days (today included). */
export async function expiringReport(
  prisma: PrismaClient,
  auth: Auth,
  warningDays: number,
  withinDays: number,
  siteId?: string,
): Promise<ExpiringReport> {
  const day = today();
  await refreshDueCoverage(prisma, warningDays, day);
  const licenses = await prisma.license.findMany({
    where: {
      ...siteScope(auth),
      ...(siteId ? { siteId } : {}),
      expiresOn: { gte: toDbDate(day)!, lte: toDbDate(addDays(day, withinDays))! },
    },
    orderBy: [{ expiresOn: 'asc' }, { id: 'asc' }],
    take: 1000,
    include: { assets: { include: { asset: { select: { id: true, filename: true, coverageStatus: true } } } } },
  });
  return {
    asOf: day,
    withinDays,
    items: licenses.map((l) => {
      const expiresOn = fromDbDate(l.expiresOn)!;
      return {
        licenseId: l.id,
        siteId: l.siteId,
        kind: l.kind,
        licensor: l.licensor,
        expiresOn,
        daysLeft: daysBetween(day, expiresOn),
        assets: l.assets.map(({ asset }) => asset),
      };
    }),
  };
}
