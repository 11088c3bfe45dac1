/**
 * Load shedding over a real listening socket: requests over the global bound or over an expensive
 * route's own limit are refused at once with 503 overloaded, Retry-After and
 * problem+json, while /health and cheap routes still answer; slots come back when requests end or
 * their clients go away, so the next request succeeds.
 *
 * A request is held in flight by sending only the start of its body: it has passed onRequest (and
 * holds its slot) and waits for the rest.
 */
import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeAsset, makeLicense, makeSite } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp | undefined;
/** Requests still held when a test ends are dropped, so that closing the app does not wait for them. */
const open = new Set<{ abort: () => unknown }>();
afterEach(async () => {
  for (const h of open) h.abort();
  open.clear();
  await t?.close();
  t = undefined;
  for (const close of cleanups.splice(0)) await close();
});
const cleanups: (() => Promise<void>)[] = [];

async function start(overrides: Parameters<typeof createTestApp>[0]) {
  t = await createTestApp(overrides);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return t;
}

/** A POST whose JSON body arrives only when told: `finish` sends the rest, `abort` drops the connection. */
function hold(app: TestApp, path: string, body: object = {}) {
  const { port } = app.app.server.address() as AddressInfo;
  const bytes = Buffer.from(JSON.stringify(body));
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json', 'content-length': String(bytes.length) },
  });
  const status = new Promise<number | null>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? null));
    });
    req.on('error', () => resolve(null));
  });
  req.write(bytes.subarray(0, 1));
  const handle = {
    finish: () => {
      req.end(bytes.subarray(1));
      return status;
    },
    abort: () => {
      req.destroy();
      return status;
    },
  };
  open.add(handle);
  return handle;
}

const site = (name: string) => ({ name, baseUrl: 'https://blog.example' });

function expectShed(res: { status: number; headers: Record<string, string>; body: { code?: string } }) {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe('overloaded');
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
}

