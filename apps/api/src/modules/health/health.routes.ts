import { HealthDetailsSchema, HealthSchema } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const startedAt = Date.now();

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['health'];

  // Unauthenticated (load balancers, Docker): nothing about where the data lives.
  app.get(
    '/health',
    { config: { public: true, unshed: true }, schema: { tags, summary: 'Liveness and version', security: [], response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' as const, version: app.config.version }),
  );

  app.get(
    '/v1/health',
    {
      config: { role: 'admin', errors: ['forbidden', 'forbidden_role'] },
      schema: { tags, summary: 'Liveness, version, database and uptime (admins)', response: { 200: HealthDetailsSchema } },
    },
    async () => ({
      status: 'ok' as const,
      version: app.config.version,
      database: app.db.description,
      uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
    }),
  );
};
