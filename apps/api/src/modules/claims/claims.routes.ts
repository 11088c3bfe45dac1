import {
  AddClaimEventBody,
  ApplyLetterBody,
  AssessmentSchema,
  CandidatesSchema,
  ChangeClaimStatusBody,
  ClaimDetailSchema,
  ClaimEventSchema,
  ClaimPage,
  ClaimSchema,
  ConfirmMatchesBody,
  CreateClaimBody,
  IdParams,
  LetterResultSchema,
  LetterTextBody,
  ListClaimsQuery,
  ProofWithAttachmentsSchema,
  SettleClaimBody,
  SettlementWarningSchema,
  TakedownSchema,
  UpdateClaimBody,
  UploadProofForm,
} from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../lib/errors.ts';
import { readMultipartForm } from '../../lib/multipart-form.ts';
import { multipartValidator } from '../../plugins/validation.ts';
import { attachProofToClaim } from '../proofs/proofs.service.ts';
import { readUploadForm } from '../proofs/upload-form.ts';
import { MATCH_THRESHOLD } from '../ingest/fingerprint/index.ts';
import { assessClaim } from './assessment.service.ts';
import { applyLetterProposal, readClaimLetter } from './claim-letter.service.ts';
import { findVisibleClaim } from './claim-access.ts';
import { addClaimEvent, changeClaimStatus, createClaim, getClaimDetail, listClaims, updateClaim } from './claims.service.ts';
import { confirmMatches, matchClaim } from './matching/candidates.service.ts';
import { gatherPack, packFilename } from './pack.service.ts';
import { createResponsePack } from './pack/response-pack.ts';
import { settleClaim } from './settlement.service.ts';

/** The letter as one file part named "file" (an .eml, a PDF or a text file). */
async function readLetterFile(request: FastifyRequest) {
  const { file } = await readMultipartForm(request, { maxBytes: request.server.config.proofMaxBytes, missing: 'Add the letter as a file part named "file"' });
  if (!file.content.length) throw new AppError('empty_file');
  return file;
}

const uploadErrors = ['invalid_filename', 'empty_file', 'missing_file', 'payload_too_large', 'too_many_parts', 'unsupported_media_type', 'unsupported_type', 'type_mismatch', 'polyglot', 'invalid_email'] as const;

