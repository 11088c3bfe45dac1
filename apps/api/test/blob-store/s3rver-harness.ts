import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import S3rver from 's3rver';

export interface RunningS3rver {
  /** host:port on loopback */
  hostPort: string;
  stop(): Promise<void>;
}

const OPTIONS = { port: 0, address: '127.0.0.1', silent: true } as const;

/** A real S3-speaking server in this process, on a free loopback port, storing into a fresh temp dir. */
export async function startS3rver(): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  // Port 0: the kernel picks a free port, no probe-then-bind race between parallel test files.
  const server = new S3rver({ ...OPTIONS, directory });
  const { port } = await server.run();
  return {
    hostPort: `127.0.0.1:${port}`,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * s3rver in a child Node started with --openssl-legacy-provider: its ListObjectsV2 continuation
 * tokens use DES, which OpenSSL 3 (Node ≥ 17) refuses, so a second page is an InternalError in-process.
 */
export async function startS3rverWithLegacyOpenSsl(): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const script = `
    const S3rver = require(process.env.S3RVER_MODULE);
    new S3rver({ ...JSON.parse(process.env.S3RVER_OPTIONS) }).run().then((a) => console.log(JSON.stringify(a)));
    process.stdin.resume().on('end', () => process.exit(0)); // parent gone: go too`;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script], {
    env: {
      ...process.env,
      S3RVER_MODULE: createRequire(import.meta.url).resolve('s3rver'),
      S3RVER_OPTIONS: JSON.stringify({ ...OPTIONS, directory }),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const firstLine = createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  const line = await Promise.race([firstLine, exited.then(() => Promise.reject(new Error('s3rver child exited early')))]);
  const { port } = JSON.parse(String(line.value)) as { port: number };
  return {
    hostPort: `127.0.0.1:${port}`,
    async stop() {
      child.stdin.end();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
