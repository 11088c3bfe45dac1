import { errorCodes, problemType, type ErrorCode, type Problem } from '@clearance/contracts';
import { Prisma } from '@clearance/db';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../lib/errors.ts';

export type ValidationIssue = { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> };

/** Fastify's own client-error codes, mapped onto ours. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_VALIDATION: 'validation_failed',
};

/** A name as one JSON pointer segment (RFC 6901): `~` and `/` escaped. */
export const pointerSegment = (name: string) => `/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;

function pointerOf(part: string, issue: ValidationIssue): string {
  let pointer = `/${part}${issue.instancePath}`;
  // For these keywords ajv points at the parent object; name the field itself.
  const field = issue.params.missingProperty ?? issue.params.additionalProperty;
  if (typeof field === 'string') pointer += pointerSegment(field);
  return pointer;
}

function detailOf(issue: ValidationIssue): string {
  if (issue.keyword === 'additionalProperties') return 'is not a known field';
  if (issue.keyword === 'required') return 'is required';
  return issue.message ?? 'is not valid';
}

export function problemBody(request: FastifyRequest, code: ErrorCode, detail?: string, extra: Record<string, unknown> = {}): Problem {
  const { status, title } = errorCodes[code];
  const body: Problem = { type: problemType(code), title, status, code, instance: request.url, requestId: request.id, ...extra };
  if (detail) body.detail = detail;
  return body;
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  detail?: string,
  extra: Record<string, unknown> = {},
) {
  return reply.code(errorCodes[code].status).type('application/problem+json').send(problemBody(request, code, detail, extra));
}

/** Ajv issues as the problem's `errors`: one JSON pointer into the request per failing field. */
export function toValidationErrors(part: string, issues: ValidationIssue[]) {
  return issues.map((issue) => ({ pointer: pointerOf(part, issue), detail: detailOf(issue) }));
}

/** A `validation_failed` error for values checked by hand (multipart fields, a webhook payload). */
export function validationFailed(part: string, issues: ValidationIssue[]): AppError {
  const errors = toValidationErrors(part, issues);
  return new AppError('validation_failed', errors.map((e) => `${e.pointer} ${e.detail}`).join('; '), { errors });
}

function classify(error: FastifyError & { validationContext?: string }): { code: ErrorCode; detail?: string; extra?: Record<string, unknown> } {
  if (error instanceof AppError) return { code: error.code, detail: error.message, extra: error.extra };
  if (error.validation) {
    const failed = validationFailed(error.validationContext ?? 'body', error.validation);
    return { code: failed.code, detail: failed.message, extra: failed.extra };
  }
  if (error.code && fastifyCodes[error.code]) return { code: fastifyCodes[error.code]!, detail: error.message };
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === 'P2025') return { code: 'not_found' };
    if (error.code === 'P2002' || error.code === 'P2003') return { code: 'conflict' };
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    const match = (Object.keys(errorCodes) as ErrorCode[]).find((c) => errorCodes[c].status === error.statusCode);
    return { code: match ?? 'validation_failed', detail: error.message };
  }
  return { code: 'internal_error' };
}

/**
 * Fastify's router refuses some URLs before any route or hook runs (`frameworkErrors`): a path that
 * is not valid percent-encoding, a path parameter over `maxParamLength`. They get a problem too.
 */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const detail = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is longer than any id' : 'The URL is not valid percent-encoding';
  // Fastify ignores what this handler returns. The reply is sent here and now; it is thenable only
  // to let a handler wait for the response to finish, which nothing here needs.
  void sendProblem(reply, request, 'validation_failed', detail);
}

/** How long a connection answered before its body was read stays open to drain what the client is still sending. */
const lingerMs = 2000;

/**
 * An answer given before the body arrived whole — refused from its headers, before its form was read
 * (a 404 site, a form without a boundary), or mid-file (a file past its limit) — closes its connection:
 * the rest of the body is not read only to be discarded. A client still sending would get a reset
 * that can drop the answer it was sent, so once the answer is out, what still arrives is read and
 * dropped for at most `lingerMs` (a lingering close), then the connection goes.
 */
function closeAfterAnswer(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('connection', 'close');
  const { raw } = request;
  reply.raw.once('finish', () => {
    const socket = raw.socket;
    if (!socket || socket.destroyed) return;
    raw.resume();
    const timer = setTimeout(() => socket.destroy(), lingerMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}

/** Every error leaves as RFC 9457 problem+json with a stable `code`; 5xx bodies reveal nothing. */
export const problemPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const { code, detail, extra } = classify(error);
      if (!request.raw.complete) closeAfterAnswer(request, reply);
      if (errorCodes[code].status >= 500) {
        request.log.error({ err: error }, 'request failed');
        return sendProblem(reply, request, code);
      }
      return sendProblem(reply, request, code, detail, extra);
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, request, 'route_not_found', `${request.method} ${request.url.split('?')[0]} is not a route`),
    );
  },
  { name: 'problem' },
);
