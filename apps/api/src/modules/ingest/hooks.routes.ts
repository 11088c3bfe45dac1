import { IdParams, WebhookResultSchema, WordPressWebhookSchema, type WordPressWebhook } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobTooLargeError } from '../../lib/blob-store/index.ts';
import { discard, spoolToTempFile, sweepStaleSpools } from '../../lib/blob-store/spool.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { MalformedFormDataError, splitFormData, type FormPart } from '../../lib/split-form-data.ts';
import { problemBody, sendProblem, validationFailed, type ValidationIssue } from '../../plugins/problem.ts';
import { compileExact, multipartValidator } from '../../plugins/validation.ts';
import { claimDelivery, recordAnswer, releaseDelivery } from './webhook-deliveries.ts';
import { checkWebhookHeaders, verifyWebhook, webhookVerifier, type Verification } from './webhook-signature.ts';
import { handleWordPressEvent } from './wordpress-events.ts';

const checkPayload = compileExact(WordPressWebhookSchema);

/** The payload, and the file when the CMS attached it (multipart: a `payload` JSON part and a `file` part). */
function readDelivery(raw: Buffer, contentType: string): { event: WordPressWebhook; file: Buffer | null } {
  let json: string;
  let file: Buffer | null = null;
  if (/^multipart\/form-data/i.test(contentType)) {
    let parts: FormPart[];
    try {
      parts = splitFormData(raw, contentType, 2);
    } catch (error) {
      if (!(error instanceof MalformedFormDataError)) throw error;
      throw new AppError('validation_failed', `The multipart body could not be read: ${error.message}`);
    }
    if (parts.length > 2) throw new AppError('too_many_parts', 'Send only the parts "payload" and "file"');
    const payload = parts.find((p) => p.name === 'payload');
    if (!payload || payload.filename !== null) throw new AppError('validation_failed', 'The multipart body needs a "payload" part with the JSON event');
    json = payload.content.toString('utf8');
    file = parts.find((p) => p.name === 'file' && p.filename !== null)?.content ?? null;
  } else if (/^application\/json/i.test(contentType)) {
    json = raw.toString('utf8');
  } else {
    throw new AppError('unsupported_media_type', 'Send application/json, or multipart/form-data with the file attached');
  }
  let event: unknown;
  try {
    event = JSON.parse(json.replace(/^\uFEFF/, '')); // a byte-order mark is not part of the JSON
  } catch {
    throw new AppError('malformed_json');
  }
  if (!checkPayload(event)) {
    throw validationFailed('body', (checkPayload.errors ?? []) as ValidationIssue[]);
  }
  return { event: event as WordPressWebhook, file };
}

/**
 * `POST /v1/hooks/wordpress/:siteId`: the CMS's signed upload webhook (Standard Webhooks). No
 * bearer token — the signature over the raw body, made with the site's secret, is the credential.
 */
function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const signatureHeaders = (request: FastifyRequest) => ({
  id: headerOf(request, 'webhook-id'),
  timestamp: headerOf(request, 'webhook-timestamp'),
  signature: headerOf(request, 'webhook-signature'),
});

const refusal = (verification: Verification & { ok: false }) =>
  new AppError(verification.reason === 'timestamp_out_of_tolerance' ? 'timestamp_out_of_tolerance' : 'invalid_signature', verification.detail);

