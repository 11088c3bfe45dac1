import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/canonical-json.ts';

export const genesisHash = '0'.repeat(64);

/** The fields of an audit event that its hash covers, the previous event's hash among them. */
export type ChainedFields = {
  at: Date;
  actor: string;
  siteId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  prevHash: string;
};

export function eventHash(e: ChainedFields): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        at: e.at.toISOString(),
        actor: e.actor,
        siteId: e.siteId,
        entityType: e.entityType,
        entityId: e.entityId,
        action: e.action,
        before: e.before ?? null,
        after: e.after ?? null,
        prevHash: e.prevHash,
      }),
    )
    .digest('hex');
}

export type ChainBreak = { seq: string; reason: 'hash_mismatch' | 'prev_hash_mismatch' };

/**
 * Checks events in `seq` order, continuing from `prevHash`. An edited row no longer matches its
 * own hash; a deleted or inserted row breaks the link from the next one.
 */
export function verifyLinks(
  events: (ChainedFields & { seq: bigint; hash: string })[],
  prevHash: string,
): { broken: ChainBreak | null; lastHash: string } {
  let previous = prevHash;
  for (const e of events) {
    if (e.prevHash !== previous) return { broken: { seq: String(e.seq), reason: 'prev_hash_mismatch' }, lastHash: previous };
    if (eventHash(e) !== e.hash) return { broken: { seq: String(e.seq), reason: 'hash_mismatch' }, lastHash: previous };
    previous = e.hash;
  }
  return { broken: null, lastHash: previous };
}
