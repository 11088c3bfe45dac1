import { Busboy, type BusboyFileStream, type BusboyInstance } from '@fastify/busboy';
import type { IncomingHttpHeaders } from 'node:http';
import { finished, type Readable } from 'node:stream';
import { AppError } from './errors.ts';

/** A text field of a form, as it arrived (`valueTruncated` when it was longer than the limit). */
export type FormTextPart = { type: 'field'; fieldname: string; value: string; valueTruncated: boolean; fieldnameTruncated: boolean };

/** A file part: its stream must be consumed (or the form is given up) before the next part comes. */
export type FormFilePart = {
  type: 'file';
  fieldname: string;
  filename: string;
  mimetype: string;
  /** The content; past the file size limit it fails with `payload_too_large` (and `truncated` is set). */
  file: BusboyFileStream;
  /**
   * Why the content stopped short, when it did (a body cut off or malformed): the error its
   * consumer must answer with, whatever error its own stream machinery reported.
   */
  failure?: AppError;
};

export type FormPart = FormTextPart | FormFilePart;

export type FormLimits = { fileSize: number; files: number; parts: number; fields: number; fieldSize: number; headerPairs: number };

/** The one rule for which bodies are multipart forms: the media type itself, then parameters or nothing. */
export const isMultipartForm = (contentType: string) => /^multipart\/form-data\s*(;|$)/i.test(contentType);

/** The one rule for a multipart body that cannot be read to its end: malformed, cut off, or its client gone. */
const unreadableForm = (error: unknown) =>
  error instanceof AppError ? error : new AppError('validation_failed', `The multipart body could not be read: ${error instanceof Error ? error.message : String(error)}`);

/**
 * The parts of a multipart/form-data body (RFC 7578), one at a time as they stream in, from any
 * readable — the request itself, or a body already spooled to disk (the signed webhook). Parsed by
 * busboy; a malformed body or one past the part limits is an AppError.
 *
 * A body that errors or closes before its end (a client that goes away mid-file) gives busboy no
 * end: the file part being read is destroyed with the error here, so whoever consumes it settles
 * (and with it the request's handler, its load-shedding slot and its temp files). A body already
 * destroyed when the reader starts fails the form at once.
 */
export async function* formParts(headers: IncomingHttpHeaders, body: Readable, limits: FormLimits): AsyncGenerator<FormPart> {
  const contentType = headers['content-type'] ?? '';
  if (!isMultipartForm(contentType)) throw new AppError('unsupported_media_type', 'Send multipart/form-data');
  let parser: BusboyInstance;
  try {
    parser = new Busboy({ headers: { ...headers, 'content-type': contentType }, preservePath: true, limits });
  } catch (error) {
    throw unreadableForm(error);
  }
  const queue: (FormPart | AppError | null)[] = [];
  let wake: (() => void) | undefined;
  let over = false;
  let current: FormFilePart | undefined;
  const push = (item: FormPart | AppError | null) => {
    queue.push(item);
    wake?.();
    wake = undefined;
  };
  /** The body cannot be read further: the part being read, and the form, end with this error. */
  const fail = (cause: unknown) => {
    if (over) return;
    over = true;
    const error = unreadableForm(cause);
    body.unpipe(parser);
    if (current && !current.file.readableEnded && !current.file.destroyed) {
      current.failure ??= error;
      current.file.destroy(error);
    }
    push(error);
  };
  const tooMany = () => push(new AppError('too_many_parts', `A form may have at most ${limits.parts} parts, ${limits.fields} text fields and ${limits.files} file`));
  parser.on('field', (fieldname: string, value: string, fieldnameTruncated: boolean, valueTruncated: boolean) =>
    push({ type: 'field', fieldname, value, fieldnameTruncated, valueTruncated }),
  );
  parser.on('file', (fieldname: string, file: BusboyFileStream, filename: string, _encoding: string, mimetype: string) => {
    const part: FormFilePart = { type: 'file', fieldname, filename, mimetype, file };
    // Also keeps a late error busboy emits on an already failed part from being an unhandled 'error'.
    file.on('error', (error) => (part.failure ??= unreadableForm(error)));
    // Past the route's file size: refused now, not once busboy has read (and dropped) the rest of it.
    file.on('limit', () => fail(new AppError('payload_too_large', `The file is larger than the limit of ${limits.fileSize} bytes`)));
    current = part;
    push(part);
  });
  parser.on('partsLimit', tooMany);
  parser.on('filesLimit', tooMany);
  parser.on('fieldsLimit', tooMany);
  parser.on('error', fail);
  parser.on('finish', () => {
    over = true;
    push(null);
  });
  // A source that errors, or closes before its end — also one that did so before this reader
  // started (a client gone while the route awaited its auth or a lookup): finished() reports a
  // stream already destroyed too, where 'error' and 'close' listeners added now would never fire.
  if (body.readableEnded) fail(new Error('the body was already read'));
  else {
    finished(body, { writable: false }, (error) => {
      if (error) fail(error.code === 'ERR_STREAM_PREMATURE_CLOSE' ? new Error('the body ended before the form was complete (the client went away)') : error);
    });
  }
  body.pipe(parser);
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift()!;
      if (item === null) return;
      if (item instanceof AppError) throw item;
      yield item;
    }
  } finally {
    // Given up (a refusal, or the end): nothing more is parsed; the caller decides what becomes of the source.
    over = true;
    body.unpipe(parser);
  }
}
