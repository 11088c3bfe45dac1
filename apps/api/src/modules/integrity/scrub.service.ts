import type { PrismaClient } from '@clearance/db';
import type { BlobStore } from '../../lib/blob-store/index.ts';

export type ScrubReport = {
  checked: number;
  ok: number;
  missing: { sha256: string; proofIds: string[] }[];
  corrupted: { sha256: string; proofIds: string[] }[];
  /** Stored blobs no row refers to (left by an interrupted upload); harmless, listed for information. */
  unreferenced: number;
};

/**
 * Re-hashes every blob the database refers to and reports the ones missing or altered, with the
 * proofs that depend on them. `onProgress` is called every `every` blobs for long runs.
 */
export async function scrubBlobs(
  prisma: PrismaClient,
  blobs: BlobStore,
  onProgress?: (done: number, total: number) => void,
  every = 100,
): Promise<ScrubReport> {
  const total = await prisma.blob.count();
  const report: ScrubReport = { checked: 0, ok: 0, missing: [], corrupted: [], unreferenced: 0 };
  const known = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const rows = await prisma.blob.findMany({
      where: after ? { sha256: { gt: after } } : {},
      orderBy: { sha256: 'asc' },
      take: 500,
      select: { sha256: true, proofs: { select: { id: true } } },
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      known.add(row.sha256);
      const state = await blobs.check(row.sha256);
      report.checked++;
      if (state === 'ok') report.ok++;
      else report[state].push({ sha256: row.sha256, proofIds: row.proofs.map((p) => p.id) });
      if (onProgress && report.checked % every === 0) onProgress(report.checked, total);
    }
    after = rows.at(-1)!.sha256;
  }
  for await (const sha256 of blobs.list()) if (!known.has(sha256)) report.unreferenced++;
  return report;
}
