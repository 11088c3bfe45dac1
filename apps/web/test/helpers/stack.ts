/**
 * The product as users run it, for browser tests and the dashboard benchmark: a real API process
 * on PGlite in a temporary directory, the built dashboard under its server (server.mjs), and Chromium
 * (helpers/chromium.ts) driven by playwright-core. Everything listens on loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { launchChromium } from './chromium.ts';

export const webDir = fileURLToPath(new URL('../..', import.meta.url));
export const repoRoot = path.resolve(webDir, '../..');
export const outDir = path.join(webDir, 'test-output');
const apiEntry = path.join(repoRoot, 'apps/api/src/server.ts');

export async function freePort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => srv.once('listening', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** A child process in its own process group, so that stopping it stops whatever it forked. */
export type Child = { process: ChildProcess; log: () => string; stop: () => Promise<void> };

function startChild(command: string, args: string[], options: { cwd: string; env: Record<string, string | undefined> }): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  return {
    process: child,
    log: () => log,
    stop: async () => {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForHttp(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${url}: process exited with ${child.process.exitCode}:\n${child.log()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${child.log()}`);
}

export type Api = {
  url: string;
  dataDir: string;
  /** The first admin API token the API prints on its first start. */
  token: string;
  /** The first dashboard admin it prints. */
  admin: { email: string; password: string };
  child: Child;
  /** JSON call with the admin token; throws on an unexpected status. */
  call<T = any>(method: string, path: string, body?: unknown, expectStatus?: number): Promise<T>;
  stop(): Promise<void>;
};

/**
 * Starts `apps/api/src/server.ts` as `npm start` would: by default on a fresh PGlite directory;
 * with `databaseUrl`/`dataDir`, on a database prepared beforehand (it must hold no user or token
 * yet, so that the first admin and token are printed).
 */
export async function startApi(options: { databaseUrl?: string; dataDir?: string } = {}): Promise<Api> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'clearance-web-api-')));
  const port = await freePort();
  const childEnv: Record<string, string | undefined> = { ...process.env, API_PORT: String(port), CLEARANCE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  if (options.databaseUrl) childEnv.DATABASE_URL = options.databaseUrl;
  else delete childEnv.DATABASE_URL; // the embedded default, in dataDir
  delete childEnv.NODE_ENV;
  const child = startChild(process.execPath, ['--import', 'tsx', apiEntry], { cwd: repoRoot, env: childEnv });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health`, child, 120_000);
  const out = child.log();
  const token = /First admin API token[^\n]*\n\s*\n\s*(clr_\S+)/.exec(out)?.[1];
  const email = /^\s*email\s+(\S+)\s*$/m.exec(out)?.[1];
  const password = /^\s*password\s+(\S+)\s*$/m.exec(out)?.[1];
  if (!token || !email || !password) throw new Error(`the API printed no first token or admin:\n${out}`);

  const call = async (method: string, p: string, body?: unknown, expectStatus?: number) => {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (expectStatus ? res.status !== expectStatus : !res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url,
    dataDir,
    token,
    admin: { email, password },
    child,
    call,
    stop: async () => {
      await child.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type Web = { url: string; child: Child; stop: () => Promise<void> };

/**
 * The production build as users run it (apps/web/server.mjs, `next start` plus the client-address
 * headers), pointed at the API at run time. `env` adds settings such as WEB_TRUST_PROXY.
 */
export async function startWeb(apiUrl: string, env: Record<string, string> = {}): Promise<Web> {
  if (!existsSync(path.join(webDir, '.next/BUILD_ID'))) {
    throw new Error('No production build: run `npm run build -w @clearance/web` first');
  }
  const port = await freePort();
  const child = startChild(process.execPath, [path.join(webDir, 'server.mjs'), '-p', String(port), '-H', '127.0.0.1'], {
    cwd: webDir,
    // Vitest sets NODE_ENV=test; the server runs the production build.
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', CLEARANCE_API_URL: apiUrl, ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/status`, child, 60_000);
  return { url, child, stop: child.stop };
}

/** The Chromium that helpers/chromium.ts picks (CHROMIUM_PATH, /usr/bin/chromium or Playwright's own). */
export async function launchBrowser(): Promise<Browser> {
  await mkdir(outDir, { recursive: true });
  return launchChromium();
}

/**
 * A page that records everything that would mean a broken screen: console errors, uncaught
 * exceptions, failed requests and HTTP errors. A test names the error answers it provokes on
 * purpose with `expectError`; anything else ends up in `problems`.
 */
export async function openPage(context: BrowserContext) {
  const page = await context.newPage();
  const problems: string[] = [];
  const expected: { method: string; path: RegExp; status: number }[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium logs every HTTP error answer as a console error too; those are judged below.
    if (/Failed to load resource: the server responded with a status of (\d+)/.test(m.text())) return;
    problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror on ${page.url()}: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A navigation cancels what the page it leaves was still loading (its icon, say): not a failure.
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && r.frame().page() === page && !r.isNavigationRequest()) return;
    problems.push(`failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r: Response) => {
    if (r.status() < 400) return;
    const url = new URL(r.url());
    const i = expected.findIndex((e) => e.method === r.request().method() && e.path.test(url.pathname) && e.status === r.status());
    if (i >= 0) expected.splice(i, 1);
    else problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return {
    page,
    problems,
    /** This one error answer is what the test provokes; it is not a problem. */
    expectError: (method: string, pathPattern: RegExp, status: number) => expected.push({ method, path: pathPattern, status }),
    /** Expected errors that never came are a problem too. */
    unmet: () => expected.map((e) => `expected HTTP ${e.status} for ${e.method} ${e.path} never came`),
  };
}

export async function signIn(page: Page, webUrl: string, user: { email: string; password: string }) {
  await page.goto(`${webUrl}/sign-in`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await Promise.all([page.waitForURL(`${webUrl}/`), page.getByRole('button', { name: 'Sign in' }).click()]);
}

export async function pageOverflows(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/** A one-page PDF, built by hand (the API decides a proof's type by its bytes). */
export { minimalPdf } from '../../../api/test/helpers/documents.ts';
