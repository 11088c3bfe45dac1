// `npm run worker`: runs the background jobs (and the schedule) in a process of their own, next to
// API processes started with `--no-worker` / `JOBS_WORKER=off`. PostgreSQL only: the embedded
// PGlite database belongs to the one process that opened it, and there the API runs the jobs.
import { resolveBackend } from '@clearance/db';
import Fastify from 'fastify';
import { ConfigError, loadConfig } from '../config.ts';
import { productJobHandlers, productSchedules } from '../jobs/product-jobs.ts';
import { startJobRuntime } from '../jobs/job-runtime.ts';
import { openBlobStore } from '../lib/blob-store/index.ts';
import { systemClock } from '../lib/clock.ts';
import { openDatabaseOrExit } from './open-database.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
if (resolveBackend(config.databaseUrl, config.dataDir).kind !== 'postgres') {
  console.error(
    'npm run worker needs PostgreSQL (DATABASE_URL=postgresql://...). With the embedded PGlite database only one process can open it, ' +
      'and the API (npm start) runs the jobs itself.',
  );
  process.exit(2);
}

// The API's logger, without a server.
const log = Fastify({ logger: { level: config.logLevel } }).log.child({ module: 'jobs' });
const db = await openDatabaseOrExit(config);
// The worker reads and writes the same files as the API: S3, or a volume both processes mount.
const blobs = await openBlobStore(config.blobStoreUrl, config.dataDir);
const runtime = startJobRuntime(
  { prisma: db.prisma, blobs, config, log, clock: systemClock },
  { handlers: productJobHandlers(), schedules: productSchedules(), slots: config.jobConcurrency },
);

// The worker's own timers are unref'd (the API must be able to exit); this process exists only to
// run jobs, so it stays up until a signal, even with no queue registered yet. Exiting at once would
// make systemd or docker restart it in a loop.
const keepAlive = setInterval(() => {}, 1 << 30);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: letting running jobs finish`);
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  clearInterval(keepAlive);
  await runtime.stop({ graceMs: 10_000 });
  await blobs.close();
  await db.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
