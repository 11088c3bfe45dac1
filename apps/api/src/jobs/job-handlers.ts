import type { PrismaClient } from '@clearance/db';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { BlobStore } from '../lib/blob-store/index.ts';
import type { Clock } from '../lib/clock.ts';

/**
 * What a job handler (and the worker) may use; passed explicitly, never the Fastify instance, so
 * the same service code runs in a request (which passes the app's parts) and in a job.
 */
export type JobDeps = { prisma: PrismaClient; blobs: BlobStore; config: Config; log: FastifyBaseLogger; clock: Clock };

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
