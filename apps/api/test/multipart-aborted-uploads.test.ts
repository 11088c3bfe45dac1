/**
 * Clients that go away in the middle of a form, over real sockets: the request's handler must
 * settle, so its load-shedding slot comes back (after MAX_IN_FLIGHT such clients the API would
 * answer 503 until restarted otherwise), and nothing is left in the temp and spool directories.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signWebhook } from '../src/modules/ingest/webhook-signature.ts';
import { makeSite } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';
import { attachmentEvent, formDelivery, multipartDelivery, type Delivery } from './helpers/webhooks.ts';

let t: TestApp | undefined;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
  await t?.close();
  t = undefined;
});

async function start(overrides: Parameters<typeof createTestApp>[0] = {}) {
  t = await createTestApp({ maxInFlight: 3, ...overrides });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  return t;
}

/** Files left under these directories of the data dir (a missing directory has none). */
function leftIn(app: TestApp, ...dirs: string[]): string[] {
  return dirs.flatMap((dir) => {
    const path = join(app.app.config.dataDir, dir);
    return existsSync(path) ? readdirSync(path).map((name) => `${dir}/${name}`) : [];
  });
}

/** A POST over a raw socket announcing the whole body but sending only `sent` bytes of it; `drop` destroys the socket. */
async function sendPart(app: TestApp, path: string, headers: Record<string, string>, delivery: Delivery, sent: number) {
  const { port } = app.app.server.address() as AddressInfo;
  const socket: Socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  cleanups.push(() => socket.destroy());
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', `Content-Type: ${delivery.contentType}`, `Content-Length: ${delivery.body.length}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  await new Promise<void>((resolve) => socket.write(`${head.join('\r\n')}\r\n\r\n`, () => resolve()));
  await new Promise<void>((resolve) => socket.write(delivery.body.subarray(0, sent), () => resolve()));
  return { drop: () => socket.destroy() };
}

const bearer = (app: TestApp) => ({ Authorization: `Bearer ${app.token}` });

/** A form whose file is `size` bytes; the client sends its text fields and about half of the file. */
function halfForm(size: number, fields: [string, string][] = []) {
  const delivery = formDelivery([...fields.map(([name, value]) => [name, null, Buffer.from(value)] as [string, null, Buffer]), ['file', 'big.bin', Buffer.alloc(size, 0x41)]]);
  return { delivery, sent: delivery.body.length - Math.floor(size / 2) };
}

/** Once the server is reading the file part: `probe` says so, or (nothing to see from outside) a moment after the bytes went out. */
async function whileReading(app: TestApp, probe?: () => boolean) {
  await vi.waitFor(() => expect(app.app.inFlight.total()).toBe(1));
  if (probe) await vi.waitFor(() => expect(probe()).toBe(true));
  else await new Promise((resolve) => setTimeout(resolve, 300));
}

async function expectSettled(app: TestApp, ...dirs: string[]) {
  await vi.waitFor(() => expect(app.app.inFlight.total()).toBe(0), { timeout: 5000 });
  await vi.waitFor(() => expect(leftIn(app, ...dirs)).toEqual([]), { timeout: 5000 });
}

