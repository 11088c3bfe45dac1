import type { Prisma } from '@clearance/db';
import { storedJson } from '../../lib/canonical-json.ts';
import { eventHash, genesisHash } from './audit.chain.ts';
import { insertJsonRows } from '../../lib/bulk-insert.ts';
import { lockAuditChain } from './audit.service.ts';

export type AssetAuditEvent = { siteId: string; entityId: string; action: string; before?: unknown; after: unknown };

/**
 * Appends one audit event per asset, chained exactly as recordAudit chains them (same lock, same
 * hash), but with one read of the chain head and one insert for the whole batch: an import of
 * 50,000 attachments keeps a per-asset tamper-evident record without 150,000 round trips.
 */
export async function recordAssetAuditBatch(tx: Prisma.TransactionClient, actor: string, events: AssetAuditEvent[]) {
  if (events.length === 0) return;
  await lockAuditChain(tx);
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  let prevHash = last?.hash ?? genesisHash;
  const at = new Date();
  const rows: Record<string, unknown>[] = [];
  for (const e of events) {
    // Round-trip through JSON so that what is hashed is exactly what jsonb will give back.
    const before = storedJson(e.before);
    // Assets are mapped to plain JSON values already (mapAsset): no round trip needed for `after`.
    const after = e.after;
    const fields = { at, actor, siteId: e.siteId, entityType: 'asset', entityId: e.entityId, action: e.action, before, after, prevHash };
    const hash = eventHash(fields);
    rows.push({ at: at.toISOString(), actor, site_id: e.siteId, entity_type: 'asset', entity_id: e.entityId, action: e.action, ...(before === null ? {} : { before }), after, prev_hash: prevHash, hash });
    prevHash = hash;
  }
  // One insert for the batch; `seq` is drawn in row order, so it follows the chain.
  await insertJsonRows(tx, 'audit_events', auditColumns, rows);
}

const auditColumns = [
  { name: 'at', type: 'timestamptz' },
  { name: 'actor', type: 'text' },
  { name: 'site_id', type: 'text' },
  { name: 'entity_type', type: 'text' },
  { name: 'entity_id', type: 'text' },
  { name: 'action', type: 'text' },
  { name: 'before', type: 'jsonb' },
  { name: 'after', type: 'jsonb' },
  { name: 'prev_hash', type: 'text' },
  { name: 'hash', type: 'text' },
];
