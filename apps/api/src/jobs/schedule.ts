import type { JobDeps } from './job-handlers.ts';
import { enqueue } from './job-queue.ts';

/** A job enqueued once per slot: every `everyMs`, counted from the Unix epoch (plus `offsetMs`). */
export type Schedule = { name: string; queue: string; everyMs: number; offsetMs?: number; payload?: Record<string, unknown> };

export const day = 24 * 60 * 60 * 1000;

/** The start of the latest slot at or before `now`. */
export function latestSlot(schedule: Schedule, now: Date): Date {
  const offset = schedule.offsetMs ?? 0;
  return new Date(Math.floor((now.getTime() - offset) / schedule.everyMs) * schedule.everyMs + offset);
}

/**
 * Enqueues each schedule's latest due slot unless some replica already did. The scheduled_runs
 * row and the job are written in one transaction, and the row's primary key lets only one
 * replica have it. Called on start and then periodically: after downtime that is one catch-up
 * run for the latest missed slot, not one per missed slot. Returns the names that were enqueued.
 */
export async function runDueSchedules(deps: Pick<JobDeps, 'prisma' | 'clock'>, schedules: readonly Schedule[]): Promise<string[]> {
  const enqueued: string[] = [];
  for (const schedule of schedules) {
    const now = deps.clock.now();
    const slot = latestSlot(schedule, now);
    const won = await deps.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<unknown[]>(
        `INSERT INTO scheduled_runs (name, slot, created_at) VALUES ($1, $2::timestamptz, $3::timestamptz) ON CONFLICT DO NOTHING RETURNING name`,
        schedule.name,
        slot.toISOString(),
        now.toISOString(),
      );
      if (!rows.length) return false;
      const job = await enqueue(
        tx,
        { queue: schedule.queue, payload: { ...schedule.payload, slot: slot.toISOString() }, key: `schedule:${schedule.name}:${slot.toISOString()}`, createdBy: 'schedule' },
        now,
      );
      await tx.scheduledRun.update({ where: { name_slot: { name: schedule.name, slot } }, data: { jobId: BigInt(job.id) } });
      return true;
    });
    if (won) enqueued.push(schedule.name);
  }
  return enqueued;
}
