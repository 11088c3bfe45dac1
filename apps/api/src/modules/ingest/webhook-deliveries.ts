import { Prisma, type PrismaClient } from '@clearance/db';

/**
 * Idempotency for inbound webhooks. The delivery row is inserted before processing; a second
 * delivery with the same webhook-id (a retry, or the same message arriving twice at once) finds
 * the row and answers exactly as the first did, waiting for it if it is still being processed.
 */
export type StoredAnswer = { status: number; body: unknown };

const pollMs = 50;
/** A delivery still pending after this long was abandoned (its process died): take it over. */
const abandonedAfterMs = 120_000;

export async function claimDelivery(
  prisma: PrismaClient,
  siteId: string,
  webhookId: string,
  event: string,
): Promise<{ fresh: true } | { fresh: false; answer: StoredAnswer }> {
  for (;;) {
    try {
      await prisma.webhookDelivery.create({ data: { siteId, webhookId, event } });
      return { fresh: true };
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
    }
    const answer = await waitForAnswer(prisma, siteId, webhookId);
    if (answer) return { fresh: false, answer };
    // The first attempt was abandoned or failed without an answer: its row is gone; try again.
  }
}

async function waitForAnswer(prisma: PrismaClient, siteId: string, webhookId: string): Promise<StoredAnswer | null> {
  for (;;) {
    const row = await prisma.webhookDelivery.findUnique({ where: { siteId_webhookId: { siteId, webhookId } } });
    if (!row) return null;
    if (row.responseStatus !== null) return { status: row.responseStatus, body: row.responseBody };
    if (Date.now() - row.receivedAt.getTime() > abandonedAfterMs) {
      await prisma.webhookDelivery.deleteMany({ where: { id: row.id, responseStatus: null } });
      return null;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

export async function recordAnswer(prisma: PrismaClient, siteId: string, webhookId: string, answer: StoredAnswer) {
  await prisma.webhookDelivery.update({
    where: { siteId_webhookId: { siteId, webhookId } },
    data: { responseStatus: answer.status, responseBody: answer.body as Prisma.InputJsonValue },
  });
}

/** Processing failed on our side: forget the delivery so that the sender's retry is processed afresh. */
export async function releaseDelivery(prisma: PrismaClient, siteId: string, webhookId: string) {
  await prisma.webhookDelivery.deleteMany({ where: { siteId, webhookId, responseStatus: null } });
}
