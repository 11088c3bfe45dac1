import { CreateSiteBody, IdParams, RotateSecretQuery, SiteSchema, SiteWithNewSecretSchema, UpdateSiteBody } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createSite, getSite, listSites, rotateSecret, updateSite } from './sites.service.ts';

export const sitesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['sites'];

  app.post(
    '/sites',
    { config: { role: 'admin', errors: ['forbidden', 'forbidden_role'] }, schema: { tags, summary: 'Create a site', description: 'The answer carries the site\'s signing secret, this once.', body: CreateSiteBody, response: { 201: SiteWithNewSecretSchema } } },
    async (request, reply) => reply.code(201).send(await createSite(app.prisma, request.auth, request.body)),
  );

  app.get(
    '/sites',
    { schema: { tags, summary: 'List the sites this token may see', response: { 200: Type.Object({ items: Type.Array(SiteSchema) }) } } },
    async (request) => ({ items: await listSites(app.prisma, request.auth) }),
  );

  app.get(
    '/sites/:id',
    { schema: { tags, summary: 'Get a site', params: IdParams, response: { 200: SiteSchema } } },
    async (request) => getSite(app.prisma, request.auth, request.params.id),
  );

  app.patch(
    '/sites/:id',
    { config: { role: 'admin', errors: ['forbidden', 'forbidden_role'] }, schema: { tags, summary: 'Update a site', params: IdParams, body: UpdateSiteBody, response: { 200: SiteSchema } } },
    async (request) => updateSite(app.prisma, request.auth, request.params.id, request.body),
  );

  app.post(
    '/sites/:id/webhook-secret/rotate',
    {
      config: { role: 'admin', errors: ['forbidden', 'forbidden_role'] },
      schema: {
        tags,
        summary: 'Rotate the webhook signing secret',
        description: 'A new secret is current at once; the previous ones stay valid for `graceHours` (default 24). The answer carries the new secret, this once.',
        params: IdParams,
        querystring: RotateSecretQuery,
        response: { 200: SiteWithNewSecretSchema },
      },
    },
    async (request) => rotateSecret(app.prisma, request.auth, request.params.id, request.query.graceHours ?? 24),
  );
};
