// Which claims the caller may see and change, shared by the claim services (claims, matching,
// assessment, pack, letters, settlement). Its own module so that matching/candidates.service.ts can
// use it without importing claims.service.ts, which itself lists a claim's candidates.
import type { ClaimStatus } from '@clearance/contracts';
import type { Prisma } from '@clearance/db';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Db } from '../../lib/prisma-types.ts';
import { siteScope } from '../../lib/scope.ts';
import type { Auth } from '../../plugins/auth.ts';
import { closedStatuses } from './claim-status.rules.ts';
import { claimInclude } from './claims.mapper.ts';

/** A claim the caller may see; a site-scoped token sees only its site's claims. */
export async function findVisibleClaim(db: Db, auth: Auth, id: string) {
  const row = await db.claim.findFirst({ where: { id, ...siteScope(auth) }, include: claimInclude });
  if (!row) throw notFound('Claim', id);
  return row;
}

/**
 * The assets a claim may be about: those the caller sees, and, for a claim of one site, only that
 * site's. Every query of a claim's matches, assessment, pack and settlement spreads it.
 */
export function claimAssetScope(auth: Auth, claim: { siteId: string | null }): { siteId?: string } {
  return claim.siteId ? { siteId: claim.siteId } : siteScope(auth);
}

/** Locks the claim row until the transaction ends, so two settlements or confirmations take turns. */
export async function lockClaim(tx: Prisma.TransactionClient, auth: Auth, id: string) {
  await tx.$queryRaw`SELECT id FROM claims WHERE id = ${id} FOR UPDATE`;
  return findVisibleClaim(tx, auth, id);
}

export function assertOpen(row: { status: ClaimStatus }) {
  if (closedStatuses.includes(row.status)) throw new AppError('claim_closed', `The claim is ${row.status}`);
}
