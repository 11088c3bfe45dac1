import type { AddClaimEventInput, ClaimDetail, ClaimStatus, CreateClaimInput, UpdateClaimInput } from '@clearance/contracts';
import type { Prisma, PrismaClient } from '@clearance/db';
import { addDays, fromDbDate, toDbDate, today } from '../../lib/dates.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import type { Db } from '../../lib/prisma-types.ts';
import { assertSiteVisible, siteScope } from '../../lib/scope.ts';
import type { Auth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { mapProof } from '../proofs/proofs.mapper.ts';
import { listCandidates, recheckConfirmedMatches } from './matching/candidates.service.ts';
import { findVisibleClaim, lockClaim } from './claim-access.ts';
import { checkTransition, openStatuses } from './claim-status.rules.ts';
import { claimInclude, mapClaim, mapClaimEvent } from './claims.mapper.ts';

/**
 * The claimed use period as it will be once `input` is applied to `stored` (the claim as it is, or
 * nothing for a new claim): a last day of use before the first is refused, whichever of the two the
 * body changes, so a PATCH of only one end cannot invert the period.
 */
export function assertUsePeriod(input: Pick<UpdateClaimInput, 'claimedUseFrom' | 'claimedUseTo'>, stored?: { claimedUseFrom: Date | null; claimedUseTo: Date | null }) {
  const from = input.claimedUseFrom !== undefined ? input.claimedUseFrom : fromDbDate(stored?.claimedUseFrom ?? null);
  const to = input.claimedUseTo !== undefined ? input.claimedUseTo : fromDbDate(stored?.claimedUseTo ?? null);
  if (from && to && to < from) throw new AppError('invalid_date_range', `claimedUseTo ${to} is before claimedUseFrom ${from}`, { field: input.claimedUseTo !== undefined ? 'claimedUseTo' : 'claimedUseFrom' });
}

/** The claim fields of a create or update body as Prisma data (days as DATE values). */
export function claimUpdateData(input: UpdateClaimInput) {
  const { receivedOn, deadlineOn, claimedUseFrom, claimedUseTo, ...rest } = input;
  return {
    ...rest,
    ...(receivedOn !== undefined ? { receivedOn: toDbDate(receivedOn) } : {}),
    ...(deadlineOn !== undefined ? { deadlineOn: toDbDate(deadlineOn) } : {}),
    ...(claimedUseFrom !== undefined ? { claimedUseFrom: toDbDate(claimedUseFrom) } : {}),
    ...(claimedUseTo !== undefined ? { claimedUseTo: toDbDate(claimedUseTo) } : {}),
  };
}

export async function createClaim(prisma: PrismaClient, auth: Auth, input: CreateClaimInput) {
  const { siteId: requestedSite, ...fields } = input;
  assertSiteVisible(auth, requestedSite);
  const siteId = auth.siteId ?? requestedSite ?? null;
  if (siteId && !(await prisma.site.findUnique({ where: { id: siteId }, select: { id: true } }))) throw notFound('Site', siteId);
  assertUsePeriod(fields);
  return prisma.$transaction(async (tx) => {
    const row = await tx.claim.create({ data: { ...claimUpdateData(fields), agency: fields.agency, siteId }, include: claimInclude });
    if (fields.receivedOn) {
      await tx.claimEvent.create({ data: { claimId: row.id, type: 'letter_received', at: toDbDate(fields.receivedOn)!, createdBy: auth.actor } });
    }
    const claim = mapClaim(row);
    await recordAudit(tx, auth, { siteId, entityType: 'claim', entityId: row.id, action: 'create', after: claim });
    return claim;
  });
}

export type ClaimFilters = { siteId?: string; status?: ClaimStatus; open?: boolean; dueWithinDays?: number; limit?: number; cursor?: string };

/** Newest first; `dueWithinDays` lists open claims by deadline, soonest (or most overdue) first. */
export async function listClaims(prisma: PrismaClient, auth: Auth, filters: ClaimFilters) {
  const limit = filters.limit ?? 50;
  const cursor = decodeCursor(filters.cursor);
  const due = filters.dueWithinDays;
  assertSiteVisible(auth, filters.siteId);
  const where: Prisma.ClaimWhereInput = {
    ...siteScope(auth),
    ...(filters.siteId ? { siteId: filters.siteId } : {}),
    // Both filters apply: "settled and open" is nothing, not "open".
    AND: [
      filters.status ? { status: filters.status } : {},
      filters.open || due !== undefined ? { status: { in: [...openStatuses] } } : {},
    ],
    ...(due !== undefined ? { deadlineOn: { not: null, lte: toDbDate(addDays(today(), due))! } } : {}),
  };
  // Due lists go by deadline (soonest or most overdue first), others newest first; the cursor is
  // the last row's id either way, and the database finds where that row sits in the order.
  const orderBy: Prisma.ClaimOrderByWithRelationInput[] = due !== undefined ? [{ deadlineOn: 'asc' }, { id: 'asc' }] : [{ id: 'desc' }];
  const rows = await prisma.claim.findMany({ where, orderBy, take: limit + 1, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}), include: claimInclude });
  return toPage(rows, limit, (r) => mapClaim(r));
}

/** Open claims whose deadline is within `days` (or past), soonest first: what the overview warns about. */
export async function claimsDueSoon(prisma: PrismaClient, auth: Auth, days = 7, siteId?: string) {
  return (await listClaims(prisma, auth, { dueWithinDays: days, siteId, limit: 100 })).items;
}

