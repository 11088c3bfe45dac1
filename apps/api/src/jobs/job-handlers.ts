import type { PrismaClient } from '@clearance/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../lib/clock.ts';
import type { Schedule } from './schedule.ts';

/** What a job handler (and the worker) may use; passed explicitly, never the Fastify instance. */
export type JobDeps = { prisma: PrismaClient; log: FastifyBaseLogger; clock: Clock };

export type JobContext = {
  payload: unknown;
  /** Aborted when the job is cancelled, its lease is lost, or the worker stops for good. */
  signal: AbortSignal;
  /** The latest progress is written with the next heartbeat and shown by GET /v1/jobs/:id. */
  progress(value: unknown): void;
  job: { id: string; queue: string; attempt: number; maxAttempts: number };
  deps: JobDeps;
};

/** Resolves with the job's result (stored as JSON); throwing fails the attempt. */
export type JobHandler = (context: JobContext) => Promise<unknown>;

/** Queue name -> handler. A worker claims only jobs of the queues it has a handler for. */
export type JobHandlers = ReadonlyMap<string, JobHandler>;

/**
 * The product's handlers. Empty for now: imports, picture analysis, takedown checks, crawls and
 * notifications still run their own way (issue 14) and move here one by one.
 */
export function productJobHandlers(): JobHandlers {
  return new Map();
}

/** The product's schedules; empty until the daily coverage refresh and reminders become jobs. */
export function productSchedules(): Schedule[] {
  return [];
}
