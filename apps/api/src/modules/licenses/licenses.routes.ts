import {
  CreateLicenseBody,
  IdParams,
  LicenseAssetParams,
  LicenseAssetsBody,
  LicenseDetailSchema,
  LicensePage,
  ListLicensesQuery,
  UpdateLicenseBody,
} from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { licenseRegisterCsv } from './license-register.csv.ts';
import { attachAssets, createLicense, detachAsset, getLicense, listLicenses, updateLicense } from './licenses.service.ts';

export const licensesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['licenses'];
  const warningDays = app.config.expiryWarningDays;

  app.post(
    '/licenses',
    {
      config: { errors: ['not_found', 'assets_span_sites', 'invalid_date_range'] },
      schema: { tags, summary: 'Record a license covering one or many assets', body: CreateLicenseBody, response: { 201: LicenseDetailSchema } },
    },
    async (request, reply) => reply.code(201).send(await createLicense(app.prisma, request.auth, request.body, warningDays)),
  );

  app.get(
    '/licenses',
    {
      config: { errors: ['invalid_cursor'] },
      schema: { tags, summary: 'List licenses, newest first', querystring: ListLicensesQuery, response: { 200: LicensePage } },
    },
    async (request) => listLicenses(app.prisma, request.auth, request.query),
  );

  app.get(
    '/licenses/export.csv',
    {
      schema: {
        tags,
        summary: 'The license register as CSV',
        description: 'One row per asset and license; assets without a license get one row with empty license columns.',
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'CSV with a header row' }) },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="license-register-${new Date().toISOString().slice(0, 10)}.csv"`)
        .send(licenseRegisterCsv(app.prisma, request.auth) as unknown as string), // streamed as is, never serialized
  );

  app.get(
    '/licenses/:id',
    { schema: { tags, summary: 'Get a license with its assets and proofs', params: IdParams, response: { 200: LicenseDetailSchema } } },
    async (request) => getLicense(app.prisma, request.auth, request.params.id),
  );

  app.patch(
    '/licenses/:id',
    {
      config: { errors: ['invalid_date_range'] },
      schema: { tags, summary: 'Update a license', params: IdParams, body: UpdateLicenseBody, response: { 200: LicenseDetailSchema } },
    },
    async (request) => updateLicense(app.prisma, request.auth, request.params.id, request.body, warningDays),
  );

  app.post(
    '/licenses/:id/assets',
    {
      config: { errors: ['assets_span_sites'] },
      schema: { tags, summary: 'Attach assets to a license', params: IdParams, body: LicenseAssetsBody, response: { 200: LicenseDetailSchema } },
    },
    async (request) => attachAssets(app.prisma, request.auth, request.params.id, request.body.assetIds, warningDays),
  );

  app.delete(
    '/licenses/:id/assets/:assetId',
    {
      config: { errors: ['last_asset'] },
      schema: { tags, summary: 'Detach an asset from a license', params: LicenseAssetParams, response: { 200: LicenseDetailSchema } },
    },
    async (request) => detachAsset(app.prisma, request.auth, request.params.id, request.params.assetId, warningDays),
  );
};
