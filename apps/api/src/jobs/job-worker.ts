import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobDeps, JobHandlers } from './job-handlers.ts';

export type JobWorkerOptions = {
  handlers: JobHandlers;
  /** Jobs run at once by this worker. */
  slots?: number;
  /** A job whose lease is not renewed within this time is taken back by the reaper. */
  leaseMs?: number;
  /** How long the loop sleeps when it found nothing to do. */
  idleMs?: number;
  /** Jobs claimed per query (default: all free slots). */
  batch?: number;
  /** 0..1; injectable so that tests can pin the backoff's jitter. */
  random?: () => number;
};

type ClaimedRow = { id: string; queue: string; payload: unknown; attempts: number; max_attempts: number };
type Running = { id: string; attempt: number; abort: AbortController; progress?: { value: unknown }; cancelRequested: boolean; done: Promise<void> };

/** Seconds before attempt `attempt + 1`: 2^attempt, at most an hour, spread by ±25 % so that retries do not arrive together. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.min(3600, 2 ** attempt) * (0.75 + random() * 0.5) * 1000;
}

class Cancelled extends Error {}

/**
 * Claims jobs with FOR UPDATE SKIP LOCKED under a lease, runs them in `slots` at once, renews the
 * lease (and writes progress) every lease/3, and finishes them. Every write checks lease_owner
 * and attempts: a worker whose lease expired and was taken over can no longer touch the job.
 * Times come from `deps.clock`, never SQL now(), so a test clock moves the whole queue.
 */
