/**
 * Jobs: 100,000 no-op jobs through the durable job queue (apps/api/src/jobs) on PostgreSQL, with
 * 4 workers, each a process of its own as `npm run worker` would be (the product's JobWorker). The
 * jobs are enqueued at a steady rate while the workers run (enqueueing all first would make the
 * pickup latency measure the backlog, not the queue). Prints jobs/s (all jobs over the time from the
 * first enqueue to the last finish) and p50/p95 pickup latency (started_at - run_at).
 * Targets: >= 1,000 jobs/s and p95 pickup <= 200 ms; `--check` exits 1 when one is missed.
 *
 * PostgreSQL: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names the
 * server; the bench creates a throwaway database on it and drops it afterwards.
 *
 *   npx tsx bench/jobs.ts [--jobs 100000] [--rate 1500] [--workers 4] [--slots 50] [--check]
 */
import { openDatabase, resolveBackend, type Database } from '@clearance/db';
import Fastify from 'fastify';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '../apps/api/test/helpers/test-database.ts';
import { loadConfig } from '../apps/api/src/config.ts';
import { JobWorker } from '../apps/api/src/jobs/job-worker.ts';
import { openBlobStore } from '../apps/api/src/lib/blob-store/index.ts';
import { systemClock } from '../apps/api/src/lib/clock.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '1500' },
    workers: { type: 'string', default: '4' },
    slots: { type: 'string', default: '50' },
    check: { type: 'boolean', default: false },
    'worker-of': { type: 'string' },
  },
});

// A worker process: runs until its parent says stop.
if (values['worker-of']) {
  const db = await openDatabase(resolveBackend(values['worker-of'], '.'));
  const log = Fastify({ logger: { level: 'warn' } }).log;
  // No-op jobs touch no files; the worker's parts are the product's all the same.
  const dataDir = await mkdtemp(join(tmpdir(), 'clearance-bench-jobs-'));
  const config = loadConfig({ ...process.env, DATABASE_URL: values['worker-of'], CLEARANCE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const blobs = await openBlobStore(undefined, dataDir);
  const worker = new JobWorker({ prisma: db.prisma, blobs, config, log, clock: systemClock }, { handlers: new Map([['noop', async () => undefined]]), slots: Number(values.slots) });
  worker.start();
  process.send!('started');
  process.on('message', () =>
    void worker
      .stop()
      .then(() => Promise.all([db.close(), blobs.close()]))
      .then(() => rm(dataDir, { recursive: true, force: true }))
      .then(() => process.exit(0)),
  );
  await new Promise(() => {});
}
const total = Number(values.jobs);
const rate = Number(values.rate);
const slots = Number(values.slots);
process.env.DATABASE_URL ||= 'postgresql://postgres@127.0.0.1:5432/postgres';
if (!process.env.DATABASE_URL.startsWith('postgres')) {
  console.error('bench/jobs.ts runs on PostgreSQL: set DATABASE_URL=postgresql://...');
  process.exit(2);
}

const database = await createTestDatabase();
const config = loadConfig({ ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
const workers: ChildProcess[] = [];
let producer: Database | undefined;
try {
  // The product's worker with its default poll and claim batch; slots per worker as given.
  for (let i = 0; i < Number(values.workers); i++) {
    const child = fork(fileURLToPath(import.meta.url), ['--worker-of', database.url, '--slots', String(slots)], { execArgv: ['--import', 'tsx'] });
    workers.push(child);
    await new Promise((resolve, reject) => child.once("message", resolve).once("exit", reject));

  }
  producer = await openDatabase(resolveBackend(config.databaseUrl, config.dataDir));
  console.log(`${total.toLocaleString()} no-op jobs at ${rate.toLocaleString()}/s, ${workers.length} worker processes x ${slots} slots, on ${producer.description}`);

  // Every 10 ms, one multi-row insert of the jobs due by then.
  const started = performance.now();
  let enqueued = 0;
  while (enqueued < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    if (due > enqueued) {
      const now = new Date().toISOString();
      await producer.prisma.$executeRawUnsafe(
        `INSERT INTO jobs (queue, payload, run_at, created_at) SELECT 'noop', jsonb_build_object('i', g), $1::timestamptz, $1::timestamptz FROM generate_series($2::int, $3::int) g`,
        now,
        enqueued + 1,
        due,
      );
      enqueued = due;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const enqueueSeconds = (performance.now() - started) / 1000;
  while ((await producer.prisma.job.count({ where: { state: 'succeeded' } })) < total) {
    if (performance.now() - started > 600_000) throw new Error('not done within 10 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
  await Promise.all(workers.map((w) => new Promise((resolve) => w.once('exit', resolve).send('stop'))));

  // "Ran once" over every row, whatever its state: a job that failed, was reaped or is still queued counts too.
  const [stats] = await producer.prisma.$queryRawUnsafe<{ n: number; span_s: number; p50_ms: number; p95_ms: number; attempts_max: number; rows: number; not_succeeded: number }[]>(`
    SELECT count(*) FILTER (WHERE state = 'succeeded')::int AS n, count(*)::int AS rows,
           count(*) FILTER (WHERE state <> 'succeeded')::int AS not_succeeded, max(attempts)::int AS attempts_max,
           extract(epoch FROM max(finished_at) - min(created_at))::float8 AS span_s,
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - run_at) * 1000))::float8 AS p50_ms,
           (percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - run_at) * 1000))::float8 AS p95_ms
      FROM jobs`);
  const jobsPerSecond = stats!.n / stats!.span_s;
  const ranOnce = stats!.attempts_max === 1 && stats!.not_succeeded === 0 && stats!.rows === total;
  console.log(
    `enqueued in ${enqueueSeconds.toFixed(1)} s; all done in ${stats!.span_s.toFixed(1)} s; ` +
      (ranOnce ? `all ${stats!.rows.toLocaleString()} jobs ran once` : `${stats!.rows} rows, ${stats!.not_succeeded} not succeeded, attempts up to ${stats!.attempts_max}`),
  );
  // The producer offers `rate`; the workers cannot do more than that, so the sustained figure is a floor of their capacity, not its measure.
  console.log(`offered ${(total / enqueueSeconds).toFixed(0)}/s, sustained ${jobsPerSecond.toFixed(0)}/s   (target >= 1000), ${workers.length} workers x ${slots} slots each`);
  console.log(`pickup p50        ${stats!.p50_ms.toFixed(1)} ms`);
  console.log(`pickup p95        ${stats!.p95_ms.toFixed(1)} ms   (target <= 200 ms)`);
  const missed = [jobsPerSecond < 1000 && 'jobs/s below 1,000', stats!.p95_ms > 200 && 'p95 pickup above 200 ms', !ranOnce && 'not every job ran exactly once'].filter(Boolean);
  if (values.check && missed.length) {
    console.error(`missed: ${missed.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  for (const w of workers) if (w.exitCode === null) w.kill();
  await producer?.close();
  await database.drop();
}
process.exit(process.exitCode ?? 0);
