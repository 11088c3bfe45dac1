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
        { prisma: app.prisma, log: app.log.child({ module: 'jobs' }), clock: opts.clock },
        { handlers: opts.handlers, schedules: opts.schedules, slots: opts.config.jobConcurrency },
      );
    });
    // Registered after the database plugin, so this runs before its onClose closes the database.
    app.addHook('onClose', async () => app.jobs?.stop({ graceMs: 8000 }));
  },
  { name: 'jobs', dependencies: ['db'] },
);
