import { createHash, randomUUID } from 'node:crypto';
import { open, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BlobTooLargeError } from './errors.ts';

export interface Spooled {
  path: string;
  sha256: string;
  bytes: number;
}

const PREFIX = 'blob-';
const SUFFIX = '.tmp';

/**
 * Writes the source to a new temp file while hashing it: the hash (and so the final name) is only
 * known at the end. `onChunk` sees every chunk too (e.g. a signature computed as the body arrives). On any failure the temp file is removed before the error propagates.
 */
export async function spoolToTempFile(
  source: NodeJS.ReadableStream | Buffer,
  tmpDir: string,
  opts: { maxBytes?: number | undefined; fsync: boolean; onChunk?: (chunk: Buffer) => void },
): Promise<Spooled> {
  const maxBytes = opts.maxBytes ?? Infinity;
  const path = join(tmpDir, `${PREFIX}${randomUUID()}${SUFFIX}`);
  // 'wx' (O_EXCL) never follows a planted symlink; 0o600 because the directory may be shared (os.tmpdir()).
  const fh = await open(path, 'wx', 0o600);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    try {
      const chunks = Buffer.isBuffer(source) ? [source] : source;
      // Leaving this loop by throwing destroys the source stream, so an oversized upload stops early.
      for await (const raw of chunks) {
        const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
        if (bytes + chunk.length > maxBytes) throw new BlobTooLargeError(maxBytes);
        hash.update(chunk);
        opts.onChunk?.(chunk);
        bytes += chunk.length;
        await fh.write(chunk);
      }
      if (opts.fsync) await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    await discard(path);
    throw err;
  }
  return { path, sha256: hash.digest('hex'), bytes };
}

export async function discard(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

/** Spool files orphaned by a killed process (finally blocks never ran); old ones only, a live put may own the new ones. */
export async function sweepStaleSpools(tmpDir: string, olderThanMs = 24 * 3600_000): Promise<void> {
  const cutoff = Date.now() - olderThanMs;
  for (const name of await readdir(tmpDir)) {
    if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) continue;
    const path = join(tmpDir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && info.mtimeMs < cutoff) await discard(path);
  }
}
