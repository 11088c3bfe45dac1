import { errorCodes, ProblemSchema, type ErrorCode } from '@clearance/contracts';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Error codes this route can answer with beyond the ones every route has. */
    errors?: ErrorCode[];
  }
}

/**
 * The problem responses of a route, from the error-code table: the ones any route can give (503
 * `overloaded` on every route that may be shed), plus
 * 404 where the path names a resource, plus whatever the route declares in `config.errors`.
 */
function errorCodesOf(route: { url: string; method: string | string[]; config?: { public?: boolean; unshed?: boolean; errors?: ErrorCode[] } }): ErrorCode[] {
  const codes: ErrorCode[] = ['validation_failed', 'internal_error'];
  // Any route may be shed under load (plugins/load-shedding.ts) unless it is marked unshed.
  if (!route.config?.unshed) codes.push('overloaded');
  if (!route.config?.public) codes.push('unauthorized', 'invalid_token', 'invalid_session', 'site_forbidden');
  // Made with the session cookie, a change needs the CSRF header and a role that may change things.
  if (!route.config?.public && [route.method].flat().some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m))) codes.push('csrf_failed', 'forbidden_role');
  if (route.url.includes(':')) codes.push('not_found');
  return [...new Set([...codes, ...(route.config?.errors ?? [])])];
}

/** Codes whose answer always tells, in Retry-After, when to come back. */
const withRetryAfter = new Set<ErrorCode>(['overloaded', 'too_many_attempts']);
const retryAfterHeader = { type: 'integer', minimum: 1, description: 'Seconds to wait before trying again (RFC 9110)' };

/** OpenAPI 3.1 from the route schemas, served at /docs (JSON at /docs/json). */
export const openapiPlugin = fp(
  async (app, opts: { config: Config }) => {
    app.addSchema(ProblemSchema);
    app.addHook('onRoute', (route) => {
      if (!route.schema || route.url.startsWith('/docs')) return;
      const response = { ...(route.schema.response as Record<number, unknown> | undefined) };
      const codes = errorCodesOf(route);
      for (const code of codes) {
        const status = errorCodes[code].status;
        const sameStatus = codes.filter((c) => errorCodes[c].status === status);
        response[status] ??= {
          description: sameStatus.join(', '),
          ...(sameStatus.some((c) => withRetryAfter.has(c)) && { headers: { 'retry-after': retryAfterHeader } }),
          content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
        };
      }
      route.schema.response = response;
    });
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Clearance API',
          version: opts.config.version,
          description:
            'Media license tracker. Errors are RFC 9457 application/problem+json with a stable `code`. ' +
            'Authenticate with `Authorization: Bearer <API token>`, or with the dashboard session cookie from `POST /v1/sessions` ' +
            '(then send `x-csrf-token` on every POST, PUT, PATCH and DELETE). Roles: admin, editor, viewer (reads only).',
        },
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'API token (clr_...)' },
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: 'clearance_session',
              description: 'Dashboard session from POST /v1/sessions. POST, PUT, PATCH and DELETE also need the header x-csrf-token: <csrfToken of the session>.',
            },
          },
        },
        security: [{ bearer: [] }, { session: [] }],
        tags: [
          { name: 'health', description: 'Liveness (no credentials)' },
          { name: 'sites', description: 'CMS installations and their webhook secrets' },
          { name: 'assets', description: 'Media items and their coverage' },
          { name: 'ingest', description: 'The CMS upload webhook and direct uploads' },
          { name: 'licenses', description: 'The license register' },
          { name: 'coverage', description: 'Coverage summary and expiring licenses' },
          { name: 'tokens', description: 'API tokens' },
          { name: 'sessions', description: 'Dashboard sign-in' },
          { name: 'users', description: 'Dashboard users and roles' },
          { name: 'proofs', description: 'Documents backing licenses and claims' },
          { name: 'integrity', description: 'Checks of stored files' },
          { name: 'audit', description: 'The tamper-evident change history' },
          { name: 'jobs', description: 'Background jobs: progress, failures, retry and cancel (admins)' },
        ],
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'openapi' },
);
