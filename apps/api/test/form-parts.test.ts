/**
 * The multipart reader's core on its own: a source that can no longer be read — also one that was
 * destroyed before the reader started (a client gone while the route awaited auth or a lookup) —
 * fails the form at once instead of waiting forever for an end busboy will never see.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/lib/errors.ts';
import { formParts, type FormLimits } from '../src/lib/form-parts.ts';

const headers = { 'content-type': 'multipart/form-data; boundary=XYZ' };
const limits: FormLimits = { fileSize: 1000, files: 1, parts: 10, fields: 5, fieldSize: 1000, headerPairs: 100 };

/** Every part of the form, or the error it failed with; a form that never settles fails the test after `ms`. */
async function settle(body: PassThrough, ms = 2000): Promise<unknown> {
  const read = (async () => {
    for await (const part of formParts(headers, body, limits)) if (part.type === 'file') part.file.resume();
    return 'finished';
  })().catch((error: unknown) => error);
  return Promise.race([read, new Promise((resolve) => setTimeout(() => resolve('never settled'), ms))]);
}

describe('formParts', () => {
  it('fails at once with a source destroyed before it started', async () => {
    const body = new PassThrough();
    body.write('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nsome of the file');
    body.destroy();
    await once(body, 'close'); // gone, and said so, before the reader begins
    const outcome = await settle(body);
    expect(outcome).toBeInstanceOf(AppError);
    expect((outcome as AppError).code).toBe('validation_failed');
  });

  it('fails a source destroyed while it is read', async () => {
    const body = new PassThrough();
    const outcome = settle(body);
    body.write('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\nsome of the file');
    setTimeout(() => body.destroy(), 20);
    const error = await outcome;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
  });

  it('reads a whole form to its end', async () => {
    const body = new PassThrough();
    body.end('--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello\r\n--XYZ--\r\n');
    expect(await settle(body)).toBe('finished');
  });
});