export const hooksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /**
   * Bodies of this public route being received now, before their signature is known: a slot each,
   * given back once the body is proven or refused, or when the connection goes, whichever is first.
   */
  let bodiesInFlight = 0;
  const slots = new WeakMap<FastifyRequest, () => void>();
  const takeSlot = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (bodiesInFlight >= app.config.webhookMaxConcurrentBodies) return false;
    bodiesInFlight++;
    let released = false;
    const release = () => {
      if (!released) bodiesInFlight--;
      released = true;
    };
    slots.set(request, release);
    reply.raw.once('close', release);
    if (request.raw.socket?.destroyed) release();
    return true;
  };
  const releaseSlot = (request: FastifyRequest) => slots.get(request)?.();
  // Unproven bodies are spooled under the data directory (os.tmpdir() may be a small tmpfs, i.e. memory);
  // what a killed process left there (older than any delivery can take) is swept at start.
  const spoolDir = join(app.config.dataDir, 'tmp', 'webhook');
  await mkdir(spoolDir, { recursive: true });
  await sweepStaleSpools(spoolDir, 3600_000);
  // The site a delivery names, with its live secrets: looked up once, before its body is read.
  const findSite = (id: string) =>
    app.prisma.site.findUnique({ where: { id }, include: { secrets: { where: { OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } } } });
  const deliverySites = new WeakMap<FastifyRequest, NonNullable<Awaited<ReturnType<typeof findSite>>>>();
  const liveSecrets = (request: FastifyRequest) => (deliverySites.get(request)?.secrets ?? []).map((s) => s.secret);
  const maxBody = app.config.ingestMaxBytes + 1024 * 1024;
  const tooLarge = () => new AppError('payload_too_large', `A webhook body may have at most ${maxBody} bytes`);

  /**
   * Before a byte of the body is read: too many unauthenticated bodies at once, missing signature
   * headers, a stale timestamp or an unknown site are refused, so that an unsigned 50 MB body costs
   * nothing but its headers.
   */
  const refuseEarly = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    // The slot is taken before anything is awaited, so a burst cannot pass the bound together.
    if (!takeSlot(request, reply)) {
      return sendProblem(reply.header('retry-after', '1').header('connection', 'close'), request, 'service_unavailable', 'Too many webhook deliveries at once; retry shortly');
    }
    try {
      const checked = checkWebhookHeaders(signatureHeaders(request));
      if (!checked.ok) throw refusal(checked);
      if (Number(request.headers['content-length'] ?? 0) > maxBody) throw tooLarge();
      const site = await findSite(request.params.id);
      if (!site) throw notFound('Site', request.params.id);
      deliverySites.set(request, site);
    } catch (error) {
      releaseSlot(request);
      // Refused from its headers: the connection closes rather than reading the announced body to discard it.
      reply.header('connection', 'close');
      throw error;
    }
  };

  /**
   * The signature covers the exact bytes sent, so this route reads the body raw: to a temporary file
   * (never memory) while the signature is computed, and into memory only once it is proven signed.
   */
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
    const verifier = webhookVerifier(signatureHeaders(request), liveSecrets(request));
    const spooled = await spoolToTempFile(payload, spoolDir, { maxBytes: maxBody, fsync: false, onChunk: (chunk) => verifier.update(chunk) }).catch((error: unknown) => {
      releaseSlot(request);
      throw error instanceof BlobTooLargeError ? tooLarge() : error;
    });
    try {
      const verification = verifier.verify();
      if (!verification.ok) throw refusal(verification);
      return await readFile(spooled.path);
    } finally {
      releaseSlot(request);
      await discard(spooled.path);
    }
  });

  app.post(
    '/hooks/wordpress/:id',
    {
      validatorCompiler: multipartValidator,
      onRequest: refuseEarly,
      config: {
        public: true,
        errors: ['service_unavailable', 'invalid_signature', 'timestamp_out_of_tolerance', 'malformed_json', 'payload_too_large', 'unsupported_media_type', 'unsupported_type', 'too_many_parts', 'outbound_blocked', 'fetch_failed'],
      },
      schema: {
        tags: ['ingest'],
        summary: 'Receive a signed media event from WordPress',
        description:
          'Standard Webhooks: headers `webhook-id`, `webhook-timestamp`, `webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>` with the site secret). ' +
          'Events `media.created`, `media.updated`, `media.deleted` carrying the attachment as `/wp/v2/media` shapes it. The image is attached ' +
          '(multipart: `payload` + `file`) or fetched from the site. A repeated webhook-id is answered as the first delivery was.',
        security: [],
        params: IdParams,
        body: WordPressWebhookSchema,
        response: { 200: WebhookResultSchema },
      },
    },
    async (request, reply) => {
      const site = deliverySites.get(request);
      if (!site) throw notFound('Site', request.params.id);
      // A body was verified as it arrived; a delivery without one is checked here.
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!Buffer.isBuffer(request.body)) {
        const verification = verifyWebhook(signatureHeaders(request), raw, liveSecrets(request));
        if (!verification.ok) throw refusal(verification);
      }
      const webhookId = headerOf(request, 'webhook-id')!;
      const { event, file } = readDelivery(raw, request.headers['content-type'] ?? '');

      const claim = await claimDelivery(app.prisma, site.id, webhookId, event.type);
      if (!claim.fresh) {
        return (reply as FastifyReply).code(claim.answer.status).header('webhook-replay', 'true').type(claim.answer.status >= 400 ? 'application/problem+json' : 'application/json').send(claim.answer.body);
      }
      try {
        const result = await handleWordPressEvent(app, site, event, file);
        await recordAnswer(app.prisma, site.id, webhookId, { status: 200, body: result });
        return result;
      } catch (error) {
        // A refusal is final and replays get the same answer; a failure on our side lets the sender retry.
        if (error instanceof AppError && error.statusCode < 500) {
          const body = problemBody(request, error.code, error.message, error.extra);
          await recordAnswer(app.prisma, site.id, webhookId, { status: error.statusCode, body });
          return (reply as FastifyReply).code(error.statusCode).type('application/problem+json').send(body);
        }
        await releaseDelivery(app.prisma, site.id, webhookId);
        throw error;
      }
    },
  );
};
