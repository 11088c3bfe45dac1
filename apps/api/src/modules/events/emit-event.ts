import type { EventType } from '@clearance/contracts';
import type { Prisma } from '@clearance/db';

/** Something that happened, for whoever listens (outbound webhooks). */
export type ProductEvent = {
  type: EventType;
  /** What the event is about, as `<kind>:<id>` (e.g. `license:0190…`); listeners link to it. */
  subject: string;
  /** The event's body as listeners receive it (ids, names, dates); JSON only. */
  data: Record<string, Prisma.InputJsonValue | null>;
  /**
   * Emitting the same key again is a no-op: a producer that may run twice (a retried job, a
   * schedule after downtime) names the fact once, e.g. `license.expired:<licenseId>:<endDay>`.
   */
  key: string;
};

/**
 * Records an event inside the caller's transaction, so it exists exactly when what it describes
 * was committed, and queues its deliveries (issue 14: outbound webhooks fill this in; until then
 * producers call it and nothing is delivered).
 */
export async function emitEvent(_tx: Prisma.TransactionClient, _event: ProductEvent, _now: Date): Promise<void> {}
