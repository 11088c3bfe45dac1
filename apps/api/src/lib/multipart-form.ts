import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { validationFailed, pointerSegment, type ValidationIssue } from '../plugins/problem.ts';
import { FormFields } from '../plugins/validation.ts';
import { AppError } from './errors.ts';

export type FormFileRule<T> = {
  /** Largest file accepted, in bytes; beyond it the answer is 413 `payload_too_large`. */
  maxBytes: number;
  /** What to answer when the form has no file part named "file". */
  missing: string;
  /** Consumes the file as it streams (to disk, through a parser); by default it is read into memory. */
  receive?: (part: MultipartFile) => Promise<T>;
  /** Undoes what `receive` did, when the form is refused after the file arrived. */
  discard?: (received: T) => Promise<void>;
};

const unknownPart = (name: string) =>
  new AppError('validation_failed', `${pointerSegment(name)} is not a known field`, { errors: [{ pointer: `/body${pointerSegment(name)}`, detail: 'is not a known field' }] });

/**
 * The one reader of multipart uploads: streams the parts, hands the one file part named "file" to
 * `receive` within the route's size limit, and checks the text fields against the route's own body
 * schema (compiled by `multipartValidator` without its file properties), answering
 * `validation_failed` with a JSON pointer per failing field, as for a JSON body.
 */
export async function readMultipartForm<T = { filename: string; content: Buffer }>(request: FastifyRequest, rule: FormFileRule<T>): Promise<{ fields: Record<string, string>; file: T }> {
  const receive = rule.receive ?? (async (part: MultipartFile) => ({ filename: part.filename, content: await part.toBuffer() }) as T);
  const fields = new FormFields();
  let file: { value: T } | undefined;
  try {
    const check = request.getValidationFunction('body');
    if (!check) throw new Error(`${request.routeOptions.url ?? request.url} reads a form but declares no body schema`);
    for await (const part of request.parts({ limits: { fileSize: rule.maxBytes, files: 1 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw unknownPart(part.fieldname);
        // The fields sent so far are refused before a large file is read; a required one may still follow.
        if (!check(fields)) {
          const issues = ((check.errors ?? []) as ValidationIssue[]).filter((issue) => issue.keyword !== 'required');
          if (issues.length) throw validationFailed('body', issues);
        }
        file = { value: await receive(part) };
      } else {
        if (part.valueTruncated) throw validationFailed('body', [{ instancePath: pointerSegment(part.fieldname), keyword: 'maxLength', params: {}, message: 'is longer than any field may be' }]);
        fields[part.fieldname] = String(part.value);
      }
    }
    if (!check(fields)) throw validationFailed('body', (check.errors ?? []) as ValidationIssue[]);
    if (!file) throw new AppError('missing_file', rule.missing);
    return { fields, file: file.value };
  } catch (error) {
    if (file && rule.discard) await rule.discard(file.value);
    throw error;
  }
}