export const claimsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['claims'];

  app.post(
    '/claims',
    {
      config: { errors: ['not_found', 'site_forbidden', 'invalid_date_range'] },
      schema: { tags, summary: 'Log a claim letter', description: 'Agency, case reference, amount, deadline and the URLs named. Attach the letter and screenshot with the proof routes; `/letter` proposes the fields from the letter itself.', body: CreateClaimBody, response: { 201: ClaimSchema } },
    },
    async (request, reply) => reply.code(201).send(await createClaim(app.prisma, request.auth, request.body)),
  );

  app.get(
    '/claims',
    { config: { errors: ['invalid_cursor', 'site_forbidden'] }, schema: { tags, summary: 'List claims, newest first, or by deadline with dueWithinDays', querystring: ListClaimsQuery, response: { 200: ClaimPage } } },
    async (request) => listClaims(app.prisma, request.auth, request.query),
  );

  app.get(
    '/claims/:id',
    { schema: { tags, summary: 'A claim with its documents, timeline, candidates and takedowns', params: IdParams, response: { 200: ClaimDetailSchema } } },
    async (request) => getClaimDetail(app.prisma, request.auth, request.params.id),
  );

  app.patch(
    '/claims/:id',
    { config: { errors: ['invalid_date_range'] }, schema: { tags, summary: 'Correct or complete the claim (e.g. confirm the fields proposed from the letter)', params: IdParams, body: UpdateClaimBody, response: { 200: ClaimSchema } } },
    async (request) => updateClaim(app.prisma, request.auth, request.params.id, request.body),
  );

  app.post(
    '/claims/:id/proofs',
    {
      validatorCompiler: multipartValidator,
      config: { errors: [...uploadErrors] },
      schema: {
        tags,
        summary: 'Attach a document to a claim: its letter, the screenshot, correspondence, a receipt',
        description: 'multipart/form-data with `kind`, optional `note`, then the `file`; images inside an e-mail become screenshots.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        body: UploadProofForm,
        response: { 201: ProofWithAttachmentsSchema },
      },
    },
    async (request, reply) => {
      await findVisibleClaim(app.prisma, request.auth, request.params.id);
      const form = await readUploadForm(request);
      return reply.code(201).send(await attachProofToClaim(app, request.auth, request.params.id, form));
    },
  );

  app.post(
    '/claims/:id/letter',
    {
      validatorCompiler: multipartValidator,
      config: { errors: [...uploadErrors, 'letter_unreadable'] },
      schema: {
        tags,
        summary: 'Read a claim letter (.eml or PDF): keep it, keep its images as the claim image, propose its fields',
        consumes: ['multipart/form-data'],
        params: IdParams,
        body: Type.Object({ file: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }) }, { additionalProperties: false }),
        response: { 201: LetterResultSchema },
      },
    },
    async (request, reply) => {
      await findVisibleClaim(app.prisma, request.auth, request.params.id);
      return reply.code(201).send(await readClaimLetter(app, request.auth, request.params.id, await readLetterFile(request)));
    },
  );

  app.post(
    '/claims/:id/letter/text',
    { config: { errors: ['letter_unreadable'] }, schema: { tags, summary: 'Read pasted letter text and propose its fields', params: IdParams, body: LetterTextBody, response: { 200: LetterResultSchema } } },
    async (request) => readClaimLetter(app, request.auth, request.params.id, { text: request.body.text }),
  );

  app.post(
    '/claims/:id/letter/apply',
    {
      config: { errors: ['invalid_date_range'] },
      schema: {
        tags,
        summary: 'Apply the confirmed letter proposal to the claim in one call',
        description: 'The body is the proposal as confirmed (the user may edit values first): the claim fields to set, checked as PATCH checks them. One timeline event lists what was applied.',
        params: IdParams,
        body: ApplyLetterBody,
        response: { 200: ClaimSchema },
      },
    },
    async (request) => applyLetterProposal(app.prisma, request.auth, request.params.id, request.body),
  );

  app.post(
    '/claims/:id/match',
    {
      config: { errors: ['blob_corrupted', 'blob_missing'], concurrency: app.config.expensiveConcurrency },
      schema: {
        tags,
        summary: 'Find the assets the claim is about',
        description: "Across every site the caller sees: the letter's URLs (normalized: scheme, www, query, WordPress size suffixes, -scaled, format), file names, the exact bytes of the claim images and their perceptual hashes (borders and page around the image trimmed).",
        params: IdParams,
        response: { 200: CandidatesSchema },
      },
    },
    async (request) => ({ items: await matchClaim(app, request.auth, request.params.id), threshold: MATCH_THRESHOLD }),
  );

  app.put(
    '/claims/:id/matches',
    {
      config: { errors: ['claim_closed', 'site_not_in_letter'] },
      schema: {
        tags,
        summary: 'Confirm which assets the claim is about',
        description: "An asset on a site none of the letter's URLs name is refused (site_not_in_letter) unless `override` is true; the override is written on the claim's timeline.",
        params: IdParams,
        body: ConfirmMatchesBody,
        response: { 200: ClaimSchema },
      },
    },
    async (request) => confirmMatches(app, request.auth, request.params.id, request.body),
  );

  app.get(
    '/claims/:id/assessment',
    { schema: { tags, summary: 'What was held on the day of use and now, and the recommended stance', params: IdParams, response: { 200: AssessmentSchema } } },
    async (request) => assessClaim(app, request.auth, request.params.id),
  );

  app.get(
    '/claims/:id/pack',
    {
      config: { errors: ['blob_corrupted', 'blob_missing'], concurrency: app.config.expensiveConcurrency },
      schema: {
        tags,
        summary: 'Download the response pack (ZIP)',
        description: 'summary.pdf, the draft reply (reply.txt, reply.md), every proof, removal certificates, the claim image and manifest.json with the SHA-256 of each file and the audit-chain head.',
        params: IdParams,
        querystring: Type.Object({ language: Type.Optional(Type.Enum(['en', 'de'])) }, { additionalProperties: false }),
        produces: ['application/zip'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
      },
    },
    async (request, reply) => {
      const input = await gatherPack(app, request.auth, request.params.id, request.query.language);
      const pack = createResponsePack(input);
      pack.manifest.catch((error: unknown) => request.log.error({ err: error }, 'response pack failed while streaming'));
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${packFilename(input.claim.caseRef, input.claim.id)}"`)
        .header('cache-control', 'private, no-store')
        .send(pack.stream as unknown as Buffer); // streamed as is, never serialized
    },
  );

  app.post(
    '/claims/:id/events',
    { schema: { tags, summary: 'Add to the timeline: letter received, reply sent, reminder, payment, note', params: IdParams, body: AddClaimEventBody, response: { 201: ClaimEventSchema } } },
    async (request, reply) => reply.code(201).send(await addClaimEvent(app.prisma, request.auth, request.params.id, request.body)),
  );

  app.post(
    '/claims/:id/status',
    { config: { errors: ['invalid_transition', 'reason_required'] }, schema: { tags, summary: 'Change the status (going back needs a note saying why)', params: IdParams, body: ChangeClaimStatusBody, response: { 200: ClaimSchema } } },
    async (request) => changeClaimStatus(app.prisma, request.auth, request.params.id, request.body),
  );

  app.post(
    '/claims/:id/settlement',
    {
      config: { errors: ['claim_closed', 'no_confirmed_assets', 'invalid_date_range', 'date_in_future'] },
      schema: {
        tags,
        summary: 'Record the settlement: a license bought for a term, or no future use (starts a takedown)',
        description:
          '`settledOn` may not be after today (in the earliest time zone). "No future use" is recorded even when a takedown does not verify the removal at once; `warnings` then names each asset whose removal is not verified.',
        params: IdParams,
        body: SettleClaimBody,
        response: { 200: Type.Object({ claim: ClaimSchema, takedowns: Type.Array(TakedownSchema), warnings: Type.Array(SettlementWarningSchema) }) },
      },
    },
    async (request) => settleClaim(app, request.auth, request.params.id, request.body),
  );
};