export class JobWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly running = new Map<string, Running>();
  private readonly slots: number;
  private readonly leaseMs: number;
  private readonly idleMs: number;
  private readonly batch: number;
  private readonly random: () => number;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private finished: { entry: Running; result: unknown }[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly deps: JobDeps,
    private readonly options: JobWorkerOptions,
  ) {
    this.slots = options.slots ?? 4;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.idleMs = options.idleMs ?? 100;
    this.batch = options.batch ?? this.slots;
    this.random = options.random ?? Math.random;
  }

  private get queues() {
    return [...this.options.handlers.keys()];
  }

  private at(offsetMs = 0) {
    return new Date(this.deps.clock.now().getTime() + offsetMs).toISOString();
  }

  /** Runs the claim loop, the reaper and heartbeats in the background until stop(). */
  start() {
    if (this.loop || !this.queues.length) return;
    this.heartbeatTimer = setInterval(() => void this.heartbeat().catch((e) => this.deps.log.error({ err: e }, 'job heartbeat failed')), this.leaseMs / 3);
    this.heartbeatTimer.unref();
    this.loop = (async () => {
      let lastReap = 0;
      while (!this.stopping) {
        try {
          if (Date.now() - lastReap >= this.leaseMs / 2) {
            lastReap = Date.now();
            await this.reap();
          }
          if ((await this.tick()) > 0) continue;
        } catch (error) {
          this.deps.log.error({ err: error }, 'job worker loop failed; retrying');
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.idleMs);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
      }
    })();
  }

  /** Looks for work now rather than after the idle sleep (e.g. after a commit that enqueued). */
  wake() {
    this.wakeUp?.();
  }

  /** Claims as many due jobs as there are free slots and starts them; returns how many. */
  async tick(): Promise<number> {
    const free = this.slots - this.running.size;
    if (free <= 0 || this.stopping || !this.queues.length) return 0;
    const rows = await this.deps.prisma.$queryRawUnsafe<ClaimedRow[]>(
      `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $1,
              lease_expires_at = $2::timestamptz, started_at = $3::timestamptz, cancel_requested = false
        WHERE id IN (SELECT id FROM jobs
                      WHERE state = 'queued' AND queue = ANY($4::text[]) AND run_at <= $3::timestamptz
                      ORDER BY priority DESC, run_at, id
                      FOR UPDATE SKIP LOCKED LIMIT $5)
      RETURNING id::text AS id, queue, payload, attempts, max_attempts`,
      this.owner,
      this.at(this.leaseMs),
      this.at(),
      this.queues,
      Math.min(free, this.batch),
    );
    for (const row of rows) this.run(row);
    return rows.length;
  }

  private run(row: ClaimedRow) {
    const abort = new AbortController();
    const entry: Running = { id: row.id, attempt: row.attempts, abort, cancelRequested: false, done: Promise.resolve() };
    const handler = this.options.handlers.get(row.queue)!;
    entry.done = (async () => {
      try {
        const result = await handler({
          payload: row.payload,
          signal: abort.signal,
          progress: (value) => void (entry.progress = { value }),
          job: { id: row.id, queue: row.queue, attempt: row.attempts, maxAttempts: row.max_attempts },
          deps: this.deps,
        });
        await this.succeeded(entry, result);
      } catch (error) {
        if (abort.signal.aborted && abort.signal.reason instanceof Cancelled) await this.cancelled(entry);
        else if (!abort.signal.aborted || !this.stopping) await this.fail(entry, error);
        // Stopped for good with the handler still running: the job stays leased and the reaper
        // gives it to another worker once the lease runs out.
      }
    })()
      .catch((error) => this.deps.log.error({ err: error, jobId: row.id }, 'could not record the end of a job'))
      .finally(() => {
        this.running.delete(row.id);
        this.wake();
      });
    this.running.set(row.id, entry);
  }

  /**
   * Successes are written together: those that end in the same turn of the event loop share one
   * UPDATE (a claim batch of short jobs costs two statements, not one per job).
   */
  private succeeded(entry: Running, result: unknown): Promise<void> {
    this.finished.push({ entry, result });
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const batch = this.finished.splice(0);
      this.flushing = undefined;
      return this.writeSucceeded(batch);
    });
    return this.flushing;
  }

  private async writeSucceeded(batch: { entry: Running; result: unknown }[]) {
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
    const kept = await this.deps.prisma.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE jobs j SET state = 'succeeded', result = d.result::jsonb, progress = COALESCE(d.progress::jsonb, j.progress),
              finished_at = $1::timestamptz, lease_owner = NULL, lease_expires_at = NULL
         FROM unnest($3::text[], $4::int[], $5::text[], $6::text[]) AS d(id, attempt, result, progress)
        WHERE j.id = d.id::bigint AND j.attempts = d.attempt AND j.lease_owner = $2 AND j.state = 'running'
      RETURNING j.id::text AS id`,
      this.at(),
      this.owner,
      batch.map((b) => b.entry.id),
      batch.map((b) => b.entry.attempt),
      batch.map((b) => json(b.result)),
      batch.map((b) => json(b.entry.progress?.value)),
    );
    if (kept.length < batch.length) {
      const written = new Set(kept.map((k) => k.id));
      for (const { entry } of batch.filter((b) => !written.has(b.entry.id))) {
        this.deps.log.warn({ jobId: entry.id, attempt: entry.attempt }, 'job finished after its lease was taken over; the result is dropped');
      }
    }
  }

  private async cancelled(entry: Running) {
    await this.deps.prisma.$executeRawUnsafe(
      `UPDATE jobs SET state = 'cancelled', finished_at = $4::timestamptz, lease_owner = NULL, lease_expires_at = NULL, progress = COALESCE($5::jsonb, progress)
        WHERE id = $1::bigint AND lease_owner = $2 AND attempts = $3 AND state = 'running'`,
      entry.id,
      this.owner,
      entry.attempt,
      this.at(),
      entry.progress ? JSON.stringify(entry.progress.value) : null,
    );
  }

  private async fail(entry: Running, error: unknown) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000) || 'failed';
    const changed = await this.deps.prisma.$executeRawUnsafe(
      `UPDATE jobs SET last_error = $4, lease_owner = NULL, lease_expires_at = NULL,
              state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END::job_state,
              run_at = CASE WHEN attempts >= max_attempts THEN run_at ELSE $5::timestamptz END,
              finished_at = CASE WHEN attempts >= max_attempts THEN $6::timestamptz END
        WHERE id = $1::bigint AND lease_owner = $2 AND attempts = $3 AND state = 'running'`,
      entry.id,
      this.owner,
      entry.attempt,
      message,
      this.at(retryDelayMs(entry.attempt, this.random)),
      this.at(),
    );
    if (changed) this.deps.log.warn({ jobId: entry.id, attempt: entry.attempt, err: error }, 'job attempt failed');
  }

  /**
   * Renews the lease of every running job, writes its latest progress, and aborts those that were
   * cancelled or whose lease was lost. Runs every lease/3 while started; tests call it directly.
   */
  async heartbeat() {
    for (const entry of [...this.running.values()]) {
      const rows = await this.deps.prisma.$queryRawUnsafe<{ cancel_requested: boolean }[]>(
        `UPDATE jobs SET lease_expires_at = $4::timestamptz, progress = COALESCE($5::jsonb, progress)
          WHERE id = $1::bigint AND lease_owner = $2 AND attempts = $3 AND state = 'running'
        RETURNING cancel_requested`,
        entry.id,
        this.owner,
        entry.attempt,
        this.at(this.leaseMs),
        entry.progress ? JSON.stringify(entry.progress.value) : null,
      );
      if (!rows[0]) entry.abort.abort(new Error('the lease was lost to another worker'));
      else if (rows[0].cancel_requested && !entry.abort.signal.aborted) entry.abort.abort(new Cancelled('the job was cancelled'));
    }
  }

  /** Takes back jobs whose lease ran out (their worker died or hung): queued again, or dead when out of attempts. */
  async reap(): Promise<number> {
    return this.deps.prisma.$executeRawUnsafe(
      `UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL, run_at = $1::timestamptz,
              last_error = 'the lease expired: worker ' || lease_owner || ' stopped answering',
              state = CASE WHEN cancel_requested THEN 'cancelled' WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END::job_state,
              finished_at = CASE WHEN cancel_requested OR attempts >= max_attempts THEN $1::timestamptz END
        WHERE state = 'running' AND lease_expires_at < $1::timestamptz`,
      this.at(),
    );
  }

  /** Resolves when the jobs running now have ended. */
  async settled() {
    while (this.running.size) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /**
   * Stops claiming and waits up to `graceMs` for running jobs, heartbeats going on meanwhile. Jobs
   * still running after that are aborted and left to the reaper (their lease runs out).
   */
  async stop({ graceMs = 10_000 }: { graceMs?: number } = {}) {
    this.stopping = true;
    this.wake();
    await this.loop;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.settled(), timedOut]);
    clearTimeout(timer);
    clearInterval(this.heartbeatTimer);
    for (const entry of this.running.values()) entry.abort.abort(new Error('the worker stopped'));
  }

  get busy() {
    return this.running.size;
  }
}
