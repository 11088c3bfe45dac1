import type { Claim as ClaimContract, ClaimEvent as ClaimEventContract } from '@clearance/contracts';
import type { Claim, ClaimEvent, Prisma } from '@clearance/db';
import { daysBetween, fromDbDate, today } from '../../lib/dates.ts';
import { openStatuses } from './claim-status.rules.ts';

/** Include this to have what `mapClaim` needs. */
export const claimInclude = {
  matches: { where: { confirmedAt: { not: null } }, select: { assetId: true }, orderBy: { confirmedAt: 'asc' } },
} satisfies Prisma.ClaimInclude;

export type ClaimRow = Claim & { matches: { assetId: string }[] };

const money = (value: Prisma.Decimal | null) => (value === null ? null : Number(value));

export function mapClaim(row: ClaimRow, day = today()): ClaimContract {
  const deadlineOn = fromDbDate(row.deadlineOn);
  return {
    id: row.id,
    siteId: row.siteId,
    agency: row.agency,
    caseRef: row.caseRef,
    rightsHolder: row.rightsHolder,
    receivedOn: fromDbDate(row.receivedOn),
    deadlineOn,
    claimedUseFrom: fromDbDate(row.claimedUseFrom),
    claimedUseTo: fromDbDate(row.claimedUseTo),
    amount: money(row.amount),
    currency: row.currency,
    infringingUrls: row.infringingUrls,
    notes: row.notes,
    status: row.status,
    settlementOutcome: row.settlementOutcome,
    settlementAmount: money(row.settlementAmount),
    settledOn: fromDbDate(row.settledOn),
    settlementLicenseId: row.settlementLicenseId,
    daysLeft: deadlineOn && openStatuses.includes(row.status) ? daysBetween(day, deadlineOn) : null,
    confirmedAssetIds: row.matches.map((m) => m.assetId),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function mapClaimEvent(row: ClaimEvent): ClaimEventContract {
  return {
    id: row.id,
    type: row.type,
    at: row.at.toISOString(),
    note: row.note,
    amount: money(row.amount),
    currency: row.currency,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    createdBy: row.createdBy,
  };
}
