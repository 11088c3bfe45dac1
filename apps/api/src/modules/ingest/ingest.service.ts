import type { Asset as AssetContract } from '@clearance/contracts';
import type { Prisma } from '@clearance/db';
import type { FastifyInstance } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { recordBlob } from '../../lib/blob-rows.ts';
import { AppError } from '../../lib/errors.ts';
import type { Auth } from '../../plugins/auth.ts';
import { assetInclude, mapAsset } from '../assets/assets.mapper.ts';
import { assessmentColumns } from '../assets/assets.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { phashCatalogOf } from '../claims/matching/phash-catalog.ts';
import { refreshCoverage } from '../coverage/coverage.service.ts';
import { decodeRaster } from './fingerprint/decode.ts';
import { fingerprintRaster, INDEX_SIDE, type Fingerprint } from './fingerprint/index.ts';
import type { Raster } from './fingerprint/raster.ts';
import { readRights } from './metadata/read-rights.ts';
import { makeThumbnail, thumbnailFromRaster } from './thumbnail.ts';
import type { UrlVariant } from './url-variants.ts';

/** Image formats an upload may be; the content decides, not the name. */
const imageTypes = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff', 'image/heic', 'image/heif', 'image/avif', 'image/bmp']);

export type IngestInput = {
  siteId: string;
  cmsId: string | null;
  filename: string;
  title: string | null;
  uploadedAt: Date | null;
  uploadedBy: string | null;
  urls: UrlVariant[];
  content: Buffer;
};

/** What the file says about itself, computed outside any transaction (this is the slow part). */
async function analyse(app: FastifyInstance, content: Buffer) {
  const type = await fileTypeFromBuffer(content);
  if (!type || !imageTypes.has(type.mime)) {
    throw new AppError('unsupported_type', `Expected an image (JPEG, PNG, WebP, GIF, TIFF, HEIC, AVIF, BMP); the content is ${type?.mime ?? 'not a known format'}`);
  }
  // Independent steps run side by side: hashing, writing and sharp work off the event loop, so they overlap.
  const [stored, metadata, pictures] = await Promise.all([app.blobs.put(content), readRights(content), fingerprintAndThumbnail(content)]);
  const { fingerprint, thumbnail } = pictures;
  const thumb = thumbnail ? await app.blobs.put(thumbnail) : null;
  const errors = [metadata.error, fingerprint instanceof Error ? `fingerprint: ${fingerprint.message}` : null].filter(Boolean);
  return {
    mimeType: type.mime,
    stored,
    metadata,
    fingerprint: fingerprint instanceof Error ? null : fingerprint,
    thumbnail: thumb && thumbnail ? { ...thumb, content: thumbnail } : null,
    metadataError: errors.length ? errors.join('; ') : null,
  };
}

/**
 * One decode (shrink-on-load, the expensive part) feeds both the fingerprint and the thumbnail.
 * A file too damaged to fingerprint may still give a thumbnail from a lenient decode.
 */
async function fingerprintAndThumbnail(content: Buffer): Promise<{ fingerprint: Fingerprint | Error; thumbnail: Buffer | null }> {
  let raster: Raster;
  try {
    raster = await decodeRaster(content, INDEX_SIDE);
  } catch (error) {
    return { fingerprint: error as Error, thumbnail: await makeThumbnail(content).catch(() => null) };
  }
  return { fingerprint: fingerprintRaster(raster), thumbnail: await thumbnailFromRaster(raster).catch(() => null) };
}

/**
 * The upload pipeline: store the file by its hash, read its rights metadata, fingerprint it,
 * make a thumbnail, detect its likely source, and record (or update, by CMS id) the asset with
 * every URL it is served under. A malformed file still becomes an asset, with the error noted.
 */
export async function ingestImage(app: FastifyInstance, actor: Auth | 'system', input: IngestInput): Promise<AssetContract> {
  const a = await analyse(app, input.content);
  const { aiGenerated, ...rights } = a.metadata.rights;
  const columns = {
    filename: input.filename,
    title: input.title,
    mimeType: a.mimeType,
    bytes: input.content.length,
    width: a.metadata.width ?? null,
    height: a.metadata.height ?? null,
    sha256: a.stored.sha256,
    phash: a.fingerprint?.phash ?? null,
    phashVariants: a.fingerprint?.variants ?? [],
    thumbnailSha256: a.thumbnail?.sha256 ?? null,
    uploadedAt: input.uploadedAt,
    uploadedBy: input.uploadedBy,
    ...rights,
    aiGenerated,
    rawMetadata: a.metadata.raw as Prisma.InputJsonValue,
    metadataError: a.metadataError,
    ...assessmentColumns(input.filename, rights),
  };
  const asset = await app.prisma.$transaction(async (tx) => {
    await recordBlob(tx, { sha256: a.stored.sha256, bytes: a.stored.bytes, mimeType: a.mimeType });
    if (a.thumbnail) {
      await recordBlob(tx, { sha256: a.thumbnail.sha256, bytes: a.thumbnail.bytes, mimeType: 'image/webp' });
    }
    const existing = input.cmsId ? await tx.asset.findUnique({ where: { siteId_cmsId: { siteId: input.siteId, cmsId: input.cmsId } }, include: assetInclude }) : null;
    const urls = input.urls.map((u) => ({ url: u.url, kind: u.kind, sizeName: u.sizeName, width: u.width, height: u.height }));
    let row;
    if (existing) {
      await tx.assetUrl.deleteMany({ where: { assetId: existing.id } });
      row = await tx.asset.update({ where: { id: existing.id }, data: { ...columns, urls: { create: urls } }, include: assetInclude });
    } else {
      row = await tx.asset.create({ data: { ...columns, siteId: input.siteId, cmsId: input.cmsId, urls: { create: urls } }, include: assetInclude });
    }
    await refreshCoverage(tx, [row.id], app.config.expiryWarningDays);
    const asset = mapAsset(await tx.asset.findUniqueOrThrow({ where: { id: row.id }, include: assetInclude }));
    await recordAudit(tx, actor, {
      siteId: input.siteId,
      entityType: 'asset',
      entityId: asset.id,
      action: existing ? 'ingest_update' : 'ingest',
      ...(existing ? { before: mapAsset(existing) } : {}),
      after: asset,
    });
    return asset;
  });
  // Claim matching holds the hashes in memory; a re-ingested file may have changed them.
  phashCatalogOf(app.prisma).upsert({ id: asset.id, siteId: asset.siteId, phash: columns.phash, phashVariants: columns.phashVariants });
  return asset;
}

/** The CMS deleted the attachment: the asset is marked removed, its history kept. */
export async function markRemovedByCms(app: FastifyInstance, actor: Auth | 'system', siteId: string, cmsId: string) {
  return app.prisma.$transaction(async (tx) => {
    const existing = await tx.asset.findUnique({ where: { siteId_cmsId: { siteId, cmsId } }, include: assetInclude });
    if (!existing) return null;
    if (existing.removedAt) return mapAsset(existing);
    await tx.asset.update({ where: { id: existing.id }, data: { removedAt: new Date() } });
    await refreshCoverage(tx, [existing.id], app.config.expiryWarningDays);
    const asset = mapAsset(await tx.asset.findUniqueOrThrow({ where: { id: existing.id }, include: assetInclude }));
    await recordAudit(tx, actor, { siteId, entityType: 'asset', entityId: asset.id, action: 'remove', before: mapAsset(existing), after: asset });
    return asset;
  });
}
