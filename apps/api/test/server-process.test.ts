/**
 * The API as users run it: the compiled build (apps/api/dist, as `npm start` runs it, plain node)
 * in a real process on the embedded database, driven over HTTP with the token it prints on first
 * start; stopped and started again, the data is still there. Migrations, the schema engine and the
 * version are found from the bundle's location, so this also checks the build's paths.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const serverEntry = fileURLToPath(new URL('../dist/server.js', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

// `npm test` builds first; run alone, this compiles the API when its sources are newer than dist.
beforeAll(() => {
  const build = spawnSync(process.execPath, ['--input-type=module', '-e', "(await import('./scripts/builds.mjs')).buildIfStale('api')"], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(build.status, build.stderr).toBe(0);
});
const dataDir = mkdtempSync(join(tmpdir(), 'clearance-server-'));
const running: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, API_PORT: String(port), CLEARANCE_DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL; // the embedded default
  const child = spawn(process.execPath, [serverEntry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() > until) throw new Error(`server did not start: ${output}`);
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const stop = () =>
    new Promise<number | null>((resolve) => {
      child.on('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return { base, output: () => output, stop };
}

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start on a fresh machine (API process, embedded database)', () => {
  it('prints a first admin token once, serves the API with it, and keeps data across restarts', async () => {
    const first = await startServer();
    const token = /First admin API token[^\n]*\n\s*\n\s*(clr_\S+)/.exec(first.output())?.[1];
    expect(token, first.output()).toBeDefined();
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'apps/api/package.json'), 'utf8')) as { version: string };
    expect(await (await fetch(`${first.base}/health`)).json()).toMatchObject({ status: 'ok', version });
    expect(existsSync(join(dataDir, 'pglite')), 'the database under CLEARANCE_DATA_DIR').toBe(true);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${first.base}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
      });

    const site = await (await api('/v1/sites', { method: 'POST', body: JSON.stringify({ name: 'Blog', baseUrl: 'https://blog.example' }) })).json();
    const asset = (name: string) =>
      api('/v1/assets', { method: 'POST', body: JSON.stringify({ siteId: site.id, filename: name, mimeType: 'image/jpeg' }) }).then((r) => r.json());
    const a = await asset('harbour.jpg');
    await asset('beach.jpg');
    const license = await api('/v1/licenses', { method: 'POST', body: JSON.stringify({ kind: 'own_work', licensor: 'Site owner', assetIds: [a.id] }) });
    expect(license.status).toBe(201);
    const summary = await (await api('/v1/coverage/summary')).json();
    expect(summary.byStatus).toMatchObject({ covered: 1, uncovered: 1 });
    expect(await first.stop()).toBe(0);

    const second = await startServer();
    expect(second.output()).not.toContain('First admin API token');
    const again = await fetch(`${second.base}/v1/coverage/summary`, { headers: { authorization: `Bearer ${token}` } });
    expect((await again.json()).byStatus).toMatchObject({ covered: 1, uncovered: 1 });
    expect(await second.stop()).toBe(0);
  }, 180_000);
});
