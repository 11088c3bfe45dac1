import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import multipart from '@fastify/multipart';
import cookie from '@fastify/cookie';
import { formLimits } from './lib/multipart-form.ts';
import { sessionsRoutes } from './modules/sessions/sessions.routes.ts';
import { usersRoutes } from './modules/users/users.routes.ts';
import { proofsRoutes } from './modules/proofs/proofs.routes.ts';
import { claimsRoutes } from './modules/claims/claims.routes.ts';
import { takedownsRoutes } from './modules/takedowns/takedowns.routes.ts';
import { storagePlugin } from './plugins/storage.ts';
import { picturesPlugin } from './modules/ingest/picture-analysis.ts';
import { integrityRoutes } from './modules/integrity/integrity.routes.ts';
import { importsRoutes } from './modules/imports/imports.routes.ts';
import { hooksRoutes } from './modules/ingest/hooks.routes.ts';
import { uploadsRoutes } from './modules/ingest/uploads.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { assetsRoutes } from './modules/assets/assets.routes.ts';
import { coverageRoutes } from './modules/coverage/coverage.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { licensesRoutes } from './modules/licenses/licenses.routes.ts';
import { sitesRoutes } from './modules/sites/sites.routes.ts';
import { tokensRoutes } from './modules/tokens/tokens.routes.ts';
import { authPlugin } from './plugins/auth.ts';
import { dbPlugin } from './plugins/db.ts';
import { openapiPlugin } from './plugins/openapi.ts';
import { frameworkProblem, problemPlugin } from './plugins/problem.ts';
import { loadSheddingPlugin } from './plugins/load-shedding.ts';
import { requestDeadlinePlugin, serverDeadlines } from './plugins/request-deadline.ts';
import { validationPlugin } from './plugins/validation.ts';
import { jobsPlugin } from './plugins/jobs.ts';
import { jobsRoutes } from './modules/jobs/jobs.routes.ts';
import type { JobHandlers } from './jobs/job-handlers.ts';
import { productJobHandlers, productSchedules } from './jobs/product-jobs.ts';
import type { Schedule } from './jobs/schedule.ts';
import { systemClock, type Clock } from './lib/clock.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

/** What tests may swap: the clock, and the job handlers and schedules the in-process worker runs. */
export type AppParts = { clock?: Clock; jobHandlers?: JobHandlers; schedules?: readonly Schedule[] };

/** Builds the whole API; the server and the tests both call this with a Config. */
export async function buildApp(config: Config, parts: AppParts = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.bodyLimit,
    // Headers within REQUEST_TIMEOUT_MS; the body is the plugin's (plugins/request-deadline.ts).
    ...serverDeadlines(config.requestTimeoutMs),
    // Opening the database applies migrations; on a busy machine or a large database that takes a while.
    pluginTimeout: 120_000,
    // Query strings: ?a=1&a=2 -> array; parameters longer than this are refused by the schema anyway.
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkProblem,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    // Whose X-Forwarded-For/-Proto to believe (client address for sign-in throttling, https for Secure cookies).
    trustProxy: config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);

  // Infrastructure
  await app.register(requestDeadlinePlugin, { timeoutMs: config.requestTimeoutMs });
  await app.register(dbPlugin, { config });
  await app.register(storagePlugin, { config });
  await app.register(jobsPlugin, {
    config,
    clock: parts.clock ?? systemClock,
    handlers: parts.jobHandlers ?? productJobHandlers(),
    schedules: parts.schedules ?? productSchedules(),
  });
  await app.register(picturesPlugin);
  // The multipart/form-data content-type parser: Fastify accepts a form and leaves its body unread
  // for the route's handler, where the one reader (lib/multipart-form.ts) streams it with that
  // route's limits. No route calls the plugin's own request.parts()/file()/saveRequestFiles(); should
  // one, it is bounded as the reader is: the same part counts, and files no larger than the largest
  // any route takes.
  await app.register(multipart, {
    limits: { ...formLimits, fileSize: Math.max(config.ingestMaxBytes, config.importMaxBytes, config.proofMaxBytes) },
    throwFileSizeLimit: true,
  });
  await app.register(validationPlugin);
  await app.register(problemPlugin);
  await app.register(loadSheddingPlugin, { maxInFlight: config.maxInFlight, maxEventLoopDelayMs: config.maxEventLoopDelayMs });
  await app.register(openapiPlugin, { config });
  // Cross-cutting
  await app.register(cookie);
  await app.register(authPlugin);
  // Modules
  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      await v1.register(sitesRoutes);
      await v1.register(assetsRoutes);
      await v1.register(licensesRoutes);
      await v1.register(coverageRoutes);
      await v1.register(tokensRoutes);
      await v1.register(sessionsRoutes);
      await v1.register(usersRoutes);
      await v1.register(uploadsRoutes);
      await v1.register(hooksRoutes);
      await v1.register(proofsRoutes);
      await v1.register(auditRoutes);
      await v1.register(integrityRoutes);
      await v1.register(importsRoutes);
      await v1.register(takedownsRoutes);
      await v1.register(claimsRoutes);
      await v1.register(jobsRoutes);
    },
    { prefix: '/v1' },
  );
  return app;
}
