import { HealthSchema } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const startedAt = Date.now();

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    { config: { public: true, unshed: true }, schema: { tags: ['health'], summary: 'Liveness and version', security: [], response: { 200: HealthSchema } } },
    async () => ({
      status: 'ok' as const,
      version: app.config.version,
      database: app.db.description,
      uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
    }),
  );
};