describe('a client that sends half a file and goes away', () => {
  it('asset upload: the handler settles and its slot comes back, again and again', async () => {
    const app = await start({ ingestMaxBytes: 4_000_000 });
    const site = await makeSite(app);
    // More such clients than MAX_IN_FLIGHT: each slot must come back, or the API would shed for good.
    for (let i = 0; i < 4; i++) {
      const { delivery, sent } = halfForm(2_000_000, [['title', `half ${i}`]]);
      const client = await sendPart(app, `/v1/sites/${site.id}/assets`, bearer(app), delivery, sent);
      await whileReading(app);
      client.drop();
      await expectSettled(app);
    }
    expect(await app.app.prisma.asset.count()).toBe(0);
    expect((await app.http().get('/v1/sites')).status).toBe(200);
  });

  it('WXR import: the handler settles and the upload temp file is removed', async () => {
    const app = await start({ importMaxBytes: 8_000_000 });
    const site = await makeSite(app);
    for (let i = 0; i < 4; i++) {
      const { delivery, sent } = halfForm(4_000_000);
      const client = await sendPart(app, `/v1/sites/${site.id}/imports/wxr`, bearer(app), delivery, sent);
      // The file is being written to its temp file under imports/.
      await whileReading(app, () => leftIn(app, 'imports').length > 0);
      client.drop();
      await expectSettled(app, 'imports');
    }
    expect(await app.app.prisma.importJob.count()).toBe(0);
  });

  it('signed webhook: half a body is not kept in the spool directory and its slot comes back', async () => {
    const app = await start({ ingestMaxBytes: 4_000_000 });
    const created = (await app.http().post('/v1/sites').send({ name: 'WP', baseUrl: 'https://wp.example' }).expect(201)).body;
    for (let i = 0; i < 4; i++) {
      const event = attachmentEvent('media.created', { id: 100 + i, source_url: 'https://wp.example/wp-content/uploads/half.png', mime_type: 'image/png' });
      const delivery = multipartDelivery(event, Buffer.alloc(2_000_000, 0x41), 'half.png');
      const id = `msg_${randomUUID()}`;
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(created.webhookSecret, id, timestamp, delivery.body) };
      const client = await sendPart(app, `/v1/hooks/wordpress/${created.id}`, headers, delivery, 1_000_000);
      await whileReading(app, () => leftIn(app, 'tmp/webhook').length > 0);
      client.drop();
      await expectSettled(app, 'tmp/webhook');
    }
    expect(await app.app.prisma.webhookDelivery.count()).toBe(0);
  });

  it('signed webhook: a verified body is removed when the client leaves while the delivery is handled', async () => {
    // The delivery carries no file, so the handler fetches the image from the site: held until the client is gone.
    let fetched!: () => void;
    const fetching = new Promise<void>((resolve) => (fetched = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const wordpress = createServer((_req: IncomingMessage, res: ServerResponse) => {
      fetched();
      void released.then(() => res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => wordpress.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => wordpress.close(resolve)));
    cleanups.push(() => release());
    const host = `127.0.0.1:${(wordpress.address() as AddressInfo).port}`;
    const app = await start({ outboundAllowPrivateHosts: [host] });
    const created = (await app.http().post('/v1/sites').send({ name: 'WP', baseUrl: `http://${host}` }).expect(201)).body;

    const event = attachmentEvent('media.created', { id: 7, source_url: `http://${host}/wp-content/uploads/held.png`, mime_type: 'image/png' });
    const delivery = formDelivery([['payload', null, Buffer.from(JSON.stringify(event))]]);
    const id = `msg_${randomUUID()}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(created.webhookSecret, id, timestamp, delivery.body) };
    const client = await sendPart(app, `/v1/hooks/wordpress/${created.id}`, headers, delivery, delivery.body.length);
    await fetching;
    expect(leftIn(app, 'tmp/webhook')).toHaveLength(1);
    client.drop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await expectSettled(app, 'tmp/webhook');
  });
});

describe('a form refused before its file is read', () => {
  it('is answered with connection: close, and the connection with half a body in it is closed', async () => {
    const app = await start();
    const site = await makeSite(app);
    const { delivery, sent } = halfForm(2_000_000, [['cmsId', 'x'.repeat(500)]]);
    const { port } = app.app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    cleanups.push(() => socket.destroy());
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(`POST /v1/sites/${site.id}/assets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${app.token}\r\nContent-Type: ${delivery.contentType}\r\nContent-Length: ${delivery.body.length}\r\n\r\n`);
    socket.write(delivery.body.subarray(0, sent));
    await vi.waitFor(() => expect(answer).toMatch(/^HTTP\/1\.1 400 /), { timeout: 5000 });
    expect(answer).toContain('"code":"validation_failed"');
    expect(answer.toLowerCase()).toContain('\r\nconnection: close\r\n');
    // Not left open (and paused) for a next request that would never be read.
    await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the connection stayed open')), 3000))]);
    await expectSettled(app);
  });
});

describe('a form with more parts than its route allows', () => {
  const parts = (n: number) => Array.from({ length: n }, (_, i) => [`f${i}`, `v${i}`] as [string, string]);

  it('asset upload: 413 too_many_parts, nothing stored', async () => {
    const app = await start();
    const site = await makeSite(app);
    let req = app.http().post(`/v1/sites/${site.id}/assets`);
    for (const [name, value] of parts(11)) req = req.field(name, value);
    const res = await req.attach('file', Buffer.from('not much of an image'), 'a.jpg');
    expect(res.status, JSON.stringify(res.body)).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('too_many_parts');
    expect(await app.app.prisma.asset.count()).toBe(0);
  });

  it('WXR import: 413 too_many_parts, no job and no temp file', async () => {
    const app = await start();
    const site = await makeSite(app);
    let req = app.http().post(`/v1/sites/${site.id}/imports/wxr`);
    for (const [name, value] of parts(11)) req = req.field(name, value);
    const res = await req.attach('file', Buffer.from('<?xml version="1.0"?><rss/>'), 'export.xml');
    expect(res.status, JSON.stringify(res.body)).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('too_many_parts');
    expect(await app.app.prisma.importJob.count()).toBe(0);
    expect(leftIn(app, 'imports')).toEqual([]);
  });
});
