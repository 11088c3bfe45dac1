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

type ClaimedRow = { id: string; queue: string; payload: unknown; attempts: number; max_attempts: number; claim_token: string };
/** `claim` is the token written by this claim: the fence of every later write (attempts is reset by a retry, so it cannot be). */
type Running = { id: string; attempt: number; claim: string; abort: AbortController; progress?: { value: unknown }; cancelRequested: boolean; stopped: boolean; done: Promise<void> };

/**
 * JSON text for a jsonb column, or an Error saying why the value cannot be stored there. Checked
 * per job before any batched write, so one job's bad value never touches the others' rows:
 * JSON.stringify throws on a BigInt or a cycle, and jsonb refuses a \u0000 anywhere in a string.
 */
export function encodeJson(value: unknown): string | null | Error {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (text === undefined) return null; // a function or a symbol: nothing to store
  if (/(?<!\\)(?:\\\\)*\\u0000/.test(text)) return new Error('a string holds \\u0000, which PostgreSQL jsonb cannot store');
  return text;
}

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
  /** Keyed by claim token, not job id: a job reaped and reclaimed by this same worker runs twice here for a while, and the first run's end must not remove the second. */
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
  private finished: { entry: Running; result: string | null; note: string | null }[] = [];
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
    if (this.loop) return;
    if (!this.queues.length) {
      this.deps.log.info('no job queues registered yet; idle');
      return;
    }
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
      `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = $1, claim_token = gen_random_uuid(),
              lease_expires_at = $2::timestamptz, started_at = $3::timestamptz, cancel_requested = false
        WHERE id IN (SELECT id FROM jobs
                      WHERE state = 'queued' AND queue = ANY($4::text[]) AND run_at <= $3::timestamptz
                      ORDER BY priority DESC, run_at, id
                      FOR UPDATE SKIP LOCKED LIMIT $5)
      RETURNING id::text AS id, queue, payload, attempts, max_attempts, claim_token::text AS claim_token`,
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
    const entry: Running = { id: row.id, attempt: row.attempts, claim: row.claim_token, abort, cancelRequested: false, stopped: false, done: Promise.resolve() };
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
        else if (entry.stopped) await this.requeueStopped(entry);
        else await this.fail(entry, error);
      }
    })()
      .catch((error) => this.deps.log.error({ err: error, jobId: row.id }, 'could not record the end of a job'))
      .finally(() => {
        this.running.delete(entry.claim);
        this.wake();
      });
    this.running.set(entry.claim, entry);
  }

  /**
   * Successes are written together: those that end in the same turn of the event loop share one
   * UPDATE (a claim batch of short jobs costs two statements, not one per job). Each result is
   * encoded first. One that cannot be stored does not fail the job: its work is done, and running
   * it again would repeat its side effects only to return the same value; it succeeds with result
   * null, last_error saying why, and a warning in the log.
   */
  private succeeded(entry: Running, result: unknown): Promise<void> {
    const encoded = encodeJson(result);
    let note: string | null = null;
    if (encoded instanceof Error) {
      note = `the job succeeded but its result cannot be stored: ${encoded.message}`.slice(0, 2000);
      this.deps.log.warn({ jobId: entry.id, err: encoded }, 'job result cannot be stored; recording the success with result null');
    }
    this.finished.push({ entry, result: encoded instanceof Error ? null : encoded, note });
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const batch = this.finished.splice(0);
      this.flushing = undefined;
      return this.writeSucceeded(batch);
    });
    return this.flushing;
  }

  /** The progress to write with an end or a heartbeat; one that cannot be stored is dropped (the last stored one stays) with a warning. */
  private progressJson(entry: Running): string | null {
    if (!entry.progress) return null;
    const encoded = encodeJson(entry.progress.value);
    if (!(encoded instanceof Error)) return encoded;
    this.deps.log.warn({ jobId: entry.id, err: encoded }, 'job progress cannot be stored; keeping the previous one');
    entry.progress = undefined;
    return null;
  }

  private async writeSucceeded(batch: { entry: Running; result: string | null; note: string | null }[]) {
    const rows = batch.map((b) => ({ ...b, progress: this.progressJson(b.entry) }));
    const write = (part: typeof rows) =>
      this.deps.prisma.$queryRawUnsafe<{ id: string }[]>(
        `UPDATE jobs j SET state = 'succeeded', result = d.result::jsonb, progress = COALESCE(d.progress::jsonb, j.progress),
                last_error = COALESCE(d.note, j.last_error), finished_at = $1::timestamptz, lease_owner = NULL, lease_expires_at = NULL, claim_token = NULL
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS d(id, claim, result, progress, note)
          WHERE j.id = d.id::bigint AND j.claim_token = d.claim::uuid AND j.lease_owner = $2 AND j.state = 'running'
        RETURNING j.id::text AS id`,
        this.at(),
        this.owner,
        part.map((b) => b.entry.id),
        part.map((b) => b.entry.claim),
        part.map((b) => b.result),
        part.map((b) => b.progress),
        part.map((b) => b.note),
      );
    let kept: { id: string }[];
    try {
      kept = await write(rows);
    } catch (error) {
      // Something the checks above did not foresee: row by row, so that it stays with its own job.
      // A job whose end cannot be written keeps its lease and is taken back by the reaper; it is
      // never failed here, and never another job's attempt.
      this.deps.log.warn({ err: error, jobs: rows.length }, 'writing a batch of job successes failed; writing them one by one');
      kept = [];
      for (const row of rows) {
        try {
          kept.push(...(await write([row])));
        } catch (rowError) {
          // Its result or progress is what the database refuses: the success without them.
          const note = `the job succeeded but its result cannot be stored: ${rowError instanceof Error ? rowError.message : String(rowError)}`.slice(0, 2000);
          this.deps.log.warn({ err: rowError, jobId: row.entry.id }, 'job result cannot be stored; recording the success with result null');
          try {
            kept.push(...(await write([{ ...row, result: null, progress: null, note }])));
          } catch (bareError) {
            this.deps.log.error({ err: bareError, jobId: row.entry.id }, 'could not record the success of a job; the reaper will take it back');
            kept.push({ id: row.entry.id });
          }
        }
      }
    }
    if (kept.length < rows.length) {
      const written = new Set(kept.map((k) => k.id));
      for (const { entry } of rows.filter((b) => !written.has(b.entry.id))) {
        this.deps.log.warn({ jobId: entry.id, attempt: entry.attempt }, 'job finished after its lease was taken over; the result is dropped');
      }
    }
  }

  private async cancelled(entry: Running) {
    await this.deps.prisma.$executeRawUnsafe(
      `UPDATE jobs SET state = 'cancelled', finished_at = $4::timestamptz, lease_owner = NULL, lease_expires_at = NULL, claim_token = NULL,
              progress = COALESCE($5::jsonb, progress)
        WHERE id = $1::bigint AND lease_owner = $2 AND claim_token = $3::uuid AND state = 'running'`,
      entry.id,
      this.owner,
      entry.claim,
      this.at(),
      this.progressJson(entry),
    );
  }

  private async fail(entry: Running, error: unknown) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000) || 'failed';
    // A cancel asked for while the handler was failing wins: re-queueing would lose it, since the
    // next claim clears cancel_requested.
    const changed = await this.deps.prisma.$executeRawUnsafe(
      `UPDATE jobs SET last_error = $4, lease_owner = NULL, lease_expires_at = NULL, claim_token = NULL,
              state = CASE WHEN cancel_requested THEN 'cancelled' WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END::job_state,
              run_at = CASE WHEN cancel_requested OR attempts >= max_attempts THEN run_at ELSE $5::timestamptz END,
              finished_at = CASE WHEN cancel_requested OR attempts >= max_attempts THEN $6::timestamptz END
        WHERE id = $1::bigint AND lease_owner = $2 AND claim_token = $3::uuid AND state = 'running'`,
      entry.id,
      this.owner,
      entry.claim,
      message,
      this.at(retryDelayMs(entry.attempt, this.random)),
      this.at(),
    );
    if (changed) this.deps.log.warn({ jobId: entry.id, attempt: entry.attempt, err: error }, 'job attempt failed');
  }

  /**
   * A job aborted because this worker shut down goes back to the queue at once, and the shutdown
   * does not use up an attempt (attempts is decremented; the claim token still fences the write).
   * A cancel asked for meanwhile ends it cancelled.
   */
  private async requeueStopped(entry: Running) {
    await this.deps.prisma.$executeRawUnsafe(
      `UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL, claim_token = NULL, progress = COALESCE($5::jsonb, progress),
              state = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'queued' END::job_state,
              attempts = CASE WHEN cancel_requested THEN attempts ELSE GREATEST(attempts - 1, 0) END,
              run_at = CASE WHEN cancel_requested THEN run_at ELSE $4::timestamptz END,
              finished_at = CASE WHEN cancel_requested THEN $4::timestamptz END
        WHERE id = $1::bigint AND lease_owner = $2 AND claim_token = $3::uuid AND state = 'running'`,
      entry.id,
      this.owner,
      entry.claim,
      this.at(),
      this.progressJson(entry),
    );
  }

  /**
   * Renews the lease of every running job, writes its latest progress, and aborts those that were
   * cancelled or whose lease was lost. Runs every lease/3 while started; tests call it directly.
   */
  async heartbeat() {
    for (const entry of [...this.running.values()]) {
      let rows: { cancel_requested: boolean }[];
      try {
        rows = await this.deps.prisma.$queryRawUnsafe<{ cancel_requested: boolean }[]>(
          `UPDATE jobs SET lease_expires_at = $4::timestamptz, progress = COALESCE($5::jsonb, progress)
            WHERE id = $1::bigint AND lease_owner = $2 AND claim_token = $3::uuid AND state = 'running'
          RETURNING cancel_requested`,
          entry.id,
          this.owner,
          entry.claim,
          this.at(this.leaseMs),
          this.progressJson(entry),
        );
      } catch (error) {
        // One job's failed write must not leave the others' leases unrenewed.
        this.deps.log.error({ err: error, jobId: entry.id }, 'job heartbeat failed for one job');
        continue;
      }
      if (!rows[0]) entry.abort.abort(new Error('the lease was lost to another worker'));
      else if (rows[0].cancel_requested && !entry.abort.signal.aborted) entry.abort.abort(new Cancelled('the job was cancelled'));
    }
  }

  /** Takes back jobs whose lease ran out (their worker died or hung): queued again, or dead when out of attempts. */
  async reap(): Promise<number> {
    return this.deps.prisma.$executeRawUnsafe(
      `UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL, claim_token = NULL, run_at = $1::timestamptz,
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
   * still running after that are aborted and, once their handler gives up, queued again without
   * using an attempt; it waits for those writes (up to another second) so that they land before the
   * database closes. A handler that ignores its signal keeps its lease, and the reaper takes it back.
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
    const left = [...this.running.values()];
    for (const entry of left) {
      entry.stopped = true;
      entry.abort.abort(new Error('the worker stopped'));
    }
    if (left.length) await Promise.race([Promise.all(left.map((e) => e.done)), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }

  get busy() {
    return this.running.size;
  }
}
