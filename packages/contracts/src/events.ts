import { Type } from 'typebox';

/**
 * What Clearance tells the outside about (outbound webhooks), one vocabulary for every producer:
 * - `asset.uncovered`: an upload recorded with no license covering it
 * - `license.expiring` / `license.expired`: a license's coverage entered its warning window / ended
 * - `claim.created`, `claim.due` (a claim's response deadline is within 7 days)
 * - `takedown.verified`: a takedown's checks found every URL gone
 * - `job.failed`: a background job used its last attempt
 */
export const eventTypes = [
  'asset.uncovered',
  'license.expiring',
  'license.expired',
  'claim.created',
  'claim.due',
  'takedown.verified',
  'job.failed',
] as const;
export type EventType = (typeof eventTypes)[number];
export const EventTypeSchema = Type.Union(eventTypes.map((t) => Type.Literal(t)));
