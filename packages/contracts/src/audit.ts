import { Type } from 'typebox';
import { DateTime, Id, Nullable, PageQuery, Page } from './common.ts';

export const auditEntities = ['site', 'asset', 'license', 'proof', 'claim', 'token', 'user', 'session'] as const;

export const AuditEventSchema = Type.Object({
  seq: Type.String({ description: 'Position in the chain' }),
  at: DateTime,
  actor: Type.String(),
  siteId: Nullable(Id),
  entityType: Type.String(),
  entityId: Id,
  action: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  prevHash: Type.String(),
  hash: Type.String(),
});

export const ListAuditQuery = Type.Object(
  { ...PageQuery, siteId: Type.Optional(Id), entityType: Type.Optional(Type.Enum(auditEntities)), entityId: Type.Optional(Id) },
  { additionalProperties: false },
);
export const AuditPage = Page(AuditEventSchema);

export const AuditVerificationSchema = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ description: 'Events that verified before the first break (all of them when ok)' }),
  headHash: Type.String({ description: 'Hash of the last event that verified' }),
  firstBroken: Nullable(
    Type.Object({
      seq: Type.String(),
      reason: Type.Enum(['hash_mismatch', 'prev_hash_mismatch'], {
        description: 'hash_mismatch: the event was edited; prev_hash_mismatch: an event before it was deleted or inserted',
      }),
    }),
  ),
});
