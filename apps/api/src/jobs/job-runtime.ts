import type { JobDeps, JobHandlers } from './job-handlers.ts';
import { JobWorker } from './job-worker.ts';
import { runDueSchedules, type Schedule } from './schedule.ts';

export type JobRuntime = { worker: JobWorker; stop(options?: { graceMs?: number }): Promise<void> };

/**
 * The worker plus the schedule, as the API (in-process) and `npm run worker` run them. Schedules
 * are checked at once (catch-up after downtime) and then every `scheduleCheckMs`.
 */
export function startJobRuntime(
  deps: JobDeps,
  options: { handlers: JobHandlers; schedules: readonly Schedule[]; slots: number; scheduleCheckMs?: number },
): JobRuntime {
  const worker = new JobWorker(deps, { handlers: options.handlers, slots: options.slots });
  worker.start();
  let timer: NodeJS.Timeout | undefined;
  if (options.schedules.length) {
    const check = () =>
      void runDueSchedules(deps, options.schedules)
        .then((names) => names.length && worker.wake())
        .catch((error) => deps.log.error({ err: error }, 'schedule check failed'));
    check();
    timer = setInterval(check, options.scheduleCheckMs ?? 60_000);
    timer.unref();
  }
  if (options.handlers.size) deps.log.info({ owner: worker.owner, queues: [...options.handlers.keys()], slots: options.slots }, 'job worker started');
  // (with no handlers the worker itself logs that it is idle)
  return {
    worker,
    stop: async (stopOptions) => {
      clearInterval(timer);
      await worker.stop(stopOptions);
    },
  };
}
