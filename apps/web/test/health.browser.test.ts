// Drives the built app (`npm run build -w @clearance/web` first) in Chromium (helpers/chromium.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Health } from '@clearance/contracts';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRealPart } from '../../../test-support/real-parts.ts';
import { chromiumMissing, launchChromiumWithProfile } from './helpers/chromium.ts';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const outDir = path.join(webDir, 'test-output');
const nextBin = createRequire(path.join(webDir, 'package.json')).resolve('next/dist/bin/next');

const health: Health = { status: 'ok', version: '0.1.0' };

let api: http.Server;
let apiUrl: string;
let next: ChildProcess;
let nextLog = '';
let webUrl: string;
let userDataDir: string;
let browser: BrowserContext;

async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => srv.once('listening', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (next.exitCode !== null) throw new Error(`next start exited with ${next.exitCode}:\n${nextLog}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${nextLog}`);
}

/** Opens a page that records everything that would mean a broken screen. */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  return { page, problems };
}

beforeAll(async () => {
  if (!existsSync(path.join(webDir, '.next/BUILD_ID'))) {
    throw new Error('No production build: run `npm run build -w @clearance/web` first');
  }

  api = http.createServer((req, res) => {
    const found = req.url === '/health';
    res.writeHead(found ? 200 : 404, { 'content-type': found ? 'application/json' : 'application/problem+json' });
    res.end(JSON.stringify(found ? health : { type: 'about:blank', title: 'No such route', status: 404, code: 'route_not_found' }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as net.AddressInfo).port}`;

  const port = await freePort();
  webUrl = `http://127.0.0.1:${port}`;
  // Own process group, so afterAll can stop next and anything it forks in one signal.
  next = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: webDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Vitest sets NODE_ENV=test; next start expects production.
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', CLEARANCE_API_URL: apiUrl },
  });
  next.stdout?.on('data', (d) => (nextLog += d));
  next.stderr?.on('data', (d) => (nextLog += d));
  await waitForHttp(`${webUrl}/status`, 30_000);

  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'clearance-chromium-'));
  browser = await launchChromiumWithProfile(userDataDir);
  await mkdir(outDir, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (next?.pid && next.exitCode === null) {
    const exited = new Promise((resolve) => next.once('exit', resolve));
    process.kill(-next.pid, 'SIGTERM');
    const timer = setTimeout(() => next.pid && process.kill(-next.pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  if (api?.listening) {
    api.closeAllConnections();
    await new Promise((resolve) => api.close(resolve));
  }
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
}, 30_000);

describe.runIf(requireRealPart('Chromium', chromiumMissing()))('home page', () => {
  it('shows the API health', async () => {
    const { page, problems } = await openPage();
    const res = await page.goto(`${webUrl}/status`);
    expect(res?.status()).toBe(200);

    await expect(page.getByRole('heading', { name: 'Clearance', level: 1 }).isVisible()).resolves.toBe(true);
    const facts = await page.locator('dl').innerText();
    expect(facts).toMatch(/Status\s+ok/);
    expect(facts).toMatch(/Version\s+0\.1\.0/);
    // Where the data lives is for admins (/v1/health), not for this public page.
    expect(facts).not.toMatch(/Database|Uptime/);

    // The browser's same-origin /api/* must reach the API chosen at `next start`, not at build.
    const viaProxy = await page.evaluate(() => fetch('/api/health').then((r) => r.json()));
    expect(viaProxy).toEqual(health);

    await page.screenshot({ path: path.join(outDir, 'health.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 700 });
    const overflows = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflows, 'horizontal scrolling at phone width').toBe(false);
    await page.screenshot({ path: path.join(outDir, 'health-phone.png'), fullPage: true });

    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('says so when the API is unreachable', async () => {
    api.closeAllConnections();
    await new Promise((resolve) => api.close(resolve));

    const { page, problems } = await openPage();
    const res = await page.goto(`${webUrl}/status`);
    expect(res?.status()).toBe(200);
    // Next adds its own (empty) role=alert route announcer outside <main>.
    await expect(page.getByRole('main').getByRole('alert').innerText()).resolves.toContain(`API unreachable at ${apiUrl}`);
    await page.screenshot({ path: path.join(outDir, 'health-unreachable.png'), fullPage: true });

    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);
});
