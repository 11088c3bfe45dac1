/**
 * Where the dashboard listens when started by its package's `start` script (`npm start -w
 * @clearance/web`): loopback unless LISTEN_HOST opens it, like the API. Needs the production build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, webDir } from './helpers/stack.ts';

const running: ChildProcess[] = [];
/**
 * Another address than the one the dashboard binds by default. On Linux all of 127/8 reaches this
 * machine, so it is there on any CI machine: a server bound to exactly 127.0.0.1 refuses it, one
 * bound to 0.0.0.0 answers it.
 */
const otherAddress = '127.0.0.2';

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(3_000), redirect: 'manual' });
    return true;
  } catch {
    return false;
  }
}

/** `npm run start` in apps/web, in its own process group so that stopping it stops next too. */
async function startDashboard(extra: Record<string, string> = {}): Promise<number> {
  if (!existsSync(path.join(webDir, '.next/BUILD_ID'))) throw new Error('No production build: run `npm run build -w @clearance/web` first');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', WEB_PORT: String(port), CLEARANCE_API_URL: 'http://127.0.0.1:9', ...extra };
  if (!('LISTEN_HOST' in extra)) delete env.LISTEN_HOST;
  const child = spawn('npm', ['run', 'start'], { cwd: webDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const until = Date.now() + 60_000;
  while (!(await answers(`http://127.0.0.1:${port}/status`))) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited: ${output}`);
    if (Date.now() > until) throw new Error(`the dashboard did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return port;
}

afterAll(() => {
  for (const child of running) if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
});

describe('the dashboard listens', () => {
  it('on exactly 127.0.0.1 by default', async () => {
    const port = await startDashboard();
    expect(await answers(`http://127.0.0.1:${port}/status`)).toBe(true);
    expect(await answers(`http://${otherAddress}:${port}/status`)).toBe(false);
  }, 90_000);

  it('on every interface when LISTEN_HOST=0.0.0.0', async () => {
    const port = await startDashboard({ LISTEN_HOST: '0.0.0.0' });
    expect(await answers(`http://${otherAddress}:${port}/status`)).toBe(true);
  }, 90_000);
});
