import { UploadProofFields, type UploadProofFieldsInput } from '@clearance/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { validationFailed, type ValidationIssue } from '../../plugins/problem.ts';
import { compileExact } from '../../plugins/validation.ts';

const checkFields = compileExact(UploadProofFields);

/** Reads the upload form: its text fields (checked like a JSON body) and its one file. */
export async function readUploadForm(request: FastifyRequest) {
  const fields: Record<string, string> = {};
  let file: { filename: string; content: Buffer } | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) throw new AppError('validation_failed', 'Send exactly one file, in the part named "file"');
      file = { filename: part.filename, content: await part.toBuffer() };
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  if (!checkFields(fields)) {
    throw validationFailed('body', (checkFields.errors ?? []) as ValidationIssue[]);
  }
  if (!file) throw new AppError('missing_file', 'Add the document as a file part named "file"');
  return { ...(fields as UploadProofFieldsInput), ...file };
}

