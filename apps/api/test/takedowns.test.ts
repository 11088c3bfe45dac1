/**
 * Takedown verification against real HTTP servers on loopback: a "site" that still serves some
 * copies of an image, and a second origin that must never be asked anything.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takedownReport } from '../src/modules/takedowns/takedowns.service.ts';
import { makeSiteToken } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

type Behaviour =
  | { status: number }
  /** Refuses HEAD with `headStatus`; GET answers `status` (200 streams a large body). */
  | { headStatus: 405 | 501; status: number }
  | { redirect: string; status: 301 | 302 }
  /** Answers `status` after `ms`. */
  | { delay: number; status: number }
  | 'hang'
  /** Sends its status line and then a header a byte every 200 ms, never finishing it. */
  | 'trickle';

/** A web server whose files can be "deleted" between checks; records every request it gets. */
class SiteServer {
  readonly files = new Map<string, Behaviour>();
  readonly requests: { method: string; path: string }[] = [];
  /** GET bodies of still-served files: how much was sent, and whether the client hung up first. */
  readonly bodies: { path: string; sent: number; abandoned: boolean }[] = [];
  private readonly server = http.createServer((req, res) => this.answer(req, res));
  private readonly hanging = new Set<http.ServerResponse>();
  origin = '';

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  url(path: string) {
    return `${this.origin}${path}`;
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse) {
    const path = req.url ?? '/';
    this.requests.push({ method: req.method ?? '', path });
    const behaviour = this.files.get(path) ?? { status: 404 };
    if (behaviour === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (behaviour === 'trickle') {
      this.hanging.add(res);
      const socket = res.socket!;
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: image/jpeg\r\nx-slow: ');
      const timer = setInterval(() => socket.write('a'), 200);
      socket.on('close', () => clearInterval(timer));
      return;
    }
    if ('redirect' in behaviour) {
      res.writeHead(behaviour.status, { location: behaviour.redirect }).end();
      return;
    }
    if ('delay' in behaviour) {
      setTimeout(() => res.writeHead(behaviour.status, { 'content-type': 'image/jpeg' }).end(), behaviour.delay);
      return;
    }
    if ('headStatus' in behaviour && req.method === 'HEAD') {
      res.writeHead(behaviour.headStatus).end();
      return;
    }
    if (req.method === 'GET' && behaviour.status === 200) {
      this.streamImage(path, res);
      return;
    }
    res.writeHead(behaviour.status, { 'content-type': behaviour.status === 200 ? 'image/jpeg' : 'text/html' }).end(req.method === 'HEAD' ? undefined : 'Not here');
  }

  /** 20 MB in 64 KB chunks, unhurried: a client that only wants the status hangs up long before the end. */
  private streamImage(path: string, res: http.ServerResponse) {
    const record = { path, sent: 0, abandoned: false };
    this.bodies.push(record);
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(20 * 1024 * 1024) });
    const chunk = Buffer.alloc(64 * 1024, 0xff);
    const timer = setInterval(() => {
      if (record.sent >= 20 * 1024 * 1024) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(chunk);
      record.sent += chunk.length;
    }, 5);
    res.on('close', () => {
      clearInterval(timer);
      if (!res.writableFinished) record.abandoned = true;
    });
  }

  async close() {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const folder = '/wp-content/uploads/2026/05/';
const timeoutMs = 2000;

let t: TestApp;
let site: SiteServer;
let elsewhere: SiteServer;
let siteId: string;

async function makeAsset(filename: string, extra: Record<string, unknown>) {
  const res = await t.http().post('/v1/assets').send({ siteId, filename, mimeType: 'image/jpeg', ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function startTakedown(assetId: string, body: Record<string, unknown> = {}) {
  const res = await t.http().post(`/v1/assets/${assetId}/takedowns`).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Takedown;
}

async function recheck(takedownId: string) {
  const res = await t.http().post(`/v1/takedowns/${takedownId}/checks`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Takedown;
}

type Takedown = {
  id: string;
  assetId: string;
  siteId: string;
  claimId: string | null;
  status: string;
  verifiedAt: string | null;
  lastCheckedAt: string | null;
  checks: { url: string; statusCode: number | null; error: string | null; checkedAt: string; removed: boolean }[];
  stillLive: string[];
  skipped: { url: string; reason: string }[];
};

beforeAll(async () => {
  site = await new SiteServer().start();
  elsewhere = await new SiteServer().start();
  t = await createTestApp({ outboundTimeoutMs: timeoutMs });
  siteId = (await t.http().post('/v1/sites').send({ name: 'Harbour blog', baseUrl: `${site.origin}/` }).expect(201)).body.id;
});
afterAll(async () => {
  await t?.close();
  await site?.close();
  await elsewhere?.close();
});

describe('takedown of an image whose copies are still served', () => {
  let assetId: string;
  let takedown: Takedown;
  const scaled = () => site.url(`${folder}harbour-scaled.jpg`);
  const medium = () => site.url(`${folder}harbour-300x200.jpg`);

  beforeAll(async () => {
    assetId = await makeAsset('harbour.jpg', {
      width: 4000,
      height: 2667,
      urls: [
        { url: scaled(), kind: 'scaled', width: 2560, height: 1707 },
        { url: site.url(`${folder}harbour.jpg`), kind: 'original_image' },
        { url: medium(), kind: 'size', sizeName: 'medium', width: 300, height: 200 },
      ],
    });
    // The post was unpublished and the original deleted, but the -scaled and -300x200 copies are still there.
    site.files.set(`${folder}harbour-scaled.jpg`, { status: 200 });
    site.files.set(`${folder}harbour-300x200.jpg`, { status: 200 });
    site.files.set(`${folder}harbour.jpg`, { status: 410 });
    site.requests.length = 0;
    takedown = await startTakedown(assetId);
  });

  it('is not verified, and names exactly the URLs still live', () => {
    expect(takedown.status).toBe('live');
    expect(takedown.verifiedAt).toBeNull();
    expect(takedown.stillLive).toEqual([scaled(), medium()]);
    expect(takedown.checks.find((c) => c.url === scaled())).toMatchObject({ statusCode: 200, removed: false, error: null });
    // 410 Gone proves removal as well as 404.
    expect(takedown.checks.find((c) => c.url.endsWith('/harbour.jpg'))).toMatchObject({ statusCode: 410, removed: true });
  });

  it('checked every recorded URL and every file WordPress would have made, each once, with HEAD', () => {
    const checked = takedown.checks.map((c) => c.url.replace(site.url(folder), ''));
    for (const file of ['harbour-150x150.jpg', 'harbour-768x512.jpg', 'harbour-1024x683.jpg', 'harbour-1536x1024.jpg', 'harbour-2048x1366.jpg', 'harbour-300x200-jpg.webp', 'harbour-scaled.avif']) {
      expect(checked).toContain(file);
    }
    expect(checked).toHaveLength(40);
    expect(site.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(checked.map((f) => `HEAD ${folder}${f}`).sort());
    for (const check of takedown.checks) expect(Date.parse(check.checkedAt)).not.toBeNaN();
  });

  it('is verified once the copies are deleted, and live again if one comes back', async () => {
    site.files.delete(`${folder}harbour-scaled.jpg`);
    site.files.delete(`${folder}harbour-300x200.jpg`);
    const verified = await recheck(takedown.id);
    expect(verified.status).toBe('verified');
    expect(verified.stillLive).toEqual([]);
    expect(verified.checks).toHaveLength(40);
    expect(verified.checks.every((c) => c.removed)).toBe(true);
    expect(Date.parse(verified.verifiedAt!)).toBeGreaterThan(Date.parse(takedown.lastCheckedAt!));
    expect((await t.http().get(`/v1/takedowns/${takedown.id}`).expect(200)).body).toEqual(verified);
    expect(await t.app.prisma.takedownCheck.count({ where: { takedownId: takedown.id } })).toBe(80);

    site.files.set(`${folder}harbour-300x200.jpg`, { status: 200 });
    const back = await recheck(takedown.id);
    expect(back).toMatchObject({ status: 'live', verifiedAt: null, stillLive: [medium()] });
    site.files.delete(`${folder}harbour-300x200.jpg`);
  });

  it('records each change in the audit trail, and the chain still verifies', async () => {
    const events = (await t.http().get(`/v1/audit/events?entityType=asset&entityId=${assetId}`).expect(200)).body.items as { action: string; after: { takedownId: string; status: string } }[];
    const mine = events.filter((e) => e.after?.takedownId === takedown.id).map((e) => `${e.action} ${e.after.status}`);
    expect(mine.reverse()).toEqual(['takedown_start pending', 'takedown_check live', 'takedown_check verified', 'takedown_check live']);
    expect((await t.http().get('/v1/audit/verify').expect(200)).body.ok).toBe(true);
  });

  it('gives the pack builder plain data for the removal certificate', async () => {
    await recheck(takedown.id);
    const report = await takedownReport(t.app.prisma, takedown.id);
    expect(report.verified).toBe(true);
    expect(report.stillLive).toEqual([]);
    expect(report.asset).toEqual({ id: assetId, filename: 'harbour.jpg', site: { name: 'Harbour blog', baseUrl: site.origin } });
    expect(report.takedown).toMatchObject({ id: takedown.id, assetId, claimId: null, status: 'verified' });
    expect(report.checks).toHaveLength(40);
    expect(report.checks[0]).toEqual({ url: scaled(), statusCode: 404, error: null, checkedAt: expect.any(String) });
  });

  it('lists the asset’s takedowns newest first, in pages', async () => {
    const second = await startTakedown(assetId);
    const third = await startTakedown(assetId);
    const page1 = (await t.http().get(`/v1/assets/${assetId}/takedowns?limit=2`).expect(200)).body;
    expect(page1.items.map((i: { id: string }) => i.id)).toEqual([third.id, second.id]);
    expect(page1.items[0]).toMatchObject({ assetId, siteId, status: 'verified', claimId: null });
    const page2 = (await t.http().get(`/v1/assets/${assetId}/takedowns?limit=2&cursor=${page1.nextCursor}`).expect(200)).body;
    expect(page2).toEqual({ items: [expect.objectContaining({ id: takedown.id })], nextCursor: null });
  });
});

describe('what counts as removed', () => {
  it('asks with GET when HEAD is refused, without downloading the image', async () => {
    const assetId = await makeAsset('refused.jpg', {
      urls: [
        { url: site.url(`${folder}refused.jpg`), kind: 'original' },
        { url: site.url(`${folder}refused-300x200.jpg`), kind: 'size', sizeName: 'medium' },
      ],
    });
    site.files.set(`${folder}refused.jpg`, { headStatus: 405, status: 404 });
    site.files.set(`${folder}refused-300x200.jpg`, { headStatus: 501, status: 200 });
    const takedown = await startTakedown(assetId);
    expect(takedown.checks.find((c) => c.url.endsWith('/refused.jpg'))).toMatchObject({ statusCode: 404, removed: true });
    expect(takedown.stillLive).toEqual([site.url(`${folder}refused-300x200.jpg`)]);
    const gets = site.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(gets.sort()).toEqual([`${folder}refused-300x200.jpg`, `${folder}refused.jpg`]);
    // Give the server's close event a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const body = site.bodies.find((b) => b.path === `${folder}refused-300x200.jpg`)!;
    expect(body.abandoned).toBe(true);
    expect(body.sent).toBeLessThan(2 * 1024 * 1024);
  });

  it('counts a 500 and a timeout as still live, not as proof of removal', async () => {
    const assetId = await makeAsset('broken.jpg', { urls: [{ url: site.url(`${folder}broken.jpg`), kind: 'original' }] });
    site.files.set(`${folder}broken.jpg`, { status: 500 });
    site.files.set(`${folder}broken-scaled.jpg`, 'hang');
    const started = Date.now();
    const takedown = await startTakedown(assetId);
    expect(Date.now() - started).toBeLessThan(timeoutMs + 3000);
    expect(takedown.status).toBe('live');
    expect(takedown.stillLive).toEqual([site.url(`${folder}broken.jpg`), site.url(`${folder}broken-scaled.jpg`)]);
    expect(takedown.checks.find((c) => c.url.endsWith('broken-scaled.jpg'))).toMatchObject({ statusCode: null, removed: false, error: `No answer within ${timeoutMs} ms` });
    expect(takedown.checks.find((c) => c.url.endsWith('broken.jpg'))).toMatchObject({ statusCode: 500, removed: false });
  });

  it('ends a check whose answer trickles in at the deadline, and counts it as still live', async () => {
    const assetId = await makeAsset('slow.jpg', { urls: [{ url: site.url(`${folder}slow.jpg`), kind: 'original' }] });
    site.files.set(`${folder}slow.jpg`, 'trickle');
    const started = Date.now();
    // A byte every 200 ms never lets an idle timeout fire: only a total deadline ends this check,
    // so with an idle timeout the takedown would not answer within the bound and this fails.
    const bound = timeoutMs + 1500;
    const takedown = await Promise.race([
      startTakedown(assetId),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${bound} ms: the trickle was not cut at the total deadline`)), bound)),
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(Date.now() - started).toBeLessThan(bound);
    expect(takedown.checks.find((c) => c.url.endsWith('/slow.jpg'))).toMatchObject({ statusCode: null, removed: false, error: `No answer within ${timeoutMs} ms` });
    expect(takedown.stillLive).toContain(site.url(`${folder}slow.jpg`));
  });

  it('counts a refused connection as still live', async () => {
    const closed = await new SiteServer().start();
    await closed.close();
    const otherSite = (await t.http().post('/v1/sites').send({ name: 'Down', baseUrl: closed.origin }).expect(201)).body.id;
    const res = await t.http().post('/v1/assets').send({ siteId: otherSite, filename: 'x.gif', mimeType: 'image/gif', urls: [{ url: closed.url('/x.gif'), kind: 'original' }] }).expect(201);
    const takedown = await startTakedown(res.body.id);
    expect(takedown.status).toBe('live');
    expect(takedown.checks[0]).toMatchObject({ statusCode: null, removed: false, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('does not follow a redirect to another origin, and never requests URLs on other origins', async () => {
    elsewhere.files.set('/moved.jpg', { status: 200 });
    const assetId = await makeAsset('moved.jpg', {
      urls: [
        { url: site.url(`${folder}moved.jpg`), kind: 'original' },
        { url: elsewhere.url('/cdn/moved-300x200.jpg'), kind: 'size', sizeName: 'medium', width: 300, height: 200 },
      ],
    });
    site.files.set(`${folder}moved.jpg`, { redirect: elsewhere.url('/moved.jpg'), status: 302 });
    // A redirect within the site is followed: a copy that now lands on a 404 is gone.
    site.files.set(`${folder}moved-scaled.jpg`, { redirect: '/gone', status: 301 });
    const takedown = await startTakedown(assetId);
    expect(takedown.checks.find((c) => c.url.endsWith('/moved.jpg'))).toMatchObject({
      statusCode: 302,
      removed: false,
      error: `Redirects to ${elsewhere.url('/moved.jpg')}, another origin; not followed`,
    });
    expect(takedown.checks.find((c) => c.url.endsWith('/moved-scaled.jpg'))).toMatchObject({ statusCode: 404, removed: true, error: `Answered after redirects to ${site.url('/gone')}` });
    expect(takedown.stillLive).toEqual([site.url(`${folder}moved.jpg`)]);
    expect(takedown.skipped).toEqual([{ url: elsewhere.url('/cdn/moved-300x200.jpg'), reason: `on ${elsewhere.origin}, not the site's origin ${site.origin}` }]);
    // The recorded size is still looked for under its WordPress name on the site itself.
    expect(takedown.checks.map((c) => c.url)).toContain(site.url(`${folder}moved-300x200.jpg`));
    await recheck(takedown.id);
    expect(elsewhere.requests).toEqual([]);
  });

  it('stays pending when the asset has no URL to check', async () => {
    const assetId = await makeAsset('unknown.jpg', {});
    const takedown = await startTakedown(assetId);
    expect(takedown).toMatchObject({ status: 'pending', checks: [], stillLive: [], verifiedAt: null, lastCheckedAt: null });
  });
});

describe('checks running at once', () => {
  it('end with the newest answers, whichever finishes last', async () => {
    const assetId = await makeAsset('race.jpg', { urls: [{ url: site.url(`${folder}race.jpg`), kind: 'original' }] });
    site.files.set(`${folder}race.jpg`, { status: 404 });
    const takedown = await startTakedown(assetId);
    expect(takedown.status).toBe('verified');
    // The image reappears, and answers slowly: this older check finishes after the newer one.
    site.files.set(`${folder}race.jpg`, { delay: 1200, status: 200 });
    const seen = site.requests.length;
    const older = t.http().post(`/v1/takedowns/${takedown.id}/checks`).then((r) => r);
    // Once the older check has asked (and been promised a 200), the image is deleted again.
    while (!site.requests.slice(seen).some((r) => r.path === `${folder}race.jpg`)) await new Promise((resolve) => setTimeout(resolve, 10));
    site.files.set(`${folder}race.jpg`, { status: 404 });
    const newer = await t.http().post(`/v1/takedowns/${takedown.id}/checks`);
    const olderDone = await older;
    expect([newer.status, olderDone.status]).toEqual([200, 200]);
    expect(newer.body.status).toBe('verified');
    const final = (await t.http().get(`/v1/takedowns/${takedown.id}`).expect(200)).body as Takedown;
    expect(final.status).toBe('verified');
    expect(final.checks.find((c) => c.url.endsWith('/race.jpg'))).toMatchObject({ statusCode: 404 });
    // Both runs were recorded: 1 + 2 checks of each URL.
    const rows = await t.app.prisma.takedownCheck.findMany({ where: { takedownId: takedown.id, url: site.url(`${folder}race.jpg`) } });
    expect(rows.map((r) => r.statusCode).sort()).toEqual([200, 404, 404]);
  });

  it('do not break the status when fired together', async () => {
    const assetId = await makeAsset('twice.jpg', { urls: [{ url: site.url(`${folder}twice.jpg`), kind: 'original' }] });
    site.files.set(`${folder}twice.jpg`, { status: 200 });
    const takedown = await startTakedown(assetId);
    const results = await Promise.all([1, 2, 3].map(() => t.http().post(`/v1/takedowns/${takedown.id}/checks`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const final = (await t.http().get(`/v1/takedowns/${takedown.id}`).expect(200)).body as Takedown;
    expect(final).toMatchObject({ status: 'live', stillLive: [site.url(`${folder}twice.jpg`)] });
    expect(await t.app.prisma.takedownCheck.count({ where: { takedownId: takedown.id } })).toBe(4 * final.checks.length);
  });
});

describe('who may see a takedown', () => {
  let takedownId: string;
  let assetId: string;
  let otherToken: string;
  let ownToken: string;

  beforeAll(async () => {
    assetId = await makeAsset('private.jpg', { urls: [{ url: site.url(`${folder}private.jpg`), kind: 'original' }] });
    takedownId = (await startTakedown(assetId)).id;
    const other = (await t.http().post('/v1/sites').send({ name: 'Other', baseUrl: 'https://other.example' }).expect(201)).body.id;
    otherToken = await makeSiteToken(t, other);
    ownToken = await makeSiteToken(t, siteId);
  });

  it("is not found with another site's token, whatever the route", async () => {
    const before = await t.app.prisma.takedownCheck.count();
    const other = t.http(otherToken);
    for (const res of [
      await other.get(`/v1/takedowns/${takedownId}`),
      await other.post(`/v1/takedowns/${takedownId}/checks`),
      await other.get(`/v1/assets/${assetId}/takedowns`),
      await other.post(`/v1/assets/${assetId}/takedowns`).send({}),
    ]) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'not_found' });
    }
    expect(await t.app.prisma.takedownCheck.count()).toBe(before);
  });

  it("is visible with the asset's site token", async () => {
    expect((await t.http(ownToken).get(`/v1/takedowns/${takedownId}`).expect(200)).body.id).toBe(takedownId);
    expect((await t.http(ownToken).post(`/v1/takedowns/${takedownId}/checks`).expect(200)).body.siteId).toBe(siteId);
  });

  it('links a claim only of the same site', async () => {
    const sameSite = await t.app.prisma.claim.create({ data: { agency: 'pixsy', siteId } });
    const otherSite = await t.app.prisma.claim.create({ data: { agency: 'copytrack', siteId: (await t.app.prisma.site.create({ data: { name: 'C', baseUrl: 'https://c.example' } })).id } });
    expect((await startTakedown(assetId, { claimId: sameSite.id })).claimId).toBe(sameSite.id);
    const refused = await t.http().post(`/v1/assets/${assetId}/takedowns`).send({ claimId: otherSite.id });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'claim_other_site' });
    const missing = await t.http().post(`/v1/assets/${assetId}/takedowns`).send({ claimId: '01900000-0000-7000-8000-000000000000' });
    expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'not_found' });
  });
});
