import type { JobHandler, JobHandlers } from './job-handlers.ts';
import type { Schedule } from './schedule.ts';

/**
 * Every queue the product runs, by name, and every schedule: the one list the API's in-process
 * worker and `npm run worker` both read. A module that runs work in the background exports its
 * queues (`<module>.jobs.ts`) and is listed here.
 */
const productQueues: ReadonlyArray<readonly [queue: string, handler: JobHandler]> = [];

export function productJobHandlers(): JobHandlers {
  return new Map(productQueues);
}

/** The product's schedules (each enqueues one job per slot; see schedule.ts). */
export function productSchedules(): Schedule[] {
  return [];
}
