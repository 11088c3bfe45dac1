import { ApiTokenSchema, CreateApiTokenBody, CreatedApiTokenSchema, IdParams } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { assertInstanceScope, createToken, listTokens, revokeToken } from './tokens.service.ts';

/** Managing tokens needs an instance-wide token. */
export const tokensRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['tokens'];
  app.addHook('onRequest', async (request) => assertInstanceScope(request.auth));

  app.get(
    '/tokens',
    { config: { role: 'admin', errors: ['forbidden', 'forbidden_role'] }, schema: { tags, summary: 'List API tokens', response: { 200: Type.Object({ items: Type.Array(ApiTokenSchema) }) } } },
    async () => ({ items: await listTokens(app.prisma) }),
  );

  app.post(
    '/tokens',
    {
      config: { role: 'admin', errors: ['forbidden', 'forbidden_role'] },
      schema: { tags, summary: 'Create an API token (shown once)', body: CreateApiTokenBody, response: { 201: CreatedApiTokenSchema } },
    },
    async (request, reply) => reply.code(201).send(await createToken(app.prisma, request.body)),
  );

  app.delete(
    '/tokens/:id',
    { config: { role: 'admin', errors: ['forbidden', 'forbidden_role'] }, schema: { tags, summary: 'Revoke an API token', params: IdParams, response: { 200: ApiTokenSchema } } },
    async (request) => revokeToken(app.prisma, request.params.id),
  );
};
