import { Type, type Static } from 'typebox';
import { DateTime, Id, Nullable, Page, PageQuery } from './common.ts';

/** pending: nothing checked yet; live: some URL still answers (or could not be checked); verified: every URL answers 404 or 410. */
export const takedownStatuses = ['pending', 'live', 'verified'] as const;

export const TakedownCheckSchema = Type.Object({
  url: Type.String(),
  statusCode: Nullable(Type.Integer({ description: 'The HTTP status answered; null when no answer came (timeout, refused, ...)' })),
  error: Nullable(Type.String({ description: 'Why there is no status, or how it was reached (a redirect)' })),
  checkedAt: DateTime,
  removed: Type.Boolean({ description: 'The URL answered 404 or 410: the only answers that prove removal' }),
});
export type TakedownCheck = Static<typeof TakedownCheckSchema>;

export const TakedownSummarySchema = Type.Object({
  id: Id,
  assetId: Id,
  siteId: Id,
  claimId: Nullable(Id),
  status: Type.Enum(takedownStatuses),
  requestedAt: DateTime,
  verifiedAt: Nullable(DateTime),
  lastCheckedAt: Nullable(DateTime),
});
export type TakedownSummary = Static<typeof TakedownSummarySchema>;

export const TakedownSchema = Type.Object({
  ...TakedownSummarySchema.properties,
  checks: Type.Array(TakedownCheckSchema, { description: 'The latest check of every URL checked so far' }),
  stillLive: Type.Array(Type.String(), { description: 'URLs whose latest check did not answer 404 or 410' }),
  skipped: Type.Array(Type.Object({ url: Type.String(), reason: Type.String() }), {
    description: "Known URLs that are not on the site's own origin: listed, never requested",
  }),
});
export type Takedown = Static<typeof TakedownSchema>;

export const StartTakedownBody = Type.Object(
  { claimId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type StartTakedownInput = Static<typeof StartTakedownBody>;

export const ListTakedownsQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const TakedownPage = Page(TakedownSummarySchema);
