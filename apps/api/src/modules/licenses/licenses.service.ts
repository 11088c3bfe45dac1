import type { CreateLicenseInput, LicenseDetail, LicenseKind, UpdateLicenseInput } from '@clearance/contracts';
import type { Prisma, PrismaClient } from '@clearance/db';
import { addDays, fromDbDate, toDbDate, today } from '../../lib/dates.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import type { Db } from '../../lib/prisma-types.ts';
import { assertSiteVisible, siteScope } from '../../lib/scope.ts';
import type { Auth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { refreshCoverage } from '../coverage/coverage.service.ts';
import { licenseCounts, mapLicense } from './licenses.mapper.ts';

type LicenseFields = Omit<UpdateLicenseInput, 'kind'>;

function toData(input: LicenseFields) {
  const { obtainedOn, validFrom, expiresOn, ...rest } = input;
  return {
    ...rest,
    ...(obtainedOn !== undefined ? { obtainedOn: toDbDate(obtainedOn) } : {}),
    ...(validFrom !== undefined ? { validFrom: toDbDate(validFrom) } : {}),
    ...(expiresOn !== undefined ? { expiresOn: toDbDate(expiresOn) } : {}),
  };
}

function assertWindow(validFrom: string | null | undefined, expiresOn: string | null | undefined) {
  if (validFrom && expiresOn && expiresOn < validFrom) {
    throw new AppError('invalid_date_range', `expiresOn ${expiresOn} is before validFrom ${validFrom}`);
  }
}

/** The assets, all visible to the caller and all of one site; returns that site. */
async function siteOfAssets(db: Db, auth: Auth, assetIds: string[]): Promise<string> {
  const assets = await db.asset.findMany({ where: { id: { in: assetIds }, ...siteScope(auth) }, select: { id: true, siteId: true } });
  const missing = assetIds.filter((id) => !assets.some((a) => a.id === id));
  if (missing.length) throw notFound('Asset', missing.join(', '));
  const sites = new Set(assets.map((a) => a.siteId));
  if (sites.size > 1) throw new AppError('assets_span_sites', `The assets belong to ${sites.size} different sites`);
  return assets[0]!.siteId;
}

/** What the audit trail keeps of a license: its fields and which assets it covers (statuses are derived). */
function forAudit(detail: LicenseDetail) {
  const { assets, proofs: _proofs, ...fields } = detail;
  return { ...fields, assetIds: assets.map((a) => a.id) };
}

async function findVisibleLicense(db: Db, auth: Auth, id: string) {
  const row = await db.license.findFirst({ where: { id, ...siteScope(auth) } });
  if (!row) throw notFound('License', id);
  return row;
}

/** The assets a license covers (whose coverage changes when the license or its proofs do). */
export async function assetIdsOf(db: Db, licenseId: string) {
  const links = await db.licenseAsset.findMany({ where: { licenseId }, select: { assetId: true } });
  return links.map((l) => l.assetId);
}

async function loadDetail(db: Db, id: string): Promise<LicenseDetail> {
  const row = await db.license.findUniqueOrThrow({
    where: { id },
    include: {
      ...licenseCounts,
      assets: { orderBy: { attachedAt: 'asc' }, include: { asset: { select: { id: true, filename: true, coverageStatus: true } } } },
      proofs: { where: { deletedAt: null }, orderBy: { createdAt: 'asc' } },
    },
  });
  return {
    ...mapLicense(row),
    assets: row.assets.map(({ asset }) => asset),
    proofs: row.proofs.map((p) => ({ id: p.id, kind: p.kind, filename: p.filename, sha256: p.sha256, createdAt: p.createdAt.toISOString() })),
  };
}

export async function createLicense(prisma: PrismaClient, auth: Auth, input: CreateLicenseInput, warningDays: number) {
  const { assetIds, ...fields } = input;
  assertWindow(fields.validFrom, fields.expiresOn);
  return prisma.$transaction(async (tx) => {
    const siteId = await siteOfAssets(tx, auth, assetIds);
    const license = await tx.license.create({
      data: { ...toData(fields), kind: fields.kind, siteId, assets: { create: assetIds.map((assetId) => ({ assetId })) } },
    });
    await refreshCoverage(tx, assetIds, warningDays);
    const detail = await loadDetail(tx, license.id);
    await recordAudit(tx, auth, { siteId, entityType: 'license', entityId: license.id, action: 'create', after: forAudit(detail) });
    return detail;
  });
}

export async function getLicense(prisma: PrismaClient, auth: Auth, id: string) {
  await findVisibleLicense(prisma, auth, id);
  return loadDetail(prisma, id);
}

export async function updateLicense(prisma: PrismaClient, auth: Auth, id: string, input: UpdateLicenseInput, warningDays: number) {
  return prisma.$transaction(async (tx) => {
    const current = await findVisibleLicense(tx, auth, id);
    const before = await loadDetail(tx, id);
    assertWindow(
      input.validFrom !== undefined ? input.validFrom : fromDbDate(current.validFrom),
      input.expiresOn !== undefined ? input.expiresOn : fromDbDate(current.expiresOn),
    );
    await tx.license.update({ where: { id }, data: toData(input) });
    await refreshCoverage(tx, await assetIdsOf(tx, id), warningDays);
    const after = await loadDetail(tx, id);
    await recordAudit(tx, auth, { siteId: current.siteId, entityType: 'license', entityId: id, action: 'update', before: forAudit(before), after: forAudit(after) });
    return after;
  });
}

export async function attachAssets(prisma: PrismaClient, auth: Auth, id: string, assetIds: string[], warningDays: number) {
  return prisma.$transaction(async (tx) => {
    const license = await findVisibleLicense(tx, auth, id);
    const before = await loadDetail(tx, id);
    const siteId = await siteOfAssets(tx, auth, assetIds);
    if (siteId !== license.siteId) throw new AppError('assets_span_sites', 'The assets belong to another site than the license');
    await tx.licenseAsset.createMany({ data: assetIds.map((assetId) => ({ licenseId: id, assetId })), skipDuplicates: true });
    await refreshCoverage(tx, assetIds, warningDays);
    const after = await loadDetail(tx, id);
    await recordAudit(tx, auth, { siteId, entityType: 'license', entityId: id, action: 'attach_assets', before: forAudit(before), after: forAudit(after) });
    return after;
  });
}

export async function detachAsset(prisma: PrismaClient, auth: Auth, id: string, assetId: string, warningDays: number) {
  return prisma.$transaction(async (tx) => {
    const license = await findVisibleLicense(tx, auth, id);
    const before = await loadDetail(tx, id);
    const assetIds = await assetIdsOf(tx, id);
    if (!assetIds.includes(assetId)) throw notFound('Asset', `${assetId} on license ${id}`);
    if (assetIds.length === 1) throw new AppError('last_asset', 'Attach another asset before detaching the last one');
    await tx.licenseAsset.delete({ where: { licenseId_assetId: { licenseId: id, assetId } } });
    await refreshCoverage(tx, [assetId], warningDays);
    const after = await loadDetail(tx, id);
    await recordAudit(tx, auth, { siteId: license.siteId, entityType: 'license', entityId: id, action: 'detach_asset', before: forAudit(before), after: forAudit(after) });
    return after;
  });
}

export type LicenseFilters = { kind?: LicenseKind; siteId?: string; expiringWithinDays?: number; limit?: number; cursor?: string };

export async function listLicenses(prisma: PrismaClient, auth: Auth, filters: LicenseFilters) {
  assertSiteVisible(auth, filters.siteId);
  const limit = filters.limit ?? 50;
  const cursor = decodeCursor(filters.cursor);
  const day = today();
  const where: Prisma.LicenseWhereInput = {
    ...siteScope(auth),
    ...(filters.siteId ? { siteId: filters.siteId } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.expiringWithinDays !== undefined
      ? { expiresOn: { gte: toDbDate(day)!, lte: toDbDate(addDays(day, filters.expiringWithinDays))! } }
      : {}),
    ...(cursor ? { id: { lt: cursor } } : {}),
  };
  const rows = await prisma.license.findMany({ where, orderBy: { id: 'desc' }, take: limit + 1, include: licenseCounts });
  return toPage(rows, limit, mapLicense);
}
