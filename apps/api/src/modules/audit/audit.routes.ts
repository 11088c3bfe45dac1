import { AuditPage, AuditVerificationSchema, ListAuditQuery } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { assertInstanceScope } from '../tokens/tokens.service.ts';
import { listAuditEvents, verifyAuditChain } from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['audit'];

  app.get(
    '/audit/events',
    {
      config: { errors: ['invalid_cursor'] },
      schema: { tags, summary: 'Audit events, newest first (filter by entity for one item’s history)', querystring: ListAuditQuery, response: { 200: AuditPage } },
    },
    async (request) => listAuditEvents(app.prisma, request.auth, request.query),
  );

  app.get(
    '/audit/verify',
    {
      config: { errors: ['forbidden'] },
      schema: { tags, summary: 'Verify the whole audit chain and name the first broken event', response: { 200: AuditVerificationSchema } },
    },
    async (request) => {
      assertInstanceScope(request.auth);
      return verifyAuditChain(app.prisma);
    },
  );
};
