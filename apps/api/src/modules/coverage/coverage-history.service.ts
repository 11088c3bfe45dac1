import { coverageStatuses, type CoverageHistory, type CoverageStatus } from '@clearance/contracts';
import type { PrismaClient } from '@clearance/db';
import { addDays, fromDbDate, toDbDate, type Day } from '../../lib/dates.ts';
import type { Db } from '../../lib/prisma-types.ts';
import { siteScope } from '../../lib/scope.ts';
import type { Auth } from '../../plugins/auth.ts';

type Counts = Record<CoverageStatus, number>;

/**
 * Stores one day's counts per site and status (zeros included, so that a status that emptied
 * shows as 0 rather than as "no data"). One statement; rerunning it the same day overwrites the
 * day's counts and writes nothing when they did not change. The counts come from the caller's
 * GROUP BY, so this costs no extra scan of the assets.
 */
export async function recordCoverageSnapshot(db: Db, day: Day, sites: { siteId: string; byStatus: Counts }[]) {
  const rows = sites.flatMap((s) => coverageStatuses.map((status) => ({ site_id: s.siteId, status, count: s.byStatus[status] })));
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO coverage_snapshots (day, site_id, status, count)
     SELECT $1::date, r.site_id, r.status::coverage_status, r.count
     FROM json_to_recordset($2::json) AS r(site_id text, status text, count int)
     ON CONFLICT (day, site_id, status) DO UPDATE SET count = EXCLUDED.count
     WHERE coverage_snapshots.count IS DISTINCT FROM EXCLUDED.count`,
    day,
    JSON.stringify(rows),
  );
}

/** Whether today's counts were taken for every site in scope: two indexed counts. */
export async function hasSnapshotOn(prisma: PrismaClient, auth: Auth, day: Day, siteId?: string): Promise<boolean> {
  const only = auth.siteId ?? siteId; // assertSiteVisible made sure the two agree when both are set
  const [sites, counted] = await Promise.all([
    prisma.site.count({ where: only ? { id: only } : {} }),
    prisma.coverageSnapshot.count({ where: { day: toDbDate(day)!, status: 'uncovered', ...(only ? { siteId: only } : {}) } }),
  ]);
  return counted >= sites;
}

function zeroCounts(): Counts {
  return Object.fromEntries(coverageStatuses.map((s) => [s, 0])) as Counts;
}

/**
 * Per-day counts over the last `days` days (today included). A day without a snapshot (nobody
 * looked at the summary that day) carries each site's last known counts forward, marked
 * `recorded: false`; the series starts at the first day anything is known.
 * Today's point is whatever the last summary of the day stored (the route makes sure there is one).
 */
export async function coverageHistory(
  prisma: PrismaClient,
  auth: Auth,
  day: Day,
  days: number,
  siteId?: string,
): Promise<CoverageHistory> {
  const start = addDays(day, -(days - 1));
  const scope = { ...siteScope(auth), ...(siteId ? { siteId } : {}) };

  // Each site's last snapshot before the window, so the window's first days are not blank.
  const before = await prisma.coverageSnapshot.groupBy({
    by: ['siteId'],
    where: { ...scope, day: { lt: toDbDate(start)! } },
    _max: { day: true },
  });
  const [carried, inWindow] = await Promise.all([
    before.length === 0
      ? []
      : prisma.coverageSnapshot.findMany({
          where: { OR: before.map((b) => ({ siteId: b.siteId, day: b._max.day! })) },
        }),
    prisma.coverageSnapshot.findMany({
      where: { ...scope, day: { gte: toDbDate(start)!, lte: toDbDate(day)! } },
      orderBy: { day: 'asc' },
    }),
  ]);

  const latest = new Map<string, Counts>();
  const counts = (id: string) => latest.get(id) ?? latest.set(id, zeroCounts()).get(id)!;
  for (const row of carried) counts(row.siteId)[row.status] = row.count;

  const byDay = new Map<Day, typeof inWindow>();
  for (const row of inWindow) {
    const d = fromDbDate(row.day)!;
    byDay.set(d, [...(byDay.get(d) ?? []), row]);
  }

  const points: CoverageHistory['points'] = [];
  for (let d = start; d <= day; d = addDays(d, 1)) {
    const rows = byDay.get(d) ?? [];
    for (const row of rows) counts(row.siteId)[row.status] = row.count;
    if (latest.size === 0) continue;
    const byStatus = zeroCounts();
    for (const site of latest.values()) for (const s of coverageStatuses) byStatus[s] += site[s];
    const total = coverageStatuses.reduce((sum, s) => sum + byStatus[s], 0);
    points.push({ day: d, recorded: rows.length > 0, total, byStatus });
  }
  return { asOf: day, days, siteId: auth.siteId ?? siteId ?? null, points };
}
