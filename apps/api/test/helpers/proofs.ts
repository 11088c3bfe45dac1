import { createHash } from 'node:crypto';
import type { TestApp } from './test-app.ts';

/**
 * Stores a proof row for a license straight in the database. Proof upload has its own API (the
 * proofs issue); these tests only need a proof to exist to exercise the coverage rule.
 */
export async function addProofRow(t: TestApp, licenseId: string, content = `receipt ${licenseId}`) {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const bytes = BigInt(Buffer.byteLength(content));
  await t.app.prisma.blob.upsert({ where: { sha256 }, create: { sha256, bytes, mimeType: 'text/plain' }, update: {} });
  return t.app.prisma.proof.create({ data: { licenseId, kind: 'receipt', sha256, filename: 'receipt.txt', mimeType: 'text/plain', bytes } });
}