export async function updateClaim(prisma: PrismaClient, auth: Auth, id: string, input: UpdateClaimInput) {
  return prisma.$transaction(async (tx) => {
    const before = await lockClaim(tx, auth, id);
    assertUsePeriod(input, before);
    let row = await tx.claim.update({ where: { id }, data: claimUpdateData(input), include: claimInclude });
    row = await afterClaimChange(tx, auth, before, row, { recordReceived: true });
    const claim = mapClaim(row);
    await recordAudit(tx, auth, { siteId: row.siteId, entityType: 'claim', entityId: id, action: 'update', before: mapClaim(before), after: claim });
    return claim;
  });
}

type ClaimRow = Awaited<ReturnType<typeof findVisibleClaim>>;

const sameUrls = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((u, i) => u === b[i]);

/**
 * What follows from a change of the claim's fields, inside its transaction (PATCH and letter
 * apply): new URLs re-check the confirmed matches (a match whose site the letter no longer names
 * is unconfirmed unless it was confirmed by override), and a new received day moves the
 * "letter received" event to it. Returns the claim as it now is.
 */
export async function afterClaimChange(tx: Prisma.TransactionClient, auth: Auth, before: ClaimRow, row: ClaimRow, options: { recordReceived: boolean }): Promise<ClaimRow> {
  const received = fromDbDate(row.receivedOn);
  const wasReceived = fromDbDate(before.receivedOn);
  if (received && received !== wasReceived) {
    // The event of the old day is this letter's; others (a later letter logged by hand) stay where they are.
    const moved = wasReceived ? await tx.claimEvent.updateMany({ where: { claimId: row.id, type: 'letter_received', at: toDbDate(wasReceived)! }, data: { at: toDbDate(received)! } }) : { count: 0 };
    const any = moved.count > 0 || (await tx.claimEvent.count({ where: { claimId: row.id, type: 'letter_received' } })) > 0;
    if (!any && options.recordReceived) await tx.claimEvent.create({ data: { claimId: row.id, type: 'letter_received', at: toDbDate(received)!, createdBy: auth.actor } });
  }
  if (sameUrls(before.infringingUrls, row.infringingUrls)) return row;
  const dropped = await recheckConfirmedMatches(tx, auth, row);
  return dropped.length ? findVisibleClaim(tx, auth, row.id) : row;
}

export async function listClaimEvents(db: Db, claimId: string) {
  const rows = await db.claimEvent.findMany({ where: { claimId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  return rows.map(mapClaimEvent);
}

/** A letter, reply, reminder (which may move the deadline), payment or note on the claim's timeline. */
export async function addClaimEvent(prisma: PrismaClient, auth: Auth, claimId: string, input: AddClaimEventInput) {
  return prisma.$transaction(async (tx) => {
    const claim = await findVisibleClaim(tx, auth, claimId);
    const row = await tx.claimEvent.create({
      data: {
        claimId,
        type: input.type,
        at: input.at ? new Date(input.at) : new Date(),
        note: input.note ?? null,
        amount: input.amount ?? null,
        currency: input.currency ?? null,
        createdBy: auth.actor,
      },
    });
    let updated = claim;
    // A reply moves a new or matched claim on; a reminder may set a new deadline.
    const data: Prisma.ClaimUpdateInput = {};
    if (input.type === 'reminder' && input.deadlineOn !== undefined) data.deadlineOn = toDbDate(input.deadlineOn);
    if (input.type === 'reply_sent' && (claim.status === 'new' || claim.status === 'matched')) {
      data.status = 'responded';
      await tx.claimEvent.create({ data: { claimId, type: 'status_change', fromStatus: claim.status, toStatus: 'responded', note: 'Reply sent', createdBy: auth.actor } });
    }
    if (Object.keys(data).length) updated = await tx.claim.update({ where: { id: claimId }, data, include: claimInclude });
    const event = mapClaimEvent(row);
    await recordAudit(tx, auth, { siteId: claim.siteId, entityType: 'claim', entityId: claimId, action: `event_${input.type}`, before: mapClaim(claim), after: { ...mapClaim(updated), event } });
    return event;
  });
}

export async function changeClaimStatus(prisma: PrismaClient, auth: Auth, claimId: string, input: { status: ClaimStatus; note?: string | null }) {
  return prisma.$transaction(async (tx) => {
    const claim = await findVisibleClaim(tx, auth, claimId);
    const check = checkTransition(claim.status, input.status, input.note);
    if (!check.ok) throw new AppError(check.code, check.detail);
    await tx.claimEvent.create({
      data: { claimId, type: 'status_change', fromStatus: claim.status, toStatus: input.status, note: input.note ?? null, createdBy: auth.actor },
    });
    // Reopening a settled claim keeps the settlement on record (the license stays); only the status moves.
    const row = await tx.claim.update({ where: { id: claimId }, data: { status: input.status }, include: claimInclude });
    const after = mapClaim(row);
    await recordAudit(tx, auth, { siteId: claim.siteId, entityType: 'claim', entityId: claimId, action: 'status_change', before: mapClaim(claim), after });
    return after;
  });
}

/** The claim with its documents, timeline, candidates and takedowns: the claim workspace in one answer. */
export async function getClaimDetail(prisma: PrismaClient, auth: Auth, id: string): Promise<ClaimDetail> {
  const row = await findVisibleClaim(prisma, auth, id);
  const [proofs, events, candidates, takedowns] = await Promise.all([
    prisma.proof.findMany({ where: { claimId: id, deletedAt: null }, orderBy: { createdAt: 'asc' } }),
    listClaimEvents(prisma, id),
    listCandidates(prisma, auth, row),
    prisma.takedown.findMany({ where: { claimId: id }, orderBy: { requestedAt: 'asc' }, select: { id: true } }),
  ]);
  return { ...mapClaim(row), proofs: proofs.map(mapProof), events, candidates, takedownIds: takedowns.map((t) => t.id), packUrl: `/v1/claims/${id}/pack` };
}
