import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import type { Clock } from '../lib/clock.ts';
import type { JobHandlers } from '../jobs/job-handlers.ts';
import { startJobRuntime, type JobRuntime } from '../jobs/job-runtime.ts';
import type { Schedule } from '../jobs/schedule.ts';

declare module 'fastify' {
  interface FastifyInstance {
    clock: Clock;
    /** The in-process job worker, or null with `--no-worker` / `JOBS_WORKER=off`. */
    jobs: JobRuntime | null;
  }
}

/** How long the API lets running jobs finish when it shuts down; see the hooks below. */
export const JOBS_SHUTDOWN_GRACE_MS = 6000;

/**
 * Runs the job worker and the schedule inside the API once it is ready (on PGlite the only way:
 * one process owns the database), and stops them, letting running jobs finish, before the
 * database closes.
 */
export const jobsPlugin = fp(
  async (app, opts: { config: Config; clock: Clock; handlers: JobHandlers; schedules: readonly Schedule[] }) => {
    app.decorate('clock', opts.clock);
    app.decorate('jobs', null);
    if (!opts.config.runWorker) return;
    app.addHook('onReady', async () => {
      app.jobs = startJobRuntime(
        { prisma: app.prisma, blobs: app.blobs, config: opts.config, log: app.log.child({ module: 'jobs' }), clock: opts.clock },
        { handlers: opts.handlers, schedules: opts.schedules, slots: opts.config.jobConcurrency },
      );
    });
    // The worker starts stopping in preClose, so its grace runs while in-flight requests drain rather
    // than after them; onClose (registered after the database plugin's, so run before it) waits for
    // it. Grace 6 s + at most 1 s to re-queue aborted jobs stays inside server.ts's 10 s forced exit,
    // leaving time for the database (PGlite's checkpoint) to close cleanly.
    let stopping: Promise<void> | undefined;
    app.addHook('preClose', async () => {
      stopping = app.jobs?.stop({ graceMs: JOBS_SHUTDOWN_GRACE_MS });
    });
    app.addHook('onClose', async () => {
      await (stopping ?? app.jobs?.stop({ graceMs: JOBS_SHUTDOWN_GRACE_MS }));
    });
  },
  { name: 'jobs', dependencies: ['db', 'storage'] },
);
