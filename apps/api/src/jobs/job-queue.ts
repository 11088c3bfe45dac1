import type { Job as JobRow, JobState } from '@clearance/db';
import { AppError, notFound } from '../lib/errors.ts';
import { decodeCursor, toPage } from '../lib/pagination.ts';
import type { Db } from '../lib/prisma-types.ts';

export type EnqueueInput = {
  queue: string;
  payload?: unknown;
  /** One job per (queue, key): enqueueing the same key again returns the existing job. */
  key?: string;
  /** What the job is about, e.g. `import:<id>`, to find its jobs. */
  ref?: string;
  runAt?: Date;
  /** Higher runs first. */
  priority?: number;
  maxAttempts?: number;
  createdBy?: string;
};

/**
 * Adds a job inside the caller's transaction (pass `tx`): it exists, and a worker can see it,
 * only once that transaction commits; a rollback leaves nothing.
 */
export async function enqueue(db: Db, input: EnqueueInput, now: Date): Promise<{ id: string; created: boolean }> {
  const key = input.key ?? null;
  const inserted = await db.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO jobs (queue, payload, idempotency_key, ref, run_at, priority, max_attempts, created_by, created_at)
     VALUES ($1, $2::jsonb, $3, $4, $5::timestamptz, $6, $7, $8, $9::timestamptz)
     ON CONFLICT (queue, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING id::text AS id`,
    input.queue,
    JSON.stringify(input.payload ?? {}),
    key,
    input.ref ?? null,
    (input.runAt ?? now).toISOString(),
    input.priority ?? 0,
    input.maxAttempts ?? 5,
    input.createdBy ?? null,
    now.toISOString(),
  );
  if (inserted[0]) return { id: inserted[0].id, created: true };
  // The key was taken (by a committed job, or one whose transaction we waited for).
  const existing = await db.job.findUniqueOrThrow({ where: { queue_idempotencyKey: { queue: input.queue, idempotencyKey: key! } }, select: { id: true } });
  return { id: String(existing.id), created: false };
}

/** The contract shape; never the payload, which may hold credentials. */
export function mapJob(row: JobRow) {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: String(row.id),
    queue: row.queue,
    state: row.state,
    ref: row.ref,
    priority: row.priority,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    runAt: row.runAt.toISOString(),
    leaseOwner: row.leaseOwner,
    leaseExpiresAt: iso(row.leaseExpiresAt),
    cancelRequested: row.cancelRequested,
    progress: row.progress ?? null,
    result: row.result ?? null,
    lastError: row.lastError,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

function jobId(id: string): bigint {
  if (!/^\d{1,18}$/.test(id)) throw notFound('Job', id);
  return BigInt(id);
}

export async function getJob(db: Db, id: string) {
  const row = await db.job.findUnique({ where: { id: jobId(id) } });
  if (!row) throw notFound('Job', id);
  return mapJob(row);
}

/** Newest first. */
export async function listJobs(db: Db, filters: { queue?: string; state?: JobState; ref?: string; limit?: number; cursor?: string }) {
  const limit = filters.limit ?? 50;
  const cursor = decodeCursor(filters.cursor);
  if (cursor !== undefined && !/^\d{1,18}$/.test(cursor)) throw new AppError('invalid_cursor');
  const rows = await db.job.findMany({
    where: { queue: filters.queue, state: filters.state, ref: filters.ref, ...(cursor ? { id: { lt: BigInt(cursor) } } : {}) },
    orderBy: { id: 'desc' },
    take: limit + 1,
  });
  return toPage(rows.map(mapJob), limit, (job) => job);
}

/**
 * A queued job is cancelled at once; a running one is asked to stop (its handler's AbortSignal
 * fires at the worker's next heartbeat) and is cancelled when the handler gives up.
 */
export async function cancelJob(db: Db, id: string, now: Date) {
  const key = jobId(id);
  // One statement: with two, a running job failing between them was re-queued unseen by both.
  await db.$executeRawUnsafe(
    `UPDATE jobs SET state = CASE WHEN state = 'queued' THEN 'cancelled'::job_state ELSE state END,
            finished_at = CASE WHEN state = 'queued' THEN $2::timestamptz ELSE finished_at END,
            cancel_requested = CASE WHEN state = 'running' THEN true ELSE cancel_requested END
      WHERE id = $1::bigint AND state IN ('queued', 'running')`,
    String(key),
    now.toISOString(),
  );
  const job = await getJob(db, id);
  if (job.state === 'succeeded' || job.state === 'dead') throw new AppError('job_finished', `Job ${id} has already ${job.state === 'dead' ? 'failed for good' : 'succeeded'}`);
  return job;
}

/**
 * A dead or cancelled job goes back to the queue with its attempts reset. A late run from before
 * cannot write over the new one: writes are fenced by the claim token, which every claim renews.
 */
export async function retryJob(db: Db, id: string, now: Date) {
  const key = jobId(id);
  const changed = await db.$executeRawUnsafe(
    `UPDATE jobs SET state = 'queued', attempts = 0, run_at = $2::timestamptz, cancel_requested = false, finished_at = NULL
      WHERE id = $1::bigint AND state IN ('dead', 'cancelled')`,
    String(key),
    now.toISOString(),
  );
  const job = await getJob(db, id);
  if (!changed) throw new AppError('job_not_retryable', `Job ${id} is ${job.state}; only a dead or cancelled job can be retried`);
  return job;
}
