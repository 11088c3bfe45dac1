import { IdParams, ListTakedownsQuery, StartTakedownBody, TakedownPage, TakedownSchema } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getTakedown, listAssetTakedowns, runChecks, startTakedown } from './takedowns.service.ts';

export const takedownsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['takedowns'];
  const checking =
    "Requests every known URL of the asset — recorded, and the files WordPress would have generated from its name and size — on the site's own origin only (HEAD, GET when HEAD is refused; redirects elsewhere are not followed). " +
    'Verified only when every URL answers 404 or 410; errors and timeouts count as still live.';

  app.post(
    '/assets/:id/takedowns',
    {
      config: { errors: ['claim_other_site'] },
      schema: {
        tags,
        summary: 'Start a takedown of an asset and run its first check',
        description: checking,
        params: IdParams,
        body: StartTakedownBody,
        response: { 201: TakedownSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await startTakedown(app, request.auth, { assetId: request.params.id, claimId: request.body.claimId })),
  );

  app.get(
    '/assets/:id/takedowns',
    {
      config: { errors: ['invalid_cursor'] },
      schema: { tags, summary: "List an asset's takedowns, newest first", params: IdParams, querystring: ListTakedownsQuery, response: { 200: TakedownPage } },
    },
    async (request) => listAssetTakedowns(app.prisma, request.auth, request.params.id, request.query),
  );

  app.get(
    '/takedowns/:id',
    { schema: { tags, summary: 'Get a takedown with the latest check of every URL', params: IdParams, response: { 200: TakedownSchema } } },
    async (request) => getTakedown(app.prisma, request.auth, request.params.id),
  );

  app.post(
    '/takedowns/:id/checks',
    { schema: { tags, summary: 'Check every URL of a takedown again', description: checking, params: IdParams, response: { 200: TakedownSchema } } },
    async (request) => runChecks(app, request.auth, request.params.id),
  );
};
