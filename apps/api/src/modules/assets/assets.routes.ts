import { AssetDetailSchema, AssetPage, AssetSchema, CreateAssetBody, IdParams, ListAssetsQuery, UpdateAssetBody } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { attachmentDisposition } from '../../lib/content-disposition.ts';
import { createAsset, getAsset, listAssets, readAssetFile, removeAsset, updateAsset } from './assets.service.ts';

export const assetsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['assets'];
  const warningDays = app.config.expiryWarningDays;

  app.post(
    '/assets',
    {
      config: { errors: ['not_found', 'conflict'] },
      schema: { tags, summary: 'Record an asset from JSON', body: CreateAssetBody, response: { 201: AssetSchema } },
    },
    async (request, reply) => reply.code(201).send(await createAsset(app.prisma, request.auth, request.body)),
  );

  app.get(
    '/assets',
    {
      config: { errors: ['invalid_cursor'] },
      schema: { tags, summary: 'List assets, newest first', querystring: ListAssetsQuery, response: { 200: AssetPage } },
    },
    async (request) => listAssets(app.prisma, request.auth, request.query, warningDays),
  );

  app.get(
    '/assets/:id',
    { schema: { tags, summary: 'Get an asset with its licenses, proofs, usages and claims', params: IdParams, response: { 200: AssetDetailSchema } } },
    async (request) => getAsset(app.prisma, request.auth, request.params.id, warningDays),
  );

  app.patch(
    '/assets/:id',
    { schema: { tags, summary: 'Update an asset', params: IdParams, body: UpdateAssetBody, response: { 200: AssetSchema } } },
    async (request) => updateAsset(app.prisma, request.auth, request.params.id, request.body),
  );

  app.delete(
    '/assets/:id',
    {
      schema: {
        tags,
        summary: 'Mark an asset removed',
        description: 'The asset becomes `removed`; its licenses, proofs and claims are kept as history.',
        params: IdParams,
        response: { 200: AssetSchema },
      },
    },
    async (request) => removeAsset(app.prisma, request.auth, request.params.id, warningDays),
  );

  const fileRoute = (which: 'thumbnail' | 'original') =>
    app.get(
      `/assets/:id/${which}`,
      {
        config: { errors: ['blob_corrupted', 'blob_missing'] },
        schema: {
          tags,
          summary: which === 'thumbnail' ? 'The 320 px WebP thumbnail' : 'Download the stored original file',
          params: IdParams,
          produces: [which === 'thumbnail' ? 'image/webp' : 'application/octet-stream'],
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
        },
      },
      async (request, reply) => {
        const file = await readAssetFile(app, request.auth, request.params.id, which);
        reply.type(file.mimeType).header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'; sandbox");
        if (which === 'original') reply.header('content-disposition', attachmentDisposition(file.filename));
        // Content-addressed: the same URL may change content only when the asset is re-ingested.
        return reply.header('cache-control', 'private, max-age=300').send(file.content);
      },
    );
  fileRoute('thumbnail');
  fileRoute('original');
};
