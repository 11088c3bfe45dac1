import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { ValidateFunction } from 'ajv';
import { validationFailed, pointerSegment, type ValidationIssue } from '../plugins/problem.ts';
import { FormFields } from '../plugins/validation.ts';
import { AppError } from './errors.ts';
import { formParts, type FormFilePart, type FormLimits } from './form-parts.ts';

export type { FormFilePart } from './form-parts.ts';

export type FormFileRule<T> = {
  /** Largest file accepted, in bytes; beyond it the answer is 413 `payload_too_large`. */
  maxBytes: number;
  /** Largest text field accepted, in bytes (10,000 unless said); beyond it the field fails its maxLength. */
  maxFieldBytes?: number;
  /** Consumes the file as it streams (to disk, through a parser); by default it is read into memory. */
  receive?: (part: FormFilePart) => Promise<T>;
  /** Undoes what `receive` did, when the form is refused after the file arrived. */
  discard?: (received: T) => Promise<void>;
};

/** What a form is, wherever its bytes come from: its headers, its body, and the route's check of its text fields. */
export type FormSource = { headers: IncomingHttpHeaders; body: Readable; check: ValidateFunction };

/** What any form may hold, whichever route reads it (the file's size is each route's own). */
export const formLimits = { files: 1, parts: 10, fields: 5, fieldSize: 10_000, headerPairs: 100 } as const satisfies Omit<FormLimits, 'fileSize'>;

const fieldIssue = (name: string, detail: string) =>
  new AppError('validation_failed', `${pointerSegment(name)} ${detail}`, { errors: [{ pointer: `/body${pointerSegment(name)}`, detail }] });

/** Into memory, refused once past the limit. */
async function toBuffer(part: FormFilePart): Promise<{ filename: string; content: Buffer }> {
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  return { filename: part.filename, content: Buffer.concat(chunks) };
}

/**
 * The one reader of multipart forms: streams the parts, hands the one file part named "file" to
 * `receive` within the route's size limit, and checks the text fields against the route's own body
 * schema (compiled by `multipartValidator` without its file properties), answering
 * `validation_failed` with a JSON pointer per failing field, as for a JSON body. The file is
 * optional here; `readMultipartForm` requires it.
 */
export async function readForm<T = { filename: string; content: Buffer }>(source: FormSource, rule: FormFileRule<T>): Promise<{ fields: Record<string, string>; file: T | undefined }> {
  const receive = rule.receive ?? (toBuffer as unknown as (part: FormFilePart) => Promise<T>);
  const { check } = source;
  const limits: FormLimits = { ...formLimits, fileSize: rule.maxBytes, fieldSize: rule.maxFieldBytes ?? formLimits.fieldSize };
  const fields = new FormFields();
  let file: { value: T } | undefined;
  try {
    for await (const part of formParts(source.headers, source.body, limits)) {
      // A name Object.prototype has would not be stored as a field (`__proto__`), so it could not be checked.
      if ((part.type === 'field' && part.fieldnameTruncated) || part.fieldname in Object.prototype) throw fieldIssue(part.fieldname, 'is not a known field');
      if (Object.hasOwn(fields, part.fieldname)) throw fieldIssue(part.fieldname, 'is sent more than once');
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw fieldIssue(part.fieldname, 'is not a known field');
        // The fields sent so far are refused before a large file is read; a required one may still follow.
        if (!check(fields)) {
          const issues = ((check.errors ?? []) as ValidationIssue[]).filter((issue) => issue.keyword !== 'required');
          if (issues.length) throw validationFailed('body', issues);
        }
        // A body cut off mid-file fails the consumer with whatever its streams report; the part knows why.
        try {
          file = { value: await receive(part) };
        } catch (error) {
          throw part.failure ?? error;
        }
        if (part.file.truncated) throw new AppError('payload_too_large', `The file is larger than the limit of ${rule.maxBytes} bytes`);
      } else {
        if (part.valueTruncated) throw validationFailed('body', [{ instancePath: pointerSegment(part.fieldname), keyword: 'maxLength', params: {}, message: 'is longer than any field may be' }]);
        fields[part.fieldname] = part.value;
      }
    }
    if (!check(fields)) throw validationFailed('body', (check.errors ?? []) as ValidationIssue[]);
    return { fields, file: file?.value };
  } catch (error) {
    if (file && rule.discard) await rule.discard(file.value);
    throw error;
  }
}

/** A request's form, read with its route's body schema; a form without its file is answered `missing_file`. */
export async function readMultipartForm<T = { filename: string; content: Buffer }>(request: FastifyRequest, rule: FormFileRule<T> & { missing: string }): Promise<{ fields: Record<string, string>; file: T }> {
  const { fields, file } = await readForm({ headers: request.headers, body: request.raw, check: formCheck(request) }, rule);
  if (file === undefined) throw new AppError('missing_file', rule.missing);
  return { fields, file };
}

/** The route's check of its form fields: its body schema, or the multipart one of a route that takes several media types. */
export function formCheck(request: FastifyRequest): ValidateFunction {
  const declared = request.getValidationFunction('body') as ValidateFunction | Record<string, ValidateFunction> | undefined;
  const check = typeof declared === 'function' ? declared : declared?.['multipart/form-data'];
  if (!check) throw new Error(`${request.routeOptions.url ?? request.url} reads a form but declares no body schema`);
  return check;
}
