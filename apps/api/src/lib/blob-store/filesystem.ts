import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, open, readFile, readdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BlobCorruptedError, BlobMissingError } from './errors.ts';
import { isSha256, shardedName } from './hash.ts';
import { discard, spoolToTempFile, sweepStaleSpools } from './spool.ts';
import type { BlobStore, PutResult } from './types.ts';

const isNotFound = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';
const HEX2 = /^[0-9a-f]{2}$/;

/** A rename is only durable once the directory entry itself is flushed. */
async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function openFilesystemBlobStore(root: string): Promise<BlobStore> {
  // Temp files live under the root so rename() never crosses a filesystem boundary (it must stay atomic).
  const tmpDir = join(root, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  await sweepStaleSpools(tmpDir);
  const pathFor = (sha256: string) => join(root, shardedName(sha256));

  async function put(source: NodeJS.ReadableStream | Buffer, opts?: { maxBytes?: number }): Promise<PutResult> {
    const spooled = await spoolToTempFile(source, tmpDir, { maxBytes: opts?.maxBytes, fsync: true });
    const { sha256, bytes } = spooled;
    let placed = false;
    try {
      const target = pathFor(sha256);
      if (await access(target).then(() => true, () => false)) return { sha256, bytes, created: false };
      const dir = dirname(target);
      const madeDirs = await mkdir(dir, { recursive: true });
      await rename(spooled.path, target);
      placed = true;
      await fsyncDir(dir);
      if (madeDirs !== undefined) {
        await fsyncDir(dirname(dir));
        await fsyncDir(root);
      }
      return { sha256, bytes, created: true };
    } finally {
      if (!placed) await discard(spooled.path);
    }
  }

  async function read(sha256: string): Promise<Buffer> {
    if (!isSha256(sha256)) throw new BlobMissingError(sha256);
    const content = await readFile(pathFor(sha256)).catch((err: unknown) => {
      throw isNotFound(err) ? new BlobMissingError(sha256) : err;
    });
    const actual = createHash('sha256').update(content).digest('hex');
    if (actual !== sha256) throw new BlobCorruptedError(sha256, actual);
    return content;
  }

  async function check(sha256: string): Promise<'ok' | 'missing' | 'corrupted'> {
    if (!isSha256(sha256)) return 'missing';
    const hash = createHash('sha256');
    try {
      await pipeline(createReadStream(pathFor(sha256)), hash);
    } catch (err) {
      if (isNotFound(err)) return 'missing';
      throw err;
    }
    return hash.digest('hex') === sha256 ? 'ok' : 'corrupted';
  }

  async function has(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    return access(pathFor(sha256)).then(() => true, () => false);
  }

  /** Walks aa/bb/ in sorted order; tmp/ and stray files are skipped by the name checks. */
  async function* list(): AsyncIterable<string> {
    const subdirs = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((n) => HEX2.test(n)).sort();
    for (const aa of await subdirs(root)) {
      for (const bb of await subdirs(join(root, aa))) {
        const names = await readdir(join(root, aa, bb)).catch(() => [] as string[]);
        for (const name of names.sort()) {
          if (isSha256(name) && name.startsWith(aa + bb)) yield name;
        }
      }
    }
  }

  return { description: `filesystem (${root})`, put, read, check, has, list, close: async () => {} };
}
