import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBlobStoreUrl, type BlobStore } from '../../src/lib/blob-store/index.ts';
import { createS3Client, openS3BlobStore, type S3BlobStoreConfig } from '../../src/lib/blob-store/s3.ts';
import { startS3rverWithLegacyOpenSsl, type RunningS3rver } from './s3rver-harness.ts';

// Behaviour specific to the S3 backend; the shared behaviour is in contract.test.ts.
let server: RunningS3rver;
let tmpDir: string;
const cfgFor = (bucket: string) =>
  parseBlobStoreUrl(`s3+http://S3RVER:S3RVER@${server.hostPort}/${bucket}/p`, '/unused') as S3BlobStoreConfig;

beforeAll(async () => {
  // Child process: pagination needs the OpenSSL legacy provider (see the harness).
  server = await startS3rverWithLegacyOpenSsl();
  tmpDir = await mkdtemp(join(tmpdir(), 'blobs-s3-'));
});
afterAll(async () => {
  await server?.stop();
  await rm(tmpDir, { recursive: true, force: true });
});

describe('S3 blob store', () => {
  it('creates its bucket once even when two instances open it at the same time', async () => {
    // s3rver answers a second CreateBucket with BucketAlreadyExists (not …OwnedByYou): tolerated.
    const stores = await Promise.all([1, 2, 3].map(() => openS3BlobStore(cfgFor('fresh-bucket'), { tmpDir })));
    const { sha256 } = await stores[0]!.put(Buffer.from('shared'));
    expect(await stores[2]!.has(sha256)).toBe(true);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('lists across ListObjectsV2 pages', async () => {
    const store: BlobStore = await openS3BlobStore(cfgFor('paged'), { tmpDir, listPageSize: 2 });
    const hashes = await Promise.all([1, 2, 3, 4, 5].map(async (n) => (await store.put(Buffer.from(`page ${n}`))).sha256));
    const listed: string[] = [];
    for await (const h of store.list()) listed.push(h);
    expect(listed.sort()).toEqual(hashes.sort());
    await store.close();
  });

  it('keeps the hash as object metadata and an octet-stream type', async () => {
    const cfg = cfgFor('meta');
    const store = await openS3BlobStore(cfg, { tmpDir });
    const { sha256 } = await store.put(Buffer.from('with metadata'));
    const raw = createS3Client(cfg);
    const head = await raw.send(new HeadObjectCommand({ Bucket: cfg.bucket, Key: `p/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}` }));
    expect(head.Metadata).toEqual({ sha256 });
    expect(head.ContentType).toBe('application/octet-stream');
    expect(head.ContentLength).toBe('with metadata'.length);
    raw.destroy();
    await store.close();
  });
});
