import type { UploadProofFieldsInput } from '@clearance/contracts';
import type { FastifyRequest } from 'fastify';
import { readMultipartForm } from '../../lib/multipart-form.ts';

/** Reads the upload form: its text fields (checked against the route's form schema) and its one file. */
export async function readUploadForm(request: FastifyRequest) {
  const { fields, file } = await readMultipartForm(request, { maxBytes: request.server.config.proofMaxBytes, missing: 'Add the document as a file part named "file"' });
  return { ...(fields as UploadProofFieldsInput), ...file };
}
