import type { Takedown as TakedownContract } from '@clearance/contracts';
import type { Prisma, PrismaClient, TakedownCheck, TakedownStatus } from '@clearance/db';
import type { FastifyInstance } from 'fastify';
import { AppError, notFound } from '../../lib/errors.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import type { Db } from '../../lib/prisma-types.ts';
import { siteScope } from '../../lib/scope.ts';
import type { Auth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { refreshCoverage } from '../coverage/coverage.service.ts';
import { exifOrientation, takedownUrls } from './takedown-urls.rules.ts';
import { isGone } from './takedown-verdict.rules.ts';
import { mapCheck, mapTakedown, mapTakedownSummary } from './takedowns.mapper.ts';
import { mapBounded, probeUrl, type ProbeResult } from './url-probe.ts';

/** At most this many requests to one site at a time: a takedown check must not look like an attack. */
const probeConcurrency = 4;

const takedownInclude = {
  asset: { include: { site: true, urls: { orderBy: { id: 'asc' } } } },
} as const;

/** A takedown is visible when its asset is: site-scoped tokens see their site's only. */
function visibleWhere(auth: Auth, id: string) {
  return { id, asset: siteScope(auth) };
}

async function visibleTakedown(db: Db, auth: Auth, id: string) {
  const row = await db.takedown.findFirst({ where: visibleWhere(auth, id), include: takedownInclude });
  if (!row) throw notFound('Takedown', id);
  return row;
}

type LoadedTakedown = Awaited<ReturnType<typeof visibleTakedown>>;

/** The latest check of every URL this takedown ever requested. */
async function latestChecks(db: Db, takedownId: string): Promise<TakedownCheck[]> {
  const rows = await db.takedownCheck.findMany({ where: { takedownId }, orderBy: [{ checkedAt: 'desc' }, { id: 'desc' }] });
  const latest = new Map<string, TakedownCheck>();
  for (const row of rows) if (!latest.has(row.url)) latest.set(row.url, row);
  return [...latest.values()];
}

/** What to request now: the asset's URLs, WordPress's derived names, and every URL checked before. */
function plan(takedown: LoadedTakedown, previouslyChecked: string[]) {
  const { asset } = takedown;
  return takedownUrls({
    siteBaseUrl: asset.site.baseUrl,
    mimeType: asset.mimeType,
    width: asset.width,
    height: asset.height,
    orientation: exifOrientation(asset.rawMetadata),
    urls: asset.urls,
    previouslyChecked,
  });
}

/** Latest checks in the order the URLs are planned (recorded first), then any others by URL. */
function inPlanOrder(latest: TakedownCheck[], planned: string[]): TakedownCheck[] {
  const rank = new Map(planned.map((url, i) => [url, i]));
  return [...latest].sort((a, b) => (rank.get(a.url) ?? Infinity) - (rank.get(b.url) ?? Infinity) || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

async function present(db: Db, takedown: LoadedTakedown): Promise<TakedownContract> {
  const latest = await latestChecks(db, takedown.id);
  const { check, skipped } = plan(takedown, latest.map((c) => c.url));
  return mapTakedown(takedown, takedown.asset.siteId, inPlanOrder(latest, check.map((c) => c.url)), skipped);
}

const auditState = (row: { id: string; status: TakedownStatus; verifiedAt: Date | null }) => ({
  takedownId: row.id,
  status: row.status,
  verifiedAt: row.verifiedAt?.toISOString() ?? null,
});

/**
 * Requests every URL of the takedown now and records one check per URL. The status is then
 * derived from the latest check of every URL ever requested, under a row lock: two checks
 * running at once each add their rows, and whichever commits second decides from both, so the
 * status always matches the newest answers.
 */
export async function runChecks(app: FastifyInstance, auth: Auth, takedownId: string): Promise<TakedownContract> {
  const takedown = await visibleTakedown(app.prisma, auth, takedownId);
  const previous = await app.prisma.takedownCheck.findMany({ where: { takedownId }, distinct: ['url'], select: { url: true }, orderBy: { url: 'asc' } });
  const { check } = plan(takedown, previous.map((p) => p.url));
  const results: ProbeResult[] = await mapBounded(check, probeConcurrency, (c) =>
    probeUrl(c.url, { sameOrigin: takedown.asset.site.baseUrl, timeoutMs: app.config.outboundTimeoutMs }),
  );
  await app.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM takedowns WHERE id = ${takedownId} FOR UPDATE`;
    const before = await tx.takedown.findUniqueOrThrow({ where: { id: takedownId } });
    if (results.length) await tx.takedownCheck.createMany({ data: results.map((r) => ({ takedownId, url: r.url, statusCode: r.statusCode, error: r.error, checkedAt: r.checkedAt })) });
    const latest = await latestChecks(tx, takedownId);
    const live = latest.filter((c) => !isGone(c.statusCode));
    const status: TakedownStatus = latest.length === 0 ? 'pending' : live.length ? 'live' : 'verified';
    // Verified since the check that completed the proof; kept while it stays verified.
    const newest = latest.reduce((max, c) => (c.checkedAt > max ? c.checkedAt : max), new Date(0));
    const verifiedAt = status !== 'verified' ? null : before.status === 'verified' && before.verifiedAt ? before.verifiedAt : newest;
    const after = await tx.takedown.update({ where: { id: takedownId }, data: { status, verifiedAt } });
    await markAssetRemoval(tx, takedown.assetId, before, after, app.config.expiryWarningDays);
    await recordAudit(tx, auth, {
      siteId: takedown.asset.siteId,
      entityType: 'asset',
      entityId: takedown.assetId,
      action: 'takedown_check',
      before: auditState(before),
      after: { ...auditState(after), checked: results.map(mapCheck), stillLive: live.map((c) => c.url) },
    });
  });
  return present(app.prisma, await visibleTakedown(app.prisma, auth, takedownId));
}

/**
 * A verified takedown is the asset's removal: it becomes `removed`, dated when the removal was
 * proven. Should a later check find the file served again, by this takedown or by any later one of
 * the asset, a removal recorded by a takedown is undone (a removal recorded otherwise, e.g. by the
 * user, stays).
 */
async function markAssetRemoval(
  tx: Prisma.TransactionClient,
  assetId: string,
  before: { status: TakedownStatus; verifiedAt: Date | null },
  after: { status: TakedownStatus; verifiedAt: Date | null },
  warningDays: number,
) {
  const asset = await tx.asset.findUniqueOrThrow({ where: { id: assetId }, select: { removedAt: true } });
  let removedAt: Date | null | undefined;
  if (after.status === 'verified' && !asset.removedAt) removedAt = after.verifiedAt;
  if (after.status !== 'verified' && before.status === 'verified' && asset.removedAt && before.verifiedAt && asset.removedAt.getTime() === before.verifiedAt.getTime()) removedAt = null;
  // Served again, as another takedown of the asset finds: the removal an earlier takedown proved no longer holds.
  if (after.status === 'live' && asset.removedAt && (await tx.takedown.count({ where: { assetId, verifiedAt: asset.removedAt } }))) removedAt = null;
  if (removedAt === undefined) return;
  await tx.asset.update({ where: { id: assetId }, data: { removedAt } });
  await refreshCoverage(tx, [assetId], warningDays);
}

/** Opens a takedown for an asset (optionally for a claim) and runs its first check. */
export async function startTakedown(app: FastifyInstance, auth: Auth, input: { assetId: string; claimId?: string | null }): Promise<TakedownContract> {
  const asset = await app.prisma.asset.findFirst({ where: { id: input.assetId, ...siteScope(auth) }, select: { id: true, siteId: true } });
  if (!asset) throw notFound('Asset', input.assetId);
  if (input.claimId) {
    const claim = await app.prisma.claim.findFirst({ where: { id: input.claimId, ...siteScope(auth) }, select: { siteId: true } });
    if (!claim) throw notFound('Claim', input.claimId);
    if (claim.siteId && claim.siteId !== asset.siteId) throw new AppError('claim_other_site', `Claim ${input.claimId} belongs to another site than asset ${asset.id}`);
  }
  const created = await app.prisma.$transaction((tx) => openTakedown(tx, auth, asset, input.claimId ?? null));
  return runChecks(app, auth, created.id);
}

/**
 * Records a takedown inside the caller's transaction (a settlement opens its takedowns together
 * with the rest of it); the caller has checked that it may see the asset and the claim.
 */
export async function openTakedown(tx: Prisma.TransactionClient, auth: Auth, asset: { id: string; siteId: string }, claimId: string | null) {
  const row = await tx.takedown.create({ data: { assetId: asset.id, claimId } });
  await recordAudit(tx, auth, {
    siteId: asset.siteId,
    entityType: 'asset',
    entityId: asset.id,
    action: 'takedown_start',
    after: { ...auditState(row), claimId: row.claimId, requestedAt: row.requestedAt.toISOString() },
  });
  return row;
}

export async function getTakedown(prisma: PrismaClient, auth: Auth, takedownId: string): Promise<TakedownContract> {
  return present(prisma, await visibleTakedown(prisma, auth, takedownId));
}

/** An asset's takedowns, newest first, in cursor pages. */
export async function listAssetTakedowns(prisma: PrismaClient, auth: Auth, assetId: string, query: { limit?: number; cursor?: string }) {
  const asset = await prisma.asset.findFirst({ where: { id: assetId, ...siteScope(auth) }, select: { siteId: true } });
  if (!asset) throw notFound('Asset', assetId);
  const limit = query.limit ?? 50;
  const cursor = decodeCursor(query.cursor);
  const rows = await prisma.takedown.findMany({
    where: { assetId, ...(cursor ? { id: { lt: cursor } } : {}) },
    orderBy: { id: 'desc' },
    take: limit + 1,
    include: { checks: { orderBy: { checkedAt: 'desc' }, take: 1, select: { checkedAt: true } } },
  });
  return toPage(rows, limit, (row) => mapTakedownSummary(row, asset.siteId, row.checks[0]?.checkedAt ?? null));
}

export type TakedownReport = {
  takedown: { id: string; assetId: string; claimId: string | null; status: TakedownStatus; requestedAt: string; verifiedAt: string | null; lastCheckedAt: string | null };
  asset: { id: string; filename: string; site: { name: string; baseUrl: string } };
  checks: { url: string; statusCode: number | null; error: string | null; checkedAt: string }[];
  verified: boolean;
  stillLive: string[];
  skipped: { url: string; reason: string }[];
};

/**
 * Everything a removal certificate states, as plain data, for the response pack. Unscoped: the
 * caller (the pack builder) has already checked that the claim and its assets are visible.
 */
export async function takedownReport(prisma: PrismaClient, takedownId: string): Promise<TakedownReport> {
  const row = await prisma.takedown.findUnique({ where: { id: takedownId }, include: takedownInclude });
  if (!row) throw notFound('Takedown', takedownId);
  const view = await present(prisma, row);
  return {
    takedown: {
      id: view.id,
      assetId: view.assetId,
      claimId: view.claimId,
      status: view.status,
      requestedAt: view.requestedAt,
      verifiedAt: view.verifiedAt,
      lastCheckedAt: view.lastCheckedAt,
    },
    asset: { id: row.asset.id, filename: row.asset.filename, site: { name: row.asset.site.name, baseUrl: row.asset.site.baseUrl } },
    checks: view.checks.map(({ url, statusCode, error, checkedAt }) => ({ url, statusCode, error, checkedAt })),
    verified: view.status === 'verified',
    stillLive: view.stillLive,
    skipped: view.skipped,
  };
}
