import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { buildApp, type AppParts } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createToken } from '../../src/modules/tokens/tokens.service.ts';
import { createTestDatabase } from './test-database.ts';

export type TestApp = {
  app: FastifyInstance;
  /** An instance-wide token. */
  token: string;
  /** supertest against the app's real HTTP server, authenticated with `token` unless told otherwise. */
  http: (token?: string | null) => ReturnType<typeof authed>;
  close(): Promise<void>;
};

function authed(app: FastifyInstance, token: string | null) {
  const agent = request(app.server);
  const wrap =
    (method: 'get' | 'post' | 'patch' | 'delete' | 'put') =>
    (url: string) => {
      const req = agent[method](url);
      return token ? req.set('authorization', `Bearer ${token}`) : req;
    };
  return { get: wrap('get'), post: wrap('post'), patch: wrap('patch'), delete: wrap('delete'), put: wrap('put') };
}

/** The real app on a real database (PGlite, or PostgreSQL when DATABASE_URL says so). */
export async function createTestApp(
  overrides: Partial<Config> = {},
  { beforeReady, ...parts }: AppParts & { beforeReady?: (app: FastifyInstance) => void } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  // Blobs (and a PGlite directory, if a test asks for one) go to a fresh folder, never ./data.
  const dataDir = mkdtempSync(join(tmpdir(), 'clearance-test-'));
  // A stall of the shared test machine (or a test's own blocking work) is not overload: shedding on
  // event-loop delay is off unless a test asks for it (load-shedding.test.ts).
  // The job worker is off unless a test asks for it (runWorker: true): once the product registers
  // handlers, every test app would otherwise poll the database every 100 ms.
  const config = loadConfig({ ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' }, { dataDir, maxEventLoopDelayMs: 60_000, runWorker: false, ...overrides });
  const app = await buildApp(config, parts);
  beforeReady?.(app);
  await app.ready();
  const { token } = await createToken(app.prisma, { name: 'test admin' });
  return {
    app,
    token,
    http: (t = token) => authed(app, t),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** GET a binary response (a download) as a Buffer in `body`. */
export function downloadBytes(t: TestApp, path: string) {
  return t
    .http()
    .get(path)
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
}
