import { IdParams, WebhookResultSchema, WordPressWebhookSchema, type WordPressWebhook } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobTooLargeError } from '../../lib/blob-store/index.ts';
import { discard, spoolToTempFile, sweepStaleSpools } from '../../lib/blob-store/spool.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isMultipartForm } from '../../lib/form-parts.ts';
import { formCheck, readForm } from '../../lib/multipart-form.ts';
import { problemBody, sendProblem, validationFailed, type ValidationIssue } from '../../plugins/problem.ts';
import { compileExact, multipartValidator } from '../../plugins/validation.ts';
import { claimDelivery, recordAnswer, releaseDelivery } from './webhook-deliveries.ts';
import { checkWebhookHeaders, verifyWebhook, webhookVerifier, type Verification } from './webhook-signature.ts';
import { handleWordPressEvent } from './wordpress-events.ts';

const checkPayload = compileExact(WordPressWebhookSchema);

/** The event sent as the `payload` part may be as large as the room a body has beside its file. */
const maxPayloadBytes = 1024 * 1024;

/** The multipart form of a delivery: the event as JSON (the same JSON an application/json delivery is), and the file. */
const WordPressWebhookForm = Type.Object(
  {
    payload: Type.String({ maxLength: maxPayloadBytes, contentMediaType: 'application/json', description: 'The event, as the application/json body would carry it' }),
    file: Type.Optional(Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The attachment; without it the image is fetched from the site' })),
  },
  { additionalProperties: false },
);

/** A body whose signature was proven as it was spooled: where it waits until the delivery is read. */
type VerifiedBody = { verifiedPath: string };
const isVerified = (body: unknown): body is VerifiedBody => typeof body === 'object' && body !== null && 'verifiedPath' in body;

/** The event, parsed and checked against its schema; its pointers are the same whichever way it came. */
function parseEvent(json: string): WordPressWebhook {
  let event: unknown;
  try {
    event = JSON.parse(json.replace(/^\uFEFF/, '')); // a byte-order mark is not part of the JSON
  } catch {
    throw new AppError('malformed_json');
  }
  if (!checkPayload(event)) throw validationFailed('body', (checkPayload.errors ?? []) as ValidationIssue[]);
  return event as WordPressWebhook;
}

/**
 * The payload, and the file when the CMS attached it. A form is read by the one multipart reader,
 * from the verified spool file, with the route's multipart body schema and the ingest size limit.
 */
async function readDelivery(request: FastifyRequest, path: string, maxFileBytes: number): Promise<{ event: WordPressWebhook; file: Buffer | null }> {
  const contentType = request.headers['content-type'] ?? '';
  if (/^application\/json/i.test(contentType)) return { event: parseEvent(await readFile(path, 'utf8')), file: null };
  if (!isMultipartForm(contentType)) throw new AppError('unsupported_media_type', 'Send application/json, or multipart/form-data with the file attached');
  // Opened before it is handed over: a stream that opens lazily would report the spool file's
  // removal (below) as an 'error' nobody listens to, when the reader refused the form unread.
  const body = (await open(path)).createReadStream();
  try {
    const { fields, file } = await readForm({ headers: request.headers, body, check: formCheck(request) }, { maxBytes: maxFileBytes, maxFieldBytes: maxPayloadBytes });
    return { event: parseEvent(fields.payload!), file: file?.content ?? null };
  } finally {
    body.destroy();
  }
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
   * (never memory) while the signature is computed. Only a proven body is left there to be read; the
   * handler removes it when it is done, on every path, and the route's onResponse any the handler never saw.
   */
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', async (request: FastifyRequest, payload: NodeJS.ReadableStream): Promise<VerifiedBody> => {
    const verifier = webhookVerifier(signatureHeaders(request), liveSecrets(request));
    const spooled = await spoolToTempFile(payload, spoolDir, { maxBytes: maxBody, fsync: false, onChunk: (chunk) => verifier.update(chunk) }).catch((error: unknown) => {
      releaseSlot(request);
      throw error instanceof BlobTooLargeError ? tooLarge() : error;
    });
    releaseSlot(request);
    const verification = verifier.verify();
    if (!verification.ok) {
      await discard(spooled.path);
      throw refusal(verification);
    }
    return { verifiedPath: spooled.path };
  });

  app.post(
    '/hooks/wordpress/:id',
    {
      validatorCompiler: multipartValidator,
      onRequest: refuseEarly,
      // A proven body Fastify refused before the handler ran (its query string, say) has no handler
      // to remove it; it goes once the answer is sent. (Removing what is already gone is no error.)
      onResponse: async (request) => {
        if (isVerified(request.body)) await discard(request.body.verifiedPath);
      },
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
        body: { content: { 'application/json': { schema: WordPressWebhookSchema }, 'multipart/form-data': { schema: WordPressWebhookForm } } },
        response: { 200: WebhookResultSchema },
      },
    },
    async (request, reply) => {
      const site = deliverySites.get(request);
      if (!site) throw notFound('Site', request.params.id);
      // A body was verified as it arrived; a delivery without one is checked here (and has no event).
      if (!isVerified(request.body)) {
        const verification = verifyWebhook(signatureHeaders(request), Buffer.alloc(0), liveSecrets(request));
        if (!verification.ok) throw refusal(verification);
        throw new AppError('malformed_json');
      }
      const { verifiedPath } = request.body;
      try {
        const webhookId = headerOf(request, 'webhook-id')!;
        const { event, file } = await readDelivery(request, verifiedPath, app.config.ingestMaxBytes);

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
      } finally {
        // Removed here on every path, also when the client left while this worked (no onResponse comes then).
        await discard(verifiedPath);
      }
    },
  );
};
