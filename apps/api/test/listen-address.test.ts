/**
 * Where the API listens, as a real process: loopback unless LISTEN_HOST opens it, and the older
 * API_HOST / WEB_HOST are refused by name (by the API and by `npm start`) rather than ignored.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const serverEntry = fileURLToPath(new URL('../src/server.ts', import.meta.url));
const running: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'clearance-listen-'));

/**
 * Another address than the one the API binds by default. On Linux all of 127/8 reaches this
 * machine, so it is always there to try from, on any CI machine: a server bound to exactly
 * 127.0.0.1 refuses connections to it, one bound to 0.0.0.0 answers them.
 */
const otherAddress = '127.0.0.2';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3_000) })).ok;
  } catch {
    return false;
  }
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: 'pglite:memory', CLEARANCE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  for (const name of ['LISTEN_HOST', 'API_HOST', 'WEB_HOST']) if (!(name in extra)) delete env[name];
  return env;
}

async function startApi(extra: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], { cwd: repoRoot, env: childEnv({ API_PORT: String(port), ...extra }), stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const until = Date.now() + 90_000;
  while (!(await answers(`http://127.0.0.1:${port}/health`))) {
    if (child.exitCode !== null) throw new Error(`the API exited: ${output}`);
    if (Date.now() > until) throw new Error(`the API did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return port;
}

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the API listens', () => {
  it('on exactly 127.0.0.1 by default', async () => {
    const port = await startApi();
    expect(await answers(`http://127.0.0.1:${port}/health`)).toBe(true);
    expect(await answers(`http://${otherAddress}:${port}/health`)).toBe(false);
  }, 120_000);

  it('on every interface when LISTEN_HOST=0.0.0.0', async () => {
    const port = await startApi({ LISTEN_HOST: '0.0.0.0' });
    expect(await answers(`http://${otherAddress}:${port}/health`)).toBe(true);
  }, 120_000);

  it.each(['API_HOST', 'WEB_HOST'])('refuses to start with the old %s, naming LISTEN_HOST', (name) => {
    for (const [what, args] of [
      ['the API', ['--import', 'tsx', serverEntry]],
      ['npm start', ['scripts/start.mjs']],
    ] as const) {
      const run = spawnSync(process.execPath, args, { cwd: repoRoot, env: childEnv({ [name]: '0.0.0.0', API_PORT: '9' }), encoding: 'utf8', timeout: 60_000 });
      expect(run.status, `${what}: ${run.stdout}${run.stderr}`).toBe(2);
      expect(run.stderr, what).toContain(`${name} is no longer read: set LISTEN_HOST`);
    }
  }, 120_000);
});
