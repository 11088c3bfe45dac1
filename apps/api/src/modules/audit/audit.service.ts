import type { Prisma, PrismaClient } from '@clearance/db';
import { storedJson } from '../../lib/canonical-json.ts';
import { AppError } from '../../lib/errors.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import { assertSiteVisible, siteScope } from '../../lib/scope.ts';
import type { Auth } from '../../plugins/auth.ts';
import { eventHash, genesisHash, verifyLinks, type ChainBreak } from './audit.chain.ts';

export type AuditEntity = 'site' | 'asset' | 'license' | 'proof' | 'claim' | 'token' | 'user' | 'session';

/** Any transaction-scoped advisory lock key will do; this one is "audit" in ASCII. */
const chainLock = 0x6175646974;

/** Appends take turns on the one chain (recordAudit, and the batch appends of audit-batch.ts). */
export async function lockAuditChain(tx: Prisma.TransactionClient) {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${chainLock})`);
}

/**
 * Appends an event to the audit chain inside the caller's transaction. The advisory lock makes
 * appends take turns, so two concurrent writers cannot both link to the same previous event.
 */
export async function recordAudit(
  tx: Prisma.TransactionClient,
  actor: Auth | 'system',
  event: { siteId: string | null; entityType: AuditEntity; entityId: string; action: string; before?: unknown; after?: unknown },
) {
  await lockAuditChain(tx);
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  // Round-trip through JSON so that what is hashed is exactly what jsonb will give back.
  const before = storedJson(event.before);
  const after = storedJson(event.after);
  const fields = {
    at: new Date(),
    actor: actor === 'system' ? 'system' : actor.actor,
    siteId: event.siteId,
    entityType: event.entityType,
    entityId: event.entityId,
    action: event.action,
    before,
    after,
    prevHash: last?.hash ?? genesisHash,
  };
  await tx.auditEvent.create({
    data: { ...fields, before: before ?? undefined, after: after ?? undefined, hash: eventHash(fields) },
  });
}

export type ChainReport = { ok: boolean; checked: number; headHash: string; firstBroken: ChainBreak | null };

/** Walks the whole chain in order and names the first event that does not hold. */
export async function verifyAuditChain(prisma: PrismaClient): Promise<ChainReport> {
  let prevHash = genesisHash;
  let after: bigint | undefined;
  let checked = 0;
  for (;;) {
    const batch = await prisma.auditEvent.findMany({
      where: after === undefined ? {} : { seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: 1000,
    });
    if (batch.length === 0) return { ok: true, checked, headHash: prevHash, firstBroken: null };
    const { broken, lastHash } = verifyLinks(batch, prevHash);
    if (broken) return { ok: false, checked: checked + batch.findIndex((e) => String(e.seq) === broken.seq), headHash: lastHash, firstBroken: broken };
    checked += batch.length;
    prevHash = lastHash;
    after = batch.at(-1)!.seq;
  }
}

/** Newest first. A site-scoped caller sees only its site's events. */
export async function listAuditEvents(
  prisma: PrismaClient,
  auth: Auth,
  filters: { siteId?: string; entityType?: AuditEntity; entityId?: string; limit?: number; cursor?: string },
) {
  assertSiteVisible(auth, filters.siteId);
  const limit = filters.limit ?? 50;
  const cursor = decodeCursor(filters.cursor);
  if (cursor !== undefined && !/^\d+$/.test(cursor)) throw new AppError('invalid_cursor');
  const rows = await prisma.auditEvent.findMany({
    where: {
      ...siteScope(auth),
      ...(filters.siteId ? { siteId: filters.siteId } : {}),
      ...(filters.entityType ? { entityType: filters.entityType } : {}),
      ...(filters.entityId ? { entityId: filters.entityId } : {}),
      ...(cursor ? { seq: { lt: BigInt(cursor) } } : {}),
    },
    orderBy: { seq: 'desc' },
    take: limit + 1,
  });
  return toPage(
    rows.map((r) => ({ ...r, id: String(r.seq) })),
    limit,
    (r) => ({
      seq: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      siteId: r.siteId,
      entityType: r.entityType,
      entityId: r.entityId,
      action: r.action,
      before: r.before,
      after: r.after,
      prevHash: r.prevHash,
      hash: r.hash,
    }),
  );
}
