import type { Asset as AssetContract, TextTruncation } from '@clearance/contracts';
import { Prisma } from '@clearance/db';
import type { FastifyInstance } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { recordBlob } from '../../lib/blob-rows.ts';
import { AppError } from '../../lib/errors.ts';
import type { Auth } from '../../plugins/auth.ts';
import { fitAssetText, fitAssetUrls, truncationsColumn } from '../assets/asset-text.ts';
import { assetInclude, mapAsset } from '../assets/assets.mapper.ts';
import { assessmentColumns } from '../assets/assets.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { refreshCoverage, unlicensedCoverage } from '../coverage/coverage.service.ts';
import { readRights } from './metadata/read-rights.ts';
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

/** What the file says about itself, read outside any transaction: its type, its stored copy, its rights metadata. */
async function analyse(app: FastifyInstance, content: Buffer) {
  const type = await fileTypeFromBuffer(content);
  if (!type || !imageTypes.has(type.mime)) {
    throw new AppError('unsupported_type', `Expected an image (JPEG, PNG, WebP, GIF, TIFF, HEIC, AVIF, BMP); the content is ${type?.mime ?? 'not a known format'}`);
  }
  // Hashing and writing run off the event loop while the metadata is read.
  const [stored, metadata] = await Promise.all([app.blobs.put(content), readRights(content)]);
  return { mimeType: type.mime, stored, metadata };
}

/**
 * The upload pipeline: store the file by its hash, read its rights metadata, detect its likely
 * source, and record (or update, by CMS id) the asset with every URL it is served under. The
 * perceptual hash and thumbnail follow from the picture queue (picture-analysis.ts); callers that
 * show the result at once (direct upload, imports) wait for it, the webhook does not. A malformed
 * file still becomes an asset, with the error noted.
 */
export async function ingestImage(app: FastifyInstance, actor: Auth | 'system', input: IngestInput, options: { waitForPictures: boolean }): Promise<AssetContract> {
  const a = await analyse(app, input.content);
  const { aiGenerated, ...read } = a.metadata.rights;
  // What is stored is what the answer can carry: long values are cut to their limits, with a note.
  const notes: TextTruncation[] = [];
  const { filename, title, uploadedBy, ...rights } = fitAssetText({ filename: input.filename, title: input.title, uploadedBy: input.uploadedBy, ...read }, notes);
  const urls = fitAssetUrls(input.urls, notes).map((u) => ({ url: u.url, kind: u.kind, sizeName: u.sizeName, width: u.width, height: u.height }));
  const columns = {
    filename,
    title,
    mimeType: a.mimeType,
    bytes: input.content.length,
    width: a.metadata.width ?? null,
    height: a.metadata.height ?? null,
    sha256: a.stored.sha256,
    uploadedAt: input.uploadedAt,
    uploadedBy,
    ...rights,
    aiGenerated,
    rawMetadata: a.metadata.raw as Prisma.InputJsonValue,
    metadataError: a.metadata.error ?? null,
    textTruncations: truncationsColumn(notes) ?? Prisma.DbNull,
    ...assessmentColumns(filename, rights),
  };
  const asset = await app.prisma.$transaction(async (tx) => {
    await recordBlob(tx, { sha256: a.stored.sha256, bytes: a.stored.bytes, mimeType: a.mimeType });
    const existing = input.cmsId ? await tx.asset.findUnique({ where: { siteId_cmsId: { siteId: input.siteId, cmsId: input.cmsId } }, include: assetInclude }) : null;
    let asset: AssetContract;
    if (existing) {
      // The same file again keeps its pictures; another file waits for its own.
      const pictures = existing.sha256 === a.stored.sha256 ? {} : { phash: null, phashVariants: [], thumbnailSha256: null };
      await tx.assetUrl.deleteMany({ where: { assetId: existing.id } });
      await tx.asset.update({ where: { id: existing.id }, data: { ...columns, ...pictures, urls: { createMany: { data: urls } } }, select: { id: true } });
      await refreshCoverage(tx, [existing.id], app.config.expiryWarningDays);
      asset = mapAsset(await tx.asset.findUniqueOrThrow({ where: { id: existing.id }, include: assetInclude }));
    } else {
      // A new asset has no license yet: its coverage is known, and the inserted rows are the asset (nothing to read back).
      const row = await tx.asset.create({ data: { ...columns, ...unlicensedCoverage(app.config.expiryWarningDays), siteId: input.siteId, cmsId: input.cmsId } });
      const urlRows = await tx.assetUrl.createManyAndReturn({ data: urls.map((u) => ({ ...u, assetId: row.id })) });
      asset = mapAsset({ ...row, urls: urlRows.sort((x, y) => (x.id < y.id ? -1 : 1)) });
    }
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
  if (asset.phash !== null || asset.thumbnailUrl !== null) return asset; // the same file, already analysed
  const pictures = app.pictures.enqueue(asset.id, a.stored.sha256, input.content);
  if (!options.waitForPictures) return asset;
  await pictures;
  return mapAsset(await app.prisma.asset.findUniqueOrThrow({ where: { id: asset.id }, include: assetInclude }));
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
