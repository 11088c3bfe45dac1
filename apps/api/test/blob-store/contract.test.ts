import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BlobCorruptedError, BlobMissingError, BlobTooLargeError, openBlobStore, type BlobStore } from '../../src/lib/blob-store/index.ts';
import { parseBlobStoreUrl } from '../../src/lib/blob-store/config.ts';
import { createS3Client, type S3BlobStoreConfig } from '../../src/lib/blob-store/s3.ts';
import { startS3rver, type RunningS3rver } from './s3rver-harness.ts';

/** What the contract needs to see behind a store's back, per backend. */
interface Fixture {
  store: BlobStore;
  /** Opens a second store on the same storage (a restart). */
  reopen(): Promise<BlobStore>;
  /** Flips one byte of the stored content in place. */
  corrupt(sha256: string): Promise<void>;
  /** Puts something that is not a blob where a careless list() would pick it up. */
  addStray(): Promise<void>;
  /** Raw count of stored objects/files, bypassing the store. */
  storedCount(): Promise<number>;
  tempFiles(): Promise<string[]>;
  dispose(): Promise<void>;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const chunked = (b: Buffer, size = 64 * 1024) =>
  Readable.from((function* () { for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size); })());
const collect = async (it: AsyncIterable<string>) => { const out: string[] = []; for await (const h of it) out.push(h); return out; };

async function filesUnder(dir: string, skip: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && !join(e.parentPath, e.name).startsWith(skip)).map((e) => e.name);
}

