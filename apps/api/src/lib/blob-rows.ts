import type { Prisma } from '@clearance/db';

/**
 * Records a stored file's row once. `INSERT … ON CONFLICT DO NOTHING`, not an upsert: two uploads
 * of the same bytes at the same moment both succeed instead of one failing on the unique key.
 */
export async function recordBlob(tx: Prisma.TransactionClient, blob: { sha256: string; bytes: number | bigint; mimeType: string }) {
  await tx.blob.createMany({ data: [{ sha256: blob.sha256, bytes: BigInt(blob.bytes), mimeType: blob.mimeType }], skipDuplicates: true });
}
