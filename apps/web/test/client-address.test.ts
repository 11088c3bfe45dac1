// Through the built dashboard's own server (`npm run build -w @clearance/web` first) and a real API
// process: what a client says about its address and protocol does not reach the API, so the
// API's per-address sign-in limit holds for everyone who comes through the dashboard.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, startWeb, type Api, type Web } from './helpers/stack';

let api: Api;
let web: Web;
let behindProxy: Web;

beforeAll(async () => {
  api = await startApi();
  [web, behindProxy] = await Promise.all([startWeb(api.url), startWeb(api.url, { WEB_TRUST_PROXY: 'loopback' })]);
}, 180_000);

afterAll(async () => {
  await Promise.all([web?.stop(), behindProxy?.stop()]);
  await api?.stop();
}, 60_000);

function signIn(base: string, email: string, password: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) });
}

/** A sign-in over a connection from `localAddress` (on Linux every 127/8 address is this machine's). */
function signInFrom(localAddress: string, base: string, email: string, password: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ email, password });
  return new Promise<{ status: number; code: string }>((resolve, reject) => {
    const req = request(`${base}/api/v1/sessions`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, code: (JSON.parse(text) as { code?: string }).code ?? '' }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Every way a client might try to name its own address. */
const forged = (i: number) => ({ 'x-forwarded-for': `198.51.100.${i}`, 'x-real-ip': `198.51.100.${i}`, forwarded: `for=198.51.100.${i};proto=https` });

describe('the dashboard facing browsers itself', () => {
  it('does not pass on a client-sent X-Forwarded-Proto: no Secure cookie over plain http', async () => {
    const res = await signIn(web.url, api.admin.email, api.admin.password, { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toMatch(/^clearance_session=/);
    expect(res.headers.get('set-cookie')).not.toMatch(/Secure/i);
  });

  it('still limits 50 failed sign-ins when each names a different X-Forwarded-For', async () => {
    for (let i = 0; i < 50; i++) {
      const res = await signIn(web.url, `spray-${i}@example.org`, 'Winter2026!', forged(i));
      expect(res.status, `attempt ${i + 1}`).toBe(401);
    }
    const limited = await signIn(web.url, 'one-more@example.org', 'Winter2026!', forged(200));
    expect(limited.status).toBe(429);
    expect((await limited.json()).code).toBe('too_many_attempts');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 120_000);

  it('passes on the address of the connection: a second peer has its own count, whatever either one says', async () => {
    // Two real peers: 127.0.0.3 sprays until its count is full; 127.0.0.4, naming 127.0.0.3 as itself, is not limited.
    for (let i = 0; i < 50; i++) {
      const res = await signInFrom('127.0.0.3', web.url, `peer-spray-${i}@example.org`, 'Winter2026!', { 'x-forwarded-for': '127.0.0.4' });
      expect(res.status, `attempt ${i + 1}`).toBe(401);
    }
    expect(await signInFrom('127.0.0.3', web.url, 'peer-x@example.org', 'Winter2026!', { 'x-forwarded-for': '127.0.0.4' })).toEqual({ status: 429, code: 'too_many_attempts' });
    expect(await signInFrom('127.0.0.4', web.url, 'peer-x@example.org', 'Winter2026!', { 'x-forwarded-for': '127.0.0.3' })).toEqual({ status: 401, code: 'invalid_credentials' });
  }, 120_000);
});

describe('the dashboard behind a trusted reverse proxy (WEB_TRUST_PROXY)', () => {
  it("passes on the address the proxy names, so each browser behind it has its own count", async () => {
    const proxied = (address: string) => ({ 'x-forwarded-for': address, 'x-forwarded-proto': 'https' });
    for (let i = 0; i < 50; i++) {
      expect((await signIn(behindProxy.url, `proxied-${i}@example.org`, 'Winter2026!', proxied('203.0.113.5'))).status, `attempt ${i + 1}`).toBe(401);
    }
    expect((await signIn(behindProxy.url, 'proxied-x@example.org', 'Winter2026!', proxied('203.0.113.5'))).status).toBe(429);
    expect((await signIn(behindProxy.url, 'proxied-x@example.org', 'Winter2026!', proxied('203.0.113.6'))).status).toBe(401);
    // The proxy's word on the protocol counts too.
    const owner = await signIn(behindProxy.url, api.admin.email, api.admin.password, proxied('203.0.113.7'));
    expect(owner.status).toBe(201);
    expect(owner.headers.get('set-cookie')).toMatch(/Secure/);
  }, 120_000);
});
