import { rm } from 'node:fs/promises';
import {
  IdParams,
  ImportJobPage,
  ImportJobSchema,
  ImportListQuery,
  ResumeImportBody,
  StartWordPressImportBody,
  WxrImportForm,
} from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { readMultipartForm } from '../../lib/multipart-form.ts';
import { multipartValidator } from '../../plugins/validation.ts';
import { createImportRunner, pauseInterruptedImports } from './import-runner.ts';
import { findVisibleSite, getImport, listImports, resumeImport, startWordPressImport, startWxrImport } from './imports.service.ts';
import { receiveWxr } from './wxr-import.ts';

/** The WXR form: its one file is streamed to disk while it is validated; the fields are checked against the form schema. */
async function readWxrForm(app: Parameters<typeof receiveWxr>[0], request: FastifyRequest) {
  const { fields, file } = await readMultipartForm(request, {
    maxBytes: app.config.importMaxBytes,
    missing: 'Add the WordPress export as a file part named "file"',
    receive: async (part) => {
      const received = await receiveWxr(app, part);
      return { path: received.path, filename: part.filename.split(/[\\/]/).pop() || 'export.xml', attachments: received.attachments };
    },
    discard: (upload) => rm(upload.path, { force: true }),
  });
  return { ...file, fetchFiles: fields.fetchFiles !== 'false' };
}

/**
 * Importing an existing WordPress media library: crawling its REST API with an application
 * password, or reading an uploaded export (WXR). Both run in the background and report progress.
 */
export const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['imports'];
  const runner = createImportRunner(app);
  // Jobs a stopped process left running show as paused; on shutdown running jobs stop after their batch, as paused.
  app.addHook('onReady', async () => pauseInterruptedImports(app));
  app.addHook('preClose', async () => runner.stopAll());

  app.post(
    '/sites/:id/imports/wordpress',
    {
      schema: {
        tags,
        summary: "Import a site's media library from its REST API",
        description:
          "Crawls the site's own `/wp-json/wp/v2/media` (or `?rest_route=/wp/v2/media` without pretty permalinks) page by page with Basic auth " +
          '(a WordPress application password, never stored), in the background. Poll `GET /v1/imports/{id}` for progress.',
        params: IdParams,
        body: StartWordPressImportBody,
        response: { 202: ImportJobSchema },
      },
    },
    async (request, reply) => reply.code(202).send(await startWordPressImport(app, runner, request.auth, request.params.id, request.body)),
  );

  app.post(
    '/sites/:id/imports/wxr',
    {
      validatorCompiler: multipartValidator,
      config: {
        errors: ['empty_file', 'missing_file', 'payload_too_large', 'too_many_parts', 'unsupported_media_type', 'wxr_malformed', 'wxr_not_wxr', 'wxr_unsupported_version'],
      },
      schema: {
        tags,
        summary: 'Import the attachments of a WordPress export (WXR)',
        description:
          'multipart/form-data: optional `fetchFiles` (`true`/`false`, default true), then the `file` (Tools → Export in WordPress). ' +
          'The file is streamed and validated first (problems come back with `line` and `column`); its attachments are then imported in the background.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        body: WxrImportForm,
        response: { 202: ImportJobSchema },
      },
    },
    async (request, reply) => {
      const site = await findVisibleSite(app, request.auth, request.params.id);
      const upload = await readWxrForm(app, request);
      return reply.code(202).send(await startWxrImport(app, runner, request.auth, site, upload));
    },
  );

  app.get(
    '/sites/:id/imports',
    { schema: { tags, summary: 'List the imports of a site, newest first', params: IdParams, querystring: ImportListQuery, response: { 200: ImportJobPage } } },
    async (request) => listImports(app, runner, request.auth, request.params.id, request.query),
  );

  app.get(
    '/imports/:id',
    { schema: { tags, summary: 'Get an import and its progress', params: IdParams, response: { 200: ImportJobSchema } } },
    async (request) => getImport(app, runner, request.auth, request.params.id),
  );

  app.post(
    '/imports/:id/resume',
    {
      config: { errors: ['import_not_resumable'] },
      schema: {
        tags,
        summary: 'Resume a paused or failed import from where it stopped',
        description: 'A crawl needs `username` and `applicationPassword` again; a WXR import needs nothing (send `{}`).',
        params: IdParams,
        body: ResumeImportBody,
        response: { 202: ImportJobSchema },
      },
    },
    async (request, reply) => reply.code(202).send(await resumeImport(app, runner, request.auth, request.params.id, request.body)),
  );
};