async function filesystemFixture(): Promise<Fixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'blobs-fs-'));
  const root = join(dataDir, 'blobs');
  const store = await openBlobStore(undefined, dataDir);
  const opened = [store];
  const pathFor = (h: string) => join(root, h.slice(0, 2), h.slice(2, 4), h);
  return {
    store,
    reopen: async () => { const s = await openBlobStore(`file:${root}`, '/unused'); opened.push(s); return s; },
    async corrupt(h) {
      const bytes = await readFile(pathFor(h));
      bytes[0]! ^= 0xff;
      await writeFile(pathFor(h), bytes);
    },
    async addStray() {
      await writeFile(join(root, 'README'), 'not a blob');
      await mkdir(join(root, 'ab', 'cd'), { recursive: true });
      await writeFile(join(root, 'ab', 'cd', 'ab' + 'cd'.padEnd(62, 'x')), 'bad name');
      await writeFile(join(root, 'ab', 'cd', 'ef'.repeat(32)), 'hash in the wrong directory');
    },
    storedCount: async () => (await filesUnder(root, join(root, 'tmp'))).length,
    tempFiles: () => readdir(join(root, 'tmp')),
    async dispose() {
      for (const s of opened) await s.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let s3rver: RunningS3rver;
let run = 0;
async function s3Fixture(): Promise<Fixture> {
  // A fresh prefix per test keeps tests independent on one server; the prefix also exercises key layout.
  const url = `s3+http://S3RVER:S3RVER@${s3rver.hostPort}/blob-contract/t${++run}/blobs?region=us-east-1`;
  const cfg = parseBlobStoreUrl(url, '/unused') as S3BlobStoreConfig;
  const tmpDir = await mkdtemp(join(tmpdir(), 'blobs-s3-spool-'));
  const store = await openBlobStore(url, '/unused', { tmpDir });
  expect(store.description).toBe(`S3 (http://${s3rver.hostPort}/blob-contract/t${run}/blobs)`);
  const opened = [store];
  // A separate client talks to the bucket directly, the way corruption or a stray upload would.
  const raw = createS3Client(cfg);
  const Bucket = cfg.bucket;
  const keyFor = (h: string) => `${cfg.prefix}/${h.slice(0, 2)}/${h.slice(2, 4)}/${h}`;
  return {
    store,
    reopen: async () => { const s = await openBlobStore(url, '/unused', { tmpDir }); opened.push(s); return s; },
    async corrupt(h) {
      const got = await raw.send(new GetObjectCommand({ Bucket, Key: keyFor(h) }));
      const bytes = Buffer.from(await got.Body!.transformToByteArray());
      bytes[0]! ^= 0xff;
      await raw.send(new PutObjectCommand({ Bucket, Key: keyFor(h), Body: bytes }));
    },
    async addStray() {
      await raw.send(new PutObjectCommand({ Bucket, Key: `${cfg.prefix}/README`, Body: 'not a blob' }));
      await raw.send(new PutObjectCommand({ Bucket, Key: `${cfg.prefix}/ab/cd/${'ef'.repeat(32)}`, Body: 'wrong place' }));
    },
    async storedCount() {
      const page = await raw.send(new ListObjectsV2Command({ Bucket, Prefix: `${cfg.prefix}/` }));
      return page.KeyCount ?? 0;
    },
    tempFiles: () => readdir(tmpDir),
    async dispose() {
      for (const s of opened) await s.close();
      raw.destroy();
      await rm(tmpDir, { recursive: true, force: true });
    },
  };
}

beforeAll(async () => {
  s3rver = await startS3rver();
});
afterAll(async () => {
  await s3rver?.stop();
});

describe.each([
  { backend: 'filesystem', open: filesystemFixture },
  { backend: 's3 (s3rver)', open: s3Fixture },
])('BlobStore contract: $backend', ({ open }) => {
  let f: Fixture;
  let store: BlobStore;
  beforeEach(async () => {
    f = await open();
    store = f.store;
  });
  afterEach(() => f.dispose());

  it('round-trips a Buffer', async () => {
    const content = Buffer.from('hello, blobs');
    const put = await store.put(content);
    expect(put).toEqual({ sha256: sha(content), bytes: content.length, created: true });
    expect(await store.read(put.sha256)).toEqual(content);
    expect(await store.has(put.sha256)).toBe(true);
    expect(await store.check(put.sha256)).toBe('ok');
  });

  it('round-trips a multi-megabyte stream and keeps it across a reopen', async () => {
    const content = randomBytes(5 * 1024 * 1024 + 17);
    const put = await store.put(chunked(content));
    expect(put).toEqual({ sha256: sha(content), bytes: content.length, created: true });
    expect((await store.read(put.sha256)).equals(content)).toBe(true);
    const again = await f.reopen();
    expect((await again.read(put.sha256)).equals(content)).toBe(true);
    expect(await again.check(put.sha256)).toBe('ok');
  });

  it('stores empty content', async () => {
    const put = await store.put(Buffer.alloc(0));
    expect(put).toEqual({ sha256: sha(Buffer.alloc(0)), bytes: 0, created: true });
    expect(await store.read(put.sha256)).toEqual(Buffer.alloc(0));
    expect(await store.check(put.sha256)).toBe('ok');
  });

  it('stores the same bytes once', async () => {
    const content = randomBytes(200_000);
    const first = await store.put(content);
    const second = await store.put(chunked(content));
    expect(first.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });
    expect(await f.storedCount()).toBe(1);
    expect(await f.tempFiles()).toEqual([]);
  });

  it('rejects more than maxBytes and leaves nothing behind', async () => {
    const small = randomBytes(1001);
    await expect(store.put(small, { maxBytes: 1000 })).rejects.toMatchObject({ name: 'BlobTooLargeError', maxBytes: 1000 });
    const big = randomBytes(3 * 1024 * 1024);
    const stream = chunked(big);
    const err = await store.put(stream, { maxBytes: 1024 * 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlobTooLargeError);
    // Stopped reading at the limit instead of draining the whole upload.
    expect(stream.destroyed).toBe(true);
    expect(await store.has(sha(small))).toBe(false);
    expect(await store.has(sha(big))).toBe(false);
    expect(await f.storedCount()).toBe(0);
    expect(await f.tempFiles()).toEqual([]);
    // Exactly maxBytes is allowed.
    expect((await store.put(small.subarray(0, 1000), { maxBytes: 1000 })).bytes).toBe(1000);
  });

  it('leaves nothing behind when the source fails midway', async () => {
    // It fails once the store has taken its first chunk and asks for more: midway, with the store
    // listening (a timer could fire before the store starts reading, an error nobody hears).
    let reads = 0;
    const failing = new Readable({
      read() {
        if (++reads === 1) this.push(randomBytes(100_000));
        else setImmediate(() => this.destroy(new Error('client went away')));
      },
    });
    await expect(store.put(failing)).rejects.toThrow('client went away');
    expect(await f.storedCount()).toBe(0);
    expect(await f.tempFiles()).toEqual([]);
  });

  it('reports unknown and malformed hashes as missing', async () => {
    const unknown = sha(Buffer.from('never stored'));
    const err = await store.read(unknown).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlobMissingError);
    expect(err).toMatchObject({ sha256: unknown });
    expect(await store.check(unknown)).toBe('missing');
    expect(await store.has(unknown)).toBe(false);
    for (const bad of ['../../etc/passwd', unknown.toUpperCase(), unknown.slice(1), '']) {
      await expect(store.read(bad)).rejects.toBeInstanceOf(BlobMissingError);
      expect(await store.check(bad)).toBe('missing');
      expect(await store.has(bad)).toBe(false);
    }
  });

  it('detects corrupted content on read and check', async () => {
    const content = randomBytes(300_000);
    const { sha256 } = await store.put(content);
    await f.corrupt(sha256);
    const err = await store.read(sha256).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlobCorruptedError);
    expect(err).toMatchObject({ sha256 });
    expect((err as BlobCorruptedError).actual).toMatch(/^[0-9a-f]{64}$/);
    expect((err as BlobCorruptedError).actual).not.toBe(sha256);
    expect(await store.check(sha256)).toBe('corrupted');
  });

  it('lists every stored hash and nothing else', async () => {
    expect(await collect(store.list())).toEqual([]);
    const hashes = await Promise.all([1, 2, 3].map(async (n) => (await store.put(Buffer.from(`blob ${n}`))).sha256));
    await f.addStray();
    expect((await collect(store.list())).sort()).toEqual(hashes.sort());
  });

  it('accepts concurrent puts of the same content', async () => {
    const content = randomBytes(1024 * 1024);
    const results = await Promise.all(Array.from({ length: 6 }, () => store.put(chunked(content))));
    expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha(content)]));
    expect(results.some((r) => r.created)).toBe(true);
    expect(await f.storedCount()).toBe(1);
    expect(await f.tempFiles()).toEqual([]);
    expect((await store.read(sha(content))).equals(content)).toBe(true);
  });
});
