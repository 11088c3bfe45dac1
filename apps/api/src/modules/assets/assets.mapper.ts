import { rightsFields, type Asset as AssetContract, type Rights } from '@clearance/contracts';
import type { Asset, AssetUrl, Prisma } from '@clearance/db';
import { readTruncations } from './asset-text.ts';

export const assetInclude = { urls: { orderBy: { id: 'asc' } } } satisfies Prisma.AssetInclude;
export type AssetWithUrls = Asset & { urls: AssetUrl[] };

export function mapRights(row: Asset): Rights {
  return Object.fromEntries(rightsFields.map((f) => [f, row[f]])) as Rights;
}

export function mapAsset(row: AssetWithUrls): AssetContract {
  return {
    id: row.id,
    siteId: row.siteId,
    cmsId: row.cmsId,
    filename: row.filename,
    title: row.title,
    mimeType: row.mimeType,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    sha256: row.sha256,
    phash: row.phash,
    aiGenerated: row.aiGenerated,
    metadataError: row.metadataError,
    truncatedText: readTruncations(row.textTruncations),
    cmsCredit: row.cmsCredit ?? null,
    thumbnailUrl: row.thumbnailSha256 ? `/v1/assets/${row.id}/thumbnail` : null,
    originalUrl: row.sha256 && row.bytes !== null ? `/v1/assets/${row.id}/original` : null,
    uploadedAt: row.uploadedAt?.toISOString() ?? null,
    uploadedBy: row.uploadedBy,
    removedAt: row.removedAt?.toISOString() ?? null,
    coverageStatus: row.coverageStatus,
    risk: row.risk,
    rights: mapRights(row),
    detectedSource: row.sourceProvider
      ? {
          provider: row.sourceProvider,
          providerAssetId: row.sourceAssetId,
          suggestedKind: row.sourceSuggestedKind,
          confidence: row.sourceConfidence ?? 0,
          evidence: Array.isArray(row.sourceEvidence) ? row.sourceEvidence.map(String) : [],
        }
      : null,
    urls: row.urls.map((u) => ({ url: u.url, kind: u.kind, sizeName: u.sizeName, width: u.width, height: u.height })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