describe('load shedding', () => {
  it('refuses requests over MAX_IN_FLIGHT with 503 + Retry-After while /health answers, and recovers at once', async () => {
    const app = await start({ maxInFlight: 2 });
    const held = [hold(app, '/v1/sites', site('held one')), hold(app, '/v1/sites', site('held two'))];
    await vi.waitFor(() => expect(app.app.inFlight.total()).toBe(2));

    expectShed(await app.http().get('/v1/sites'));
    expectShed(await app.http().post('/v1/sites').send(site('refused')));
    const health = await app.http(null).get('/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');

    // A client that goes away gives its slot back; the next request gets it.
    expect(await held[0]!.abort()).toBeNull();
    await vi.waitFor(() => expect(app.app.inFlight.total()).toBe(1));
    expect((await app.http().get('/v1/sites')).status).toBe(200);

    expect(await held[1]!.finish()).toBe(201);
    await vi.waitFor(() => expect(app.app.inFlight.total()).toBe(0));
    // Nothing refused was stored.
    const sites = await app.http().get('/v1/sites');
    expect(sites.body.items.map((s: { name: string }) => s.name)).toEqual(['held two']);
  });

  it('after a burst over the bound every answer is 200 or 503 and the next request succeeds', async () => {
    const app = await start({ maxInFlight: 2 });
    const statuses = await Promise.all(Array.from({ length: 30 }, () => app.http().get('/v1/sites').then((r) => r.status)));
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect((await app.http().get('/v1/sites')).status).toBe(200);
    await vi.waitFor(() => expect(app.app.inFlight.total()).toBe(0));
  });

  it('an expensive route over its own limit gets 503 while cheap routes still answer', async () => {
    const app = await start({ expensiveConcurrency: 1 });
    const claim = '01900000-0000-7000-8000-000000000000';
    const held = hold(app, `/v1/claims/${claim}/match`);
    await vi.waitFor(() => expect(app.app.inFlight.route('POST', '/v1/claims/:id/match')).toBe(1));

    expectShed(await app.http().post(`/v1/claims/${claim}/match`));
    expect((await app.http().get('/v1/sites')).status).toBe(200);
    expect((await app.http(null).get('/health')).status).toBe(200);

    expect(await held.abort()).toBeNull();
    await vi.waitFor(() => expect(app.app.inFlight.route('POST', '/v1/claims/:id/match')).toBe(0));
    // The slot is back: the route works again (no such claim here).
    const again = await app.http().post(`/v1/claims/${claim}/match`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('not_found');
    await vi.waitFor(() => expect(app.app.inFlight.total()).toBe(0));
  });

  it('refuses requests while the event loop is behind, and answers again once it caught up', async () => {
    const app = await start({ maxEventLoopDelayMs: 50 });
    const { port } = app.app.server.address() as AddressInfo;
    // The request is on the socket while the loop is blocked for 300 ms (as by a burst of requests
    // run start to end on the embedded database); the server reads it after that, still behind.
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET /v1/sites HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${app.token}\r\nConnection: close\r\n\r\n`);
        const until = performance.now() + 300;
        while (performance.now() < until); // blocks the event loop on purpose
      });
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer).toMatch(/\r\nretry-after: 1\r\n/i);
    expect(answer).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(answer).toContain('"code":"overloaded"');
    await vi.waitFor(async () => expect((await app.http().get('/v1/sites')).status).toBe(200));
  });

  it('counters return to 0 after many clients abort mid-request', async () => {
    const app = await start({ maxInFlight: 50, expensiveConcurrency: 20 });
    const held = Array.from({ length: 20 }, (_, i) => hold(app, i % 2 ? '/v1/sites' : '/v1/integrity/scrub', site(`n${i}`)));
    // The scrub allows one at a time: one of its ten holds a slot, nine were refused.
    await vi.waitFor(() => expect(app.app.inFlight.route('POST', '/v1/integrity/scrub')).toBe(1));
    await vi.waitFor(() => expect(app.app.inFlight.total()).toBe(11));
    await Promise.all(held.map((h) => h.abort()));
    await vi.waitFor(() => expect(app.app.inFlight.total()).toBe(0));
    expect(app.app.inFlight.route('POST', '/v1/integrity/scrub')).toBe(0);
    expect((await app.http().post('/v1/integrity/scrub')).status).toBe(200);
  });
});

/**
 * A license page that answers only when told: while it waits, a snapshot of it is real work in
 * progress on the API (an outbound fetch in its handler), whatever its own client does.
 */
async function stalledPage() {
  const waiting: ServerResponse[] = [];
  let arrived = 0;
  const server = createServer((_req, res) => {
    arrived++;
    waiting.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    host,
    url: `http://${host}/license`,
    arrived: () => arrived,
    answerAll: () => {
      for (const res of waiting.splice(0)) res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>Licensed.</p>');
    },
  };
}

describe('slots of clients that go away', () => {
  async function snapshotting(overrides: Parameters<typeof createTestApp>[0]) {
    const page = await stalledPage();
    const app = await start({ outboundAllowPrivateHosts: [page.host], outboundTimeoutMs: 60_000, ...overrides });
    const site = await makeSite(app);
    const license = await makeLicense(app, [(await makeAsset(app, site.id)).id]);
    const path = `/v1/licenses/${license.id}/proofs/snapshot`;
    /** A snapshot whose client drops the connection once the API is fetching the page. */
    const abandoned = async () => {
      const before = page.arrived();
      const held = hold(app, path, { url: page.url });
      void held.finish(); // its answer never comes: the client aborts below
      await vi.waitFor(() => expect(page.arrived()).toBe(before + 1));
      expect(await held.abort()).toBeNull();
    };
    return { app, page, path, abandoned };
  }

  it('an expensive route stays at its limit until the work of an aborted request has really finished', async () => {
    const { app, page, path, abandoned } = await snapshotting({ expensiveConcurrency: 1 });
    await abandoned();
    // The client is gone, the snapshot is still fetching: another one is refused, cheap routes answer.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expectShed(await app.http().post(path).send({ url: page.url }));
    expect((await app.http().get('/v1/sites')).status).toBe(200);
    expect(page.arrived()).toBe(1);

    page.answerAll();
    await vi.waitFor(() => expect(app.app.inFlight.route('POST', '/v1/licenses/:id/proofs/snapshot')).toBe(0));
    const next = app.http().post(path).send({ url: page.url }).then((res) => res); // supertest sends when awaited
    await vi.waitFor(() => expect(page.arrived()).toBe(2));
    page.answerAll();
    expect((await next).status).toBe(201);
    await vi.waitFor(() => expect(app.app.inFlight.total()).toBe(0));
  });

  it('aborted requests whose work goes on keep counting against MAX_IN_FLIGHT', async () => {
    const { app, page, abandoned } = await snapshotting({ maxInFlight: 2, expensiveConcurrency: 5 });
    await abandoned();
    await abandoned();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expectShed(await app.http().get('/v1/sites'));
    page.answerAll();
    await vi.waitFor(() => expect(app.app.inFlight.total()).toBe(0));
    expect((await app.http().get('/v1/sites')).status).toBe(200);
  });

  it('declares 503 overloaded with Retry-After on every route that can be shed, and not on /health', async () => {
    const app = await start({});
    const spec = (await app.http().get('/docs/json').expect(200)).body as { paths: Record<string, Record<string, { responses: Record<string, { description: string; headers?: Record<string, unknown> }> }>> };
    const operations = Object.entries(spec.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(30);
    for (const { path, op } of operations) {
      const shed = op.responses['503'];
      if (path === '/health') {
        expect(shed?.description ?? '').not.toContain('overloaded');
        continue;
      }
      expect(shed?.description.split(', ')).toContain('overloaded');
      expect(shed?.headers?.['retry-after']).toMatchObject({ schema: { type: 'integer', minimum: 1 } });
    }
  });
});
