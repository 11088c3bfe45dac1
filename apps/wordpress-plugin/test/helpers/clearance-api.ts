/**
 * The real Clearance API (buildApp, as server.ts runs it) listening on loopback, on a database
 * that survives a stop: PGlite in a temp directory, or a throwaway PostgreSQL database when
 * DATABASE_URL points at a server. It can be stopped and started again on the same port, to
 * play Clearance being down.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../api/src/app.ts';
import { loadConfig } from '../../../api/src/config.ts';
import { createToken } from '../../../api/src/modules/tokens/tokens.service.ts';
import { createTestDatabase } from '../../../api/test/helpers/test-database.ts';

export type ClearanceApi = {
  origin: string;
  /** An instance-wide token. */
  token: string;
  /** The API's database client, for checks the API does not expose. */
  readonly app: FastifyInstance;
  call<T = any>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

export async function startClearanceApi(opts: { allowPrivateHosts: string[] }): Promise<ClearanceApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clearance-wp-api-'));
  const database = process.env.DATABASE_URL?.startsWith('postgres') ? await createTestDatabase() : { url: `pglite:${join(dataDir, 'pglite')}`, drop: async () => {} };
  let app: FastifyInstance | null = null;
  let port = 0;
  const start = async () => {
    const config = loadConfig(
      { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
      // License-page snapshots of the WordPress site on loopback are allowed for this host only.
      { dataDir, host: '127.0.0.1', port, outboundAllowPrivateHosts: opts.allowPrivateHosts },
    );
    app = await buildApp(config);
    await app.listen({ host: '127.0.0.1', port });
    port = (app.server.address() as { port: number }).port;
  };
  await start();
  const { token } = await createToken(app!.prisma, { name: 'wordpress test admin' });
  const origin = () => `http://127.0.0.1:${port}`;
  const api: ClearanceApi = {
    get origin() {
      return origin();
    },
    token,
    get app() {
      if (!app) throw new Error('Clearance is stopped');
      return app;
    },
    async call(method, path, body, t = token) {
      const res = await fetch(`${origin()}${path}`, {
        method,
        headers: { authorization: `Bearer ${t}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    stop: async () => {
      await app?.close();
      app = null;
    },
    start,
    close: async () => {
      await app?.close();
      app = null;
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return api;
}
