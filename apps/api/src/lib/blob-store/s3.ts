import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import type { BlobStoreConfig } from './config.ts';
import { BlobCorruptedError, BlobMissingError } from './errors.ts';
import { isSha256, shardedName } from './hash.ts';
import { discard, spoolToTempFile, sweepStaleSpools } from './spool.ts';
import type { BlobStore, PutResult } from './types.ts';

export type S3BlobStoreConfig = Extract<BlobStoreConfig, { kind: 's3' }>;

const errorName = (err: unknown) => (err instanceof S3ServiceException ? err.name : undefined);
const statusOf = (err: unknown) => (err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined);

export function createS3Client(cfg: S3BlobStoreConfig): S3Client {
  return new S3Client({
    endpoint: cfg.endpoint,
    region: cfg.region,
    forcePathStyle: cfg.forcePathStyle,
    ...(cfg.credentials ? { credentials: cfg.credentials } : {}),
    // The default (WHEN_SUPPORTED) sends aws-chunked bodies with trailing checksums; s3rver stores the
    // chunk framing inside the object (STACK-NOTES). We verify SHA-256 ourselves on every read.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

async function ensureBucket(client: S3Client, cfg: S3BlobStoreConfig): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: cfg.bucket }));
    return;
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
  }
  try {
    await client.send(
      new CreateBucketCommand({
        Bucket: cfg.bucket,
        // us-east-1 is the one region that rejects an explicit LocationConstraint.
        ...(cfg.region !== 'us-east-1'
          ? { CreateBucketConfiguration: { LocationConstraint: cfg.region as BucketLocationConstraint } }
          : {}),
      }),
    );
  } catch (err) {
    const name = errorName(err);
    if (name === 'BucketAlreadyOwnedByYou') return;
    // s3rver answers BucketAlreadyExists even for its own bucket; on AWS it means someone else's,
    // which the HeadBucket below then refuses (403) — so a race with ourselves is the only pass.
    if (name === 'BucketAlreadyExists') {
      await client.send(new HeadBucketCommand({ Bucket: cfg.bucket }));
      return;
    }
    throw err;
  }
}

/** `listPageSize` exists for tests: crossing ListObjectsV2 pages otherwise takes 1000+ objects. */
export async function openS3BlobStore(
  cfg: S3BlobStoreConfig,
  opts: { tmpDir?: string; listPageSize?: number } = {},
): Promise<BlobStore> {
  const tmpDir = opts.tmpDir ?? tmpdir();
  await mkdir(tmpDir, { recursive: true });
  await sweepStaleSpools(tmpDir);
  const client = createS3Client(cfg);
  try {
    await ensureBucket(client, cfg);
  } catch (err) {
    client.destroy();
    throw err;
  }
  const keyPrefix = cfg.prefix === '' ? '' : `${cfg.prefix}/`;
  const keyFor = (sha256: string) => keyPrefix + shardedName(sha256);
  const Bucket = cfg.bucket;

  async function has(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    try {
      await client.send(new HeadObjectCommand({ Bucket, Key: keyFor(sha256) }));
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async function put(source: NodeJS.ReadableStream | Buffer, opts?: { maxBytes?: number }): Promise<PutResult> {
    // Spooled first: the key is the hash, known only at the end, and a PUT under the final key
    // makes the object appear only when complete (no multipart leftovers, no rename needed).
    const spooled = await spoolToTempFile(source, tmpDir, { maxBytes: opts?.maxBytes, fsync: false });
    const { sha256, bytes } = spooled;
    try {
      if (await has(sha256)) return { sha256, bytes, created: false };
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: keyFor(sha256),
          Body: createReadStream(spooled.path),
          ContentLength: bytes,
          ContentType: 'application/octet-stream',
          Metadata: { sha256 },
        }),
      );
      return { sha256, bytes, created: true };
    } finally {
      await discard(spooled.path);
    }
  }

  /** Streams the object through SHA-256, handing each chunk to `keep` (or dropping it); null when there is no such object. */
  async function hashObject(sha256: string, keep?: (chunk: Buffer) => void): Promise<string | null> {
    let body: unknown;
    try {
      body = (await client.send(new GetObjectCommand({ Bucket, Key: keyFor(sha256) }))).Body;
    } catch (err) {
      // NoSuchBucket is also a 404, but "every blob missing" would be the wrong diagnosis.
      if (statusOf(err) === 404 && errorName(err) !== 'NoSuchBucket') return null;
      throw err;
    }
    if (!(body instanceof Readable)) throw new Error('S3 GetObject returned no Node.js stream body');
    const hash = createHash('sha256');
    for await (const chunk of body as AsyncIterable<Buffer>) {
      hash.update(chunk);
      keep?.(chunk);
    }
    return hash.digest('hex');
  }

  async function read(sha256: string): Promise<Buffer> {
    if (!isSha256(sha256)) throw new BlobMissingError(sha256);
    const chunks: Buffer[] = [];
    const actual = await hashObject(sha256, (c) => chunks.push(c));
    if (actual === null) throw new BlobMissingError(sha256);
    if (actual !== sha256) throw new BlobCorruptedError(sha256, actual);
    return Buffer.concat(chunks);
  }

  async function check(sha256: string): Promise<'ok' | 'missing' | 'corrupted'> {
    if (!isSha256(sha256)) return 'missing';
    const actual = await hashObject(sha256);
    return actual === null ? 'missing' : actual === sha256 ? 'ok' : 'corrupted';
  }

  async function* list(): AsyncIterable<string> {
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket, Prefix: keyPrefix || undefined, ContinuationToken, MaxKeys: opts.listPageSize }),
      );
      for (const { Key } of page.Contents ?? []) {
        const name = Key?.slice(Key.lastIndexOf('/') + 1) ?? '';
        // Only keys in our exact layout: other objects may share the bucket or prefix.
        if (isSha256(name) && Key === keyFor(name)) yield name;
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  const where = `${cfg.endpoint}/${cfg.bucket}${cfg.prefix ? `/${cfg.prefix}` : ''}`;
  return {
    description: `S3 (${where})`,
    put,
    read,
    check,
    has,
    list,
    close: async () => client.destroy(),
  };
}
