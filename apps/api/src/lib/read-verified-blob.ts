import type { FastifyInstance } from 'fastify';
import { BlobCorruptedError, BlobMissingError } from './blob-store/index.ts';
import { AppError } from './errors.ts';

/** A stored file, re-hashed before use: damage on disk becomes a clear 409/410, never a silent bad answer. */
export async function readVerifiedBlob(app: FastifyInstance, sha256: string): Promise<Buffer> {
  try {
    return await app.blobs.read(sha256);
  } catch (error) {
    if (error instanceof BlobCorruptedError) {
      app.log.error({ sha256, actual: error.actual }, 'stored file does not match its hash');
      throw new AppError('blob_corrupted', `The stored file ${sha256} no longer matches its hash; restore it from a backup`);
    }
    if (error instanceof BlobMissingError) throw new AppError('blob_missing', `The stored file ${sha256} is missing`);
    throw error;
  }
}
