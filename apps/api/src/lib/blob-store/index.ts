import { openFilesystemBlobStore } from './filesystem.ts';
import { parseBlobStoreUrl } from './config.ts';
import { openS3BlobStore } from './s3.ts';
import type { BlobStore } from './types.ts';

export type { BlobStore, PutResult } from './types.ts';
export { BlobCorruptedError, BlobMissingError, BlobTooLargeError } from './errors.ts';
export { parseBlobStoreUrl, type BlobStoreConfig } from './config.ts';

/**
 * `url` is BLOB_STORE_URL (see parseBlobStoreUrl). `tmpDir` only matters for S3, which spools each
 * upload to disk while hashing it: default os.tmpdir(), which may be a small tmpfs.
 */
export async function openBlobStore(url: string | undefined, dataDir: string, opts: { tmpDir?: string } = {}): Promise<BlobStore> {
  const cfg = parseBlobStoreUrl(url, dataDir);
  return cfg.kind === 'filesystem' ? openFilesystemBlobStore(cfg.root) : openS3BlobStore(cfg, opts);
}
