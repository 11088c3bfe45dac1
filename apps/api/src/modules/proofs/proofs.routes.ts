import {
  IdParams,
  ProofSchema,
  ProofWithAttachmentsSchema,
  SnapshotBody,
  UploadProofForm,
} from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { attachmentDisposition } from '../../lib/content-disposition.ts';
import { multipartValidator } from '../../plugins/validation.ts';
import { assertLicenseVisible, attachProofToLicense, deleteProof, getProof, listLicenseProofs, readProofContent, snapshotLicensePage } from './proofs.service.ts';
import { readUploadForm } from './upload-form.ts';

export const proofsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['proofs'];

  app.post(
    '/licenses/:id/proofs',
    {
      validatorCompiler: multipartValidator,
      config: {
        errors: ['invalid_filename', 'empty_file', 'missing_file', 'payload_too_large', 'too_many_parts', 'unsupported_media_type', 'unsupported_type', 'type_mismatch', 'polyglot', 'invalid_email'],
      },
      schema: {
        tags,
        summary: 'Attach a proof to a license',
        description:
          'multipart/form-data with `kind`, optional `note`, then the `file`. The type is decided by the content. ' +
          'An e-mail (.eml) is parsed and each of its attachments becomes a proof linked to it.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        body: UploadProofForm,
        response: { 201: ProofWithAttachmentsSchema },
      },
    },
    async (request, reply) => {
      await assertLicenseVisible(app, request.auth, request.params.id);
      const form = await readUploadForm(request);
      return reply.code(201).send(await attachProofToLicense(app, request.auth, request.params.id, form));
    },
  );

  app.post(
    '/licenses/:id/proofs/snapshot',
    {
      config: { errors: ['outbound_blocked', 'fetch_failed', 'unsupported_type'], concurrency: app.config.expensiveConcurrency },
      schema: {
        tags,
        summary: 'Snapshot a license page as a proof',
        description: 'Fetches the page now and stores it with the fetch time, final URL, status and hash.',
        params: IdParams,
        body: SnapshotBody,
        response: { 201: ProofWithAttachmentsSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await snapshotLicensePage(app, request.auth, request.params.id, request.body)),
  );

  app.get(
    '/licenses/:id/proofs',
    { schema: { tags, summary: 'List the proofs of a license', params: IdParams, response: { 200: Type.Object({ items: Type.Array(ProofSchema) }) } } },
    async (request) => ({ items: await listLicenseProofs(app, request.auth, request.params.id) }),
  );

  app.get(
    '/proofs/:id',
    { schema: { tags, summary: 'Get a proof with its e-mail attachments', params: IdParams, response: { 200: ProofWithAttachmentsSchema } } },
    async (request) => getProof(app, request.auth, request.params.id),
  );

  app.get(
    '/proofs/:id/download',
    {
      config: { errors: ['blob_corrupted', 'blob_missing'] },
      schema: {
        tags,
        summary: 'Download a proof',
        description: 'Always as an attachment; the bytes are verified against their SHA-256 first.',
        params: IdParams,
        produces: ['application/octet-stream'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
      },
    },
    async (request, reply) => {
      const { proof, content } = await readProofContent(app, request.auth, request.params.id);
      return reply
        .type(proof.mimeType)
        .header('content-disposition', attachmentDisposition(proof.filename))
        .header('x-content-type-options', 'nosniff')
        // Nothing from a stored document may run or load on the app's origin, even if opened directly.
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('digest', `sha-256=${Buffer.from(proof.sha256, 'hex').toString('base64')}`)
        .header('cache-control', 'private, no-store')
        .send(content);
    },
  );

  app.delete(
    '/proofs/:id',
    { schema: { tags, summary: 'Withdraw a proof (kept, marked deleted)', params: IdParams, response: { 200: ProofSchema } } },
    async (request) => deleteProof(app, request.auth, request.params.id),
  );
};
