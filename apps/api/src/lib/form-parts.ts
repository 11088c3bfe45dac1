import { Busboy, type BusboyFileStream, type BusboyInstance } from '@fastify/busboy';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { AppError } from './errors.ts';

/** A text field of a form, as it arrived (`valueTruncated` when it was longer than the limit). */
export type FormTextPart = { type: 'field'; fieldname: string; value: string; valueTruncated: boolean; fieldnameTruncated: boolean };

/** A file part: its stream must be consumed (or the form is given up) before the next part comes. */
export type FormFilePart = {
  type: 'file';
  fieldname: string;
  filename: string;
  mimetype: string;
  /** The content; `truncated` once it went past the file size limit. */
  file: BusboyFileStream;
  /** Set when the body ended inside this part: what was read of it is not the file. */
  malformed?: AppError;
};

export type FormPart = FormTextPart | FormFilePart;

export type FormLimits = { fileSize: number; files: number; parts: number; fields: number; fieldSize: number; headerPairs: number };

const unreadable = (error: unknown) => new AppError('validation_failed', `The multipart body could not be read: ${error instanceof Error ? error.message : String(error)}`);

/**
 * The parts of a multipart/form-data body (RFC 7578), one at a time as they stream in, from any
 * readable — the request itself, or a body already spooled to disk (the signed webhook). Parsed by
 * busboy, as @fastify/multipart does; a malformed body or one past the part limits is an AppError.
 */
export async function* formParts(headers: IncomingHttpHeaders, body: Readable, limits: FormLimits): AsyncGenerator<FormPart> {
  const contentType = headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) throw new AppError('unsupported_media_type', 'Send multipart/form-data');
  let parser: BusboyInstance;
  try {
    parser = new Busboy({ headers: { ...headers, 'content-type': contentType }, preservePath: true, limits });
  } catch (error) {
    throw unreadable(error);
  }
  const queue: (FormPart | AppError | null)[] = [];
  let wake: (() => void) | undefined;
  const push = (item: FormPart | AppError | null) => {
    queue.push(item);
    wake?.();
    wake = undefined;
  };
  const tooMany = () => push(new AppError('too_many_parts', `A form may have at most ${limits.parts} parts, ${limits.fields} text fields and ${limits.files} file`));
  parser.on('field', (fieldname: string, value: string, fieldnameTruncated: boolean, valueTruncated: boolean) =>
    push({ type: 'field', fieldname, value, fieldnameTruncated, valueTruncated }),
  );
  parser.on('file', (fieldname: string, file: BusboyFileStream, filename: string, _encoding: string, mimetype: string) => {
    const part: FormFilePart = { type: 'file', fieldname, filename, mimetype, file };
    file.on('error', (error) => (part.malformed = unreadable(error)));
    push(part);
  });
  parser.on('partsLimit', tooMany);
  parser.on('filesLimit', tooMany);
  parser.on('fieldsLimit', tooMany);
  parser.on('error', (error: unknown) => push(unreadable(error)));
  parser.on('finish', () => push(null));
  body.on('error', (error) => push(unreadable(error)));
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
    body.unpipe(parser);
  }
}
