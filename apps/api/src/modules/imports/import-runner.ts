import type { ImportItemError } from '@clearance/contracts';
import type { Prisma } from '@clearance/db';
import type { FastifyInstance } from 'fastify';
import type { BatchCounts } from './import-writer.ts';

/** An expected reason for an import to stop (credentials refused, site unreachable): its message is shown as is. */
export class ImportFailure extends Error {}

/** The first per-item problems of a job are kept; the counts say how many there were in all. */
export const maxItemErrors = 50;

export type JobContext = {
  jobId: string;
  signal: AbortSignal;
  itemErrors: ImportItemError[];
  noteItemError(item: string, detail: string): void;
  /** Bumps the job's counts, and moves its cursor, inside the batch's transaction. */
  progress(tx: Prisma.TransactionClient, counts: BatchCounts, cursor: Prisma.InputJsonValue, total?: number): Promise<void>;
};

export type ImportRunner = {
  start(jobId: string, body: (ctx: JobContext) => Promise<void>): void;
  isRunning(jobId: string): boolean;
  /** Asks every running import to stop after its current batch, and waits: they are left `paused`. */
  stopAll(): Promise<void>;
};

/**
 * Imports run in the API process, in the background, one promise each. Progress is committed
 * batch by batch with the cursor, so a stop at any moment (shutdown, crash) loses at most the
 * batch in flight, and resuming carries on from the cursor.
 */
export function createImportRunner(app: FastifyInstance): ImportRunner {
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const jobs = app.prisma.importJob;

  async function run(jobId: string, controller: AbortController, body: (ctx: JobContext) => Promise<void>) {
    const job = await jobs.update({ where: { id: jobId }, data: { status: 'running', error: null, finishedAt: null } });
    if (!job.startedAt) await jobs.update({ where: { id: jobId }, data: { startedAt: new Date() } });
    const itemErrors: ImportItemError[] = Array.isArray(job.itemErrors) ? (job.itemErrors as ImportItemError[]) : [];
    let errorsDirty = false;
    const ctx: JobContext = {
      jobId,
      signal: controller.signal,
      itemErrors,
      noteItemError(item, detail) {
        if (itemErrors.length >= maxItemErrors) return;
        itemErrors.push({ item: item.slice(0, 100), detail: detail.slice(0, 500) });
        errorsDirty = true;
      },
      async progress(tx, counts, cursor, total) {
        await tx.importJob.update({
          where: { id: jobId },
          data: {
            processed: { increment: counts.processed },
            created: { increment: counts.created },
            updated: { increment: counts.updated },
            unchanged: { increment: counts.unchanged },
            failed: { increment: counts.failed },
            cursor,
            ...(total !== undefined ? { total } : {}),
            ...(errorsDirty ? { itemErrors } : {}),
          },
        });
        errorsDirty = false;
      },
    };
    try {
      await body(ctx);
      const stopped = controller.signal.aborted;
      await jobs.update({
        where: { id: jobId },
        data: { status: stopped ? 'paused' : 'completed', finishedAt: stopped ? null : new Date(), itemErrors },
      });
    } catch (error) {
      if (controller.signal.aborted && !(error instanceof ImportFailure)) {
        await jobs.update({ where: { id: jobId }, data: { status: 'paused' } });
        return;
      }
      const message = error instanceof ImportFailure ? error.message : 'The import stopped on an internal error; it can be resumed (details are in the server log).';
      if (!(error instanceof ImportFailure)) app.log.error({ err: error, importJob: jobId }, 'import failed');
      await jobs.update({
        where: { id: jobId },
        data: { status: 'failed', error: message.slice(0, 2000), finishedAt: new Date(), itemErrors },
      });
    }
  }

  return {
    start(jobId, body) {
      const controller = new AbortController();
      const done = run(jobId, controller, body)
        .catch((error: unknown) => app.log.error({ err: error, importJob: jobId }, 'import bookkeeping failed'))
        .finally(() => running.delete(jobId));
      running.set(jobId, { controller, done });
    },
    isRunning: (jobId) => running.has(jobId),
    async stopAll() {
      for (const { controller } of running.values()) controller.abort();
      await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}

/** Jobs a stopped process left `running` (or never started) are shown as paused: resume them. */
export async function pauseInterruptedImports(app: FastifyInstance) {
  await app.prisma.importJob.updateMany({ where: { status: { in: ['running', 'queued'] } }, data: { status: 'paused' } });
}
