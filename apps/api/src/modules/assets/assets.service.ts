import { isServableUrl, type AssetDetail, type CreateAssetInput, type UpdateAssetInput, type CoverageStatus, type RiskLevel } from '@clearance/contracts';
import type { Prisma, PrismaClient } from '@clearance/db';
import type { FastifyInstance } from 'fastify';
import { addDays } from '../../lib/dates.ts';
import { notFound } from '../../lib/errors.ts';
import { readVerifiedBlob } from '../../lib/read-verified-blob.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import { assertSiteVisible, siteScope } from '../../lib/scope.ts';
import type { Auth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { refreshCoverage, refreshDueCoverage } from '../coverage/coverage.service.ts';
import { licenseCounts, mapLicense } from '../licenses/licenses.mapper.ts';
import { validationFailed } from '../../plugins/problem.ts';
import { assetInclude, mapAsset, mapRights } from './assets.mapper.ts';
import { assessAsset } from './risk.rules.ts';

export type AssetFilters = {
  status?: CoverageStatus;
  siteId?: string;
  risk?: RiskLevel;
  q?: string;
  cmsId?: string;
  source?: string;
  uploadedFrom?: string;
  uploadedTo?: string;
  limit?: number;
  cursor?: string;
};

/** Risk and detected source, as stored on the asset; recomputed whenever filename or metadata change. */
export function assessmentColumns(filename: string, rights: Parameters<typeof assessAsset>[1]) {
  const { risk, source } = assessAsset(filename, rights);
  return {
    risk,
    sourceProvider: source?.provider ?? null,
    sourceAssetId: source?.providerAssetId ?? null,
    sourceSuggestedKind: source?.suggestedKind ?? null,
    sourceConfidence: source?.confidence ?? null,
    sourceEvidence: source?.evidence ?? undefined,
  };
}

async function findVisibleAsset(db: PrismaClient | Prisma.TransactionClient, auth: Auth, id: string) {
  const row = await db.asset.findFirst({ where: { id, ...siteScope(auth) }, include: assetInclude });
  if (!row) throw notFound('Asset', id);
  return row;
}

export async function createAsset(prisma: PrismaClient, auth: Auth, input: CreateAssetInput) {
  assertSiteVisible(auth, input.siteId);
  const site = await prisma.site.findUnique({ where: { id: input.siteId }, select: { id: true } });
  if (!site) throw notFound('Site', input.siteId);
  checkServedUrls(input.urls);
  const rights = input.rights ?? {};
  return prisma.$transaction(async (tx) => {
  const row = await tx.asset.create({
    data: {
      siteId: input.siteId,
      cmsId: input.cmsId ?? null,
      filename: input.filename,
      title: input.title ?? null,
      mimeType: input.mimeType,
      bytes: input.bytes ?? null,
      width: input.width ?? null,
      height: input.height ?? null,
      sha256: input.sha256 ?? null,
      uploadedAt: input.uploadedAt ? new Date(input.uploadedAt) : null,
      uploadedBy: input.uploadedBy ?? null,
      ...rights,
      ...assessmentColumns(input.filename, rights),
      urls: { create: (input.urls ?? []).map((u) => ({ ...u })) },
    },
    include: assetInclude,
  });
  const asset = mapAsset(row);
  await recordAudit(tx, auth, { siteId: asset.siteId, entityType: 'asset', entityId: asset.id, action: 'create', after: asset });
  return asset;
  });
}

export async function listAssets(prisma: PrismaClient, auth: Auth, filters: AssetFilters, warningDays: number) {
  assertSiteVisible(auth, filters.siteId);
  await refreshDueCoverage(prisma, warningDays);
  const limit = filters.limit ?? 50;
  const cursor = decodeCursor(filters.cursor);
  const where: Prisma.AssetWhereInput = {
    ...siteScope(auth),
    ...(filters.siteId ? { siteId: filters.siteId } : {}),
    ...(filters.status ? { coverageStatus: filters.status } : {}),
    ...(filters.risk ? { risk: filters.risk } : {}),
    ...(filters.cmsId ? { cmsId: filters.cmsId } : {}),
    ...(filters.source ? { sourceProvider: { equals: filters.source, mode: 'insensitive' } } : {}),
    ...(filters.uploadedFrom || filters.uploadedTo
      ? {
          uploadedAt: {
            ...(filters.uploadedFrom ? { gte: new Date(`${filters.uploadedFrom}T00:00:00Z`) } : {}),
            ...(filters.uploadedTo ? { lt: new Date(`${addDays(filters.uploadedTo, 1)}T00:00:00Z`) } : {}),
          },
        }
      : {}),
    ...(cursor ? { id: { lt: cursor } } : {}),
    ...(filters.q
      ? {
          OR: [
            { filename: { contains: filters.q, mode: 'insensitive' } },
            { title: { contains: filters.q, mode: 'insensitive' } },
            { credit: { contains: filters.q, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  // Newest first: ids are UUIDv7, so they sort by creation time.
  const rows = await prisma.asset.findMany({ where, orderBy: { id: 'desc' }, take: limit + 1, include: assetInclude });
  return toPage(rows, limit, mapAsset);
}

export async function getAsset(prisma: PrismaClient, auth: Auth, id: string, warningDays: number): Promise<AssetDetail> {
  await refreshDueCoverage(prisma, warningDays);
  const row = await prisma.asset.findFirst({
    where: { id, ...siteScope(auth) },
    include: {
      ...assetInclude,
      licenses: { orderBy: { attachedAt: 'asc' }, include: { license: { include: { ...licenseCounts, proofs: { where: { deletedAt: null } } } } } },
      usages: { orderBy: { firstSeenAt: 'asc' } },
      matches: { include: { claim: true } },
    },
  });
  if (!row) throw notFound('Asset', id);
  return {
    ...mapAsset(row),
    licenses: row.licenses.map(({ license }) => mapLicense(license)),
    proofs: row.licenses.flatMap(({ license }) =>
      license.proofs.map((p) => ({
        id: p.id,
        licenseId: p.licenseId,
        kind: p.kind,
        filename: p.filename,
        sha256: p.sha256,
        createdAt: p.createdAt.toISOString(),
      })),
    ),
    usages: row.usages.map((u) => ({
      pageUrl: u.pageUrl,
      firstSeenAt: u.firstSeenAt.toISOString(),
      lastSeenAt: u.lastSeenAt.toISOString(),
    })),
    claims: row.matches.map(({ claim }) => ({ id: claim.id, agency: claim.agency, caseRef: claim.caseRef, status: claim.status })),
  };
}

/** Served URLs entered by hand follow the webhook's rule (served-url.ts): absolute http(s), no credentials, valid %-encoding. */
function checkServedUrls(urls: { url: string }[] | undefined) {
  const refused = (urls ?? []).flatMap((u, i) => (isServableUrl(u.url) ? [] : [i]));
  if (refused.length) {
    throw validationFailed('body', refused.map((i) => ({ instancePath: `/urls/${i}/url`, keyword: 'format', params: {}, message: 'must be an absolute http(s) URL' })));
  }
}

export async function updateAsset(prisma: PrismaClient, auth: Auth, id: string, input: UpdateAssetInput) {
  const row = await prisma.$transaction(async (tx) => {
    const current = await findVisibleAsset(tx, auth, id);
    const filename = input.filename ?? current.filename;
    const rights = { ...mapRights(current), ...input.rights };
    checkServedUrls(input.urls);
    if (input.urls) {
      await tx.assetUrl.deleteMany({ where: { assetId: id } });
      await tx.assetUrl.createMany({ data: input.urls.map((u) => ({ ...u, assetId: id })) });
    }
    const updated = mapAsset(
      await tx.asset.update({
        where: { id },
        data: {
          filename,
          title: input.title,
          uploadedBy: input.uploadedBy,
          ...input.rights,
          ...assessmentColumns(filename, rights),
        },
        include: assetInclude,
      }),
    );
    await recordAudit(tx, auth, { siteId: updated.siteId, entityType: 'asset', entityId: id, action: 'update', before: mapAsset(current), after: updated });
    return updated;
  });
  return row;
}

/** Marks the asset removed (taken down). Its licenses, proofs and claims stay as history. */
export async function removeAsset(prisma: PrismaClient, auth: Auth, id: string, warningDays: number) {
  const row = await prisma.$transaction(async (tx) => {
    const current = await findVisibleAsset(tx, auth, id);
    if (current.removedAt) return mapAsset(current);
    await tx.asset.update({ where: { id }, data: { removedAt: new Date() } });
    await refreshCoverage(tx, [id], warningDays);
    const removed = mapAsset(await tx.asset.findUniqueOrThrow({ where: { id }, include: assetInclude }));
    await recordAudit(tx, auth, { siteId: removed.siteId, entityType: 'asset', entityId: id, action: 'remove', before: mapAsset(current), after: removed });
    return removed;
  });
  return row;
}

/** The stored original or thumbnail of an asset, verified against its hash. */
export async function readAssetFile(app: FastifyInstance, auth: Auth, id: string, which: 'thumbnail' | 'original') {
  const row = await findVisibleAsset(app.prisma, auth, id);
  const sha256 = which === 'thumbnail' ? row.thumbnailSha256 : row.sha256;
  if (!sha256) throw notFound(which === 'thumbnail' ? 'Thumbnail of asset' : 'Stored file of asset', id);
  const content = await readVerifiedBlob(app, sha256);
  return { content, mimeType: which === 'thumbnail' ? 'image/webp' : row.mimeType, filename: row.filename };
}
