import { AssetSchema, IdParams, limitedText } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../lib/errors.ts';
import { readMultipartForm } from '../../lib/multipart-form.ts';
import { assertSiteVisible } from '../../lib/scope.ts';
import { multipartValidator } from '../../plugins/validation.ts';
import { ingestImage } from './ingest.service.ts';

const UploadForm = Type.Object({
  title: Type.Optional(limitedText('title')),
  cmsId: Type.Optional(limitedText('cmsId', { description: 'The CMS attachment id, if known; a later upload with the same id updates the asset' })),
  file: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }),
}, { additionalProperties: false });

/** `POST /v1/sites/:id/assets`: direct upload from the dashboard or a script, through the same pipeline as the webhook. */
export const uploadsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/sites/:id/assets',
    {
      validatorCompiler: multipartValidator,
      config: { errors: ['payload_too_large', 'too_many_parts', 'unsupported_media_type', 'unsupported_type', 'missing_file', 'invalid_filename'] },
      schema: {
        tags: ['ingest'],
        summary: 'Upload an image as a new asset of a site',
        description: 'multipart/form-data: optional `title` and `cmsId` fields, then the `file`.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        body: UploadForm,
        response: { 201: AssetSchema },
      },
    },
    async (request, reply) => {
      const siteId = request.params.id;
      assertSiteVisible(request.auth, siteId);
      const site = await app.prisma.site.findUnique({ where: { id: siteId }, select: { id: true } });
      if (!site) throw notFound('Site', siteId);
      const { fields, file } = await readMultipartForm(request, { maxBytes: app.config.ingestMaxBytes, missing: 'Add the image as a file part named "file"' });
      const filename = file.filename.split(/[\\/]/).pop()?.trim() || 'upload';
      const asset = await ingestImage(app, request.auth, {
        siteId,
        cmsId: fields.cmsId ?? null,
        filename,
        title: fields.title ?? null,
        uploadedAt: new Date(),
        uploadedBy: request.auth.actor,
        urls: [],
        content: file.content,
      }, { waitForPictures: true });
      return reply.code(201).send(asset);
    },
  );
};
