import { JobIdParams, JobSchema, JobsPage, ListJobsQuery } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { cancelJob, getJob, listJobs, retryJob } from '../../jobs/job-queue.ts';

/** Background jobs: admins only (their errors may name anything on the instance). */
export const jobsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['jobs'];
  const errors = ['forbidden', 'forbidden_role'] as const;

  app.get(
    '/jobs',
    {
      config: { role: 'admin', errors: [...errors, 'invalid_cursor'] },
      schema: { tags, summary: 'Jobs, newest first, by queue, state or what they are about (ref)', querystring: ListJobsQuery, response: { 200: JobsPage } },
    },
    async (request) => listJobs(app.prisma, request.query),
  );

  app.get(
    '/jobs/:id',
    { config: { role: 'admin', errors: [...errors] }, schema: { tags, summary: 'One job, with its progress and last error', params: JobIdParams, response: { 200: JobSchema } } },
    async (request) => getJob(app.prisma, request.params.id),
  );

  app.post(
    '/jobs/:id/retry',
    {
      config: { role: 'admin', errors: [...errors, 'job_not_retryable'] },
      schema: { tags, summary: 'Queue a dead or cancelled job again, with its attempts reset', params: JobIdParams, response: { 200: JobSchema } },
    },
    async (request) => retryJob(app.prisma, request.params.id, app.clock.now()),
  );

  app.post(
    '/jobs/:id/cancel',
    {
      config: { role: 'admin', errors: [...errors, 'job_finished'] },
      schema: {
        tags,
        summary: 'Cancel a job',
        description: 'A queued job is cancelled at once; a running one is asked to stop and is cancelled when its handler gives up (`cancelRequested`). Cancelling a cancelled job changes nothing.',
        params: JobIdParams,
        response: { 200: JobSchema },
      },
    },
    async (request) => cancelJob(app.prisma, request.params.id, app.clock.now()),
  );
};
