import type { License as LicenseContract } from '@clearance/contracts';
import type { License, Prisma } from '@clearance/db';
import { fromDbDate } from '../../lib/dates.ts';

/** Include this to have what `mapLicense` needs. */
export const licenseCounts = {
  _count: { select: { proofs: { where: { deletedAt: null } }, assets: true } },
} satisfies Prisma.LicenseInclude;

export type LicenseWithCounts = License & { _count: { proofs: number; assets: number } };

export function mapLicense(row: LicenseWithCounts): LicenseContract {
  return {
    id: row.id,
    siteId: row.siteId,
    kind: row.kind,
    ccVariant: row.ccVariant,
    licensor: row.licensor,
    sourceUrl: row.sourceUrl,
    orderRef: row.orderRef,
    obtainedOn: fromDbDate(row.obtainedOn),
    validFrom: fromDbDate(row.validFrom),
    expiresOn: fromDbDate(row.expiresOn),
    territory: row.territory,
    mediaScope: row.mediaScope,
    usageTerms: row.usageTerms,
    attributionRequired: row.attributionRequired,
    attributionText: row.attributionText,
    cost: row.cost === null ? null : Number(row.cost),
    currency: row.currency,
    notes: row.notes,
    proofCount: row._count.proofs,
    assetCount: row._count.assets,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
