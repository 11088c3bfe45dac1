/**
 * Clients that go away in the middle of a form, over real sockets: the request's handler must
 * settle, so its load-shedding slot comes back (after MAX_IN_FLIGHT such clients the API would
 * answer 503 until restarted otherwise), and nothing is left in the temp and spool directories.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signWebhook } from '../src/modules/ingest/webhook-signature.ts';
import { makeSite } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';
import { attachmentEvent, formDelivery, multipartDelivery, type Delivery } from './helpers/webhooks.ts';

/** The site a webhook fetches its image from when none is attached: each request is held until the test lets it go. */
const fetches: { arrived: () => void; answer: Promise<void> }[] = [];
const wordpress = createServer((_req, res) => {
  const held = fetches.shift();
  held?.arrived();
  void (held?.answer ?? Promise.resolve()).then(() => res.writeHead(404).end());
});

let t: TestApp;
let wordpressHost: string;
const cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  await new Promise<void>((resolve) => wordpress.listen(0, '127.0.0.1', resolve));
  wordpressHost = `127.0.0.1:${(wordpress.address() as AddressInfo).port}`;
  // MAX_IN_FLIGHT 2: a slot that never comes back shows in the count, and the third such client would be shed.
  t = await createTestApp({ maxInFlight: 2, ingestMaxBytes: 4_000_000, importMaxBytes: 8_000_000, outboundAllowPrivateHosts: [wordpressHost] });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});
afterAll(async () => {
  await t?.close();
  wordpress.closeAllConnections();
  await new Promise((resolve) => wordpress.close(resolve));
});

/** Files left under these directories of the data dir (a missing directory has none). */
function leftIn(...dirs: string[]): string[] {
  return dirs.flatMap((dir) => {
    const path = join(t.app.config.dataDir, dir);
    return existsSync(path) ? readdirSync(path).map((name) => `${dir}/${name}`) : [];
  });
}

/** A raw connection to the API, with what it has been answered so far. */
async function rawClient() {
  const { port } = t.app.server.address() as AddressInfo;
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  cleanups.push(() => socket.destroy());
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const write = (data: string | Buffer) => new Promise<void>((resolve) => socket.write(data, () => resolve()));
  return { socket, write, closed, answer: () => answer };
}

/** A POST announcing the whole body but sending only its first `sent` bytes; `drop` destroys the connection. */
async function sendPart(path: string, headers: Record<string, string>, delivery: Delivery, sent: number) {
  const client = await rawClient();
  const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', `Content-Type: ${delivery.contentType}`, `Content-Length: ${delivery.body.length}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  await client.write(`${head.join('\r\n')}\r\n\r\n`);
  await client.write(delivery.body.subarray(0, sent));
  return { ...client, drop: () => client.socket.destroy() };
}

const bearer = () => ({ Authorization: `Bearer ${t.token}` });

/** A form ending in a file of `size` bytes, and how much of it to send: its text fields and half the file. */
function halfForm(size: number, fields: [string, string][] = []) {
  const delivery = formDelivery([...fields.map(([name, value]) => [name, null, Buffer.from(value)] as [string, null, Buffer]), ['file', 'big.bin', Buffer.alloc(size, 0x41)]]);
  return { delivery, sent: delivery.body.length - Math.ceil(size / 2) };
}

/** Once the server is reading the file part: `probe` says so, or (nothing to see from outside) a moment after the bytes went out. */
async function whileReading(probe?: () => boolean) {
  await vi.waitFor(() => expect(t.app.inFlight.total()).toBe(1));
  if (probe) await vi.waitFor(() => expect(probe()).toBe(true));
  else await new Promise((resolve) => setTimeout(resolve, 300));
}

async function expectSettled(...dirs: string[]) {
  await vi.waitFor(() => expect(t.app.inFlight.total()).toBe(0), { timeout: 5000 });
  await vi.waitFor(() => expect(leftIn(...dirs)).toEqual([]), { timeout: 5000 });
}

function signed(secret: string, delivery: Delivery) {
  const id = `msg_${randomUUID()}`;
  const timestamp = Math.floor(Date.now() / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, id, timestamp, delivery.body) };
}

// More such clients than MAX_IN_FLIGHT, one after the other: each slot must come back.
const rounds = 3;

describe('a client that sends half a file and goes away', () => {
  it('asset upload: the handler settles and its slot comes back, every time', { timeout: 60_000 }, async () => {
    const site = await makeSite(t);
    for (let i = 0; i < rounds; i++) {
      const { delivery, sent } = halfForm(400_000, [['title', `half ${i}`]]);
      const client = await sendPart(`/v1/sites/${site.id}/assets`, bearer(), delivery, sent);
      await whileReading();
      client.drop();
      await expectSettled();
    }
    expect(await t.app.prisma.asset.count({ where: { siteId: site.id } })).toBe(0);
    expect((await t.http().get('/v1/sites')).status).toBe(200);
  });

  it('WXR import: the handler settles and the upload temp file is removed', { timeout: 60_000 }, async () => {
    const site = await makeSite(t);
    for (let i = 0; i < rounds; i++) {
      const { delivery, sent } = halfForm(400_000);
      const client = await sendPart(`/v1/sites/${site.id}/imports/wxr`, bearer(), delivery, sent);
      // The file is being written to its temp file under imports/.
      await whileReading(() => leftIn('imports').length > 0);
      client.drop();
      await expectSettled('imports');
    }
    expect(await t.app.prisma.importJob.count({ where: { siteId: site.id } })).toBe(0);
  });

  it('signed webhook: half a body is not kept in the spool directory and its slot comes back', { timeout: 60_000 }, async () => {
    const site = await makeSite(t);
    for (let i = 0; i < rounds; i++) {
      const event = attachmentEvent('media.created', { id: 100 + i, source_url: 'https://wp.example/wp-content/uploads/half.png', mime_type: 'image/png' });
      const delivery = multipartDelivery(event, Buffer.alloc(400_000, 0x41), 'half.png');
      const client = await sendPart(`/v1/hooks/wordpress/${site.id}`, signed(site.webhookSecret, delivery), delivery, 200_000);
      await whileReading(() => leftIn('tmp/webhook').length > 0);
      client.drop();
      await expectSettled('tmp/webhook');
    }
    expect(await t.app.prisma.webhookDelivery.count({ where: { siteId: site.id } })).toBe(0);
  });

  it('signed webhook: a verified body is removed when the client leaves while the delivery is handled', { timeout: 60_000 }, async () => {
    const created = (await t.http().post('/v1/sites').send({ name: 'held WP', baseUrl: `http://${wordpressHost}` }).expect(201)).body;
    // No file attached: the handler fetches the image from the site, which holds its answer until the client is gone.
    let arrived!: () => void;
    const fetching = new Promise<void>((resolve) => (arrived = resolve));
    let letGo!: () => void;
    fetches.push({ arrived, answer: new Promise<void>((resolve) => (letGo = resolve)) });
    cleanups.push(() => letGo());

    const event = attachmentEvent('media.created', { id: 7, source_url: `http://${wordpressHost}/wp-content/uploads/held.png`, mime_type: 'image/png' });
    const delivery = formDelivery([['payload', null, Buffer.from(JSON.stringify(event))]]);
    const client = await sendPart(`/v1/hooks/wordpress/${created.id}`, signed(created.webhookSecret, delivery), delivery, delivery.body.length);
    await fetching;
    expect(leftIn('tmp/webhook')).toHaveLength(1);
    client.drop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    letGo();
    await expectSettled('tmp/webhook');
  });
});

describe('a client that leaves before the form is read', () => {
  // Gone while the route still awaits its token and site lookups: the reader starts on a request
  // already destroyed, which sends busboy neither an end nor an error.
  it('asset upload: the handler settles and its slot comes back, every time', { timeout: 60_000 }, async () => {
    const site = await makeSite(t);
    for (let i = 0; i < 2 * rounds; i++) {
      const { delivery } = halfForm(400_000, [['title', `early ${i}`]]);
      const client = await sendPart(`/v1/sites/${site.id}/assets`, bearer(), delivery, 1024);
      client.drop();
      await client.closed;
      await expectSettled();
    }
    expect(await t.app.prisma.asset.count({ where: { siteId: site.id } })).toBe(0);
    expect((await t.http().get('/v1/sites')).status).toBe(200);
  });
});

describe('a file over its route\'s limit', () => {
  it('is refused with 413 while it is still being sent, and its connection is closed', { timeout: 60_000 }, async () => {
    const site = await makeSite(t);
    const size = 20 * 1024 * 1024; // against the 4 MB ingest limit of this app
    const delivery = formDelivery([['file', 'huge.bin', Buffer.alloc(size, 0x41)]]);
    const client = await sendPart(`/v1/sites/${site.id}/assets`, bearer(), delivery, 0);
    let sent = 0;
    const chunk = 256 * 1024;
    while (sent < delivery.body.length && client.answer() === '' && !client.socket.destroyed) {
      await client.write(delivery.body.subarray(sent, sent + chunk));
      sent += chunk;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await vi.waitFor(() => expect(client.answer()).toMatch(/^HTTP\/1\.1 413 /), { timeout: 5000 });
    // Answered soon after the limit, not after the 20 MB were read and discarded.
    expect(sent).toBeLessThan(delivery.body.length / 2);
    expect(client.answer()).toContain('"code":"payload_too_large"');
    expect(client.answer().toLowerCase()).toContain('\r\nconnection: close\r\n');
    await Promise.race([client.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the connection stayed open')), 3000))]);
    await expectSettled();
    expect(await t.app.prisma.asset.count({ where: { siteId: site.id } })).toBe(0);
  });
});

describe('a form refused before its file is read', () => {
  it('is answered with connection: close, and the connection with half a body in it is closed', async () => {
    const site = await makeSite(t);
    const { delivery, sent } = halfForm(400_000, [['cmsId', 'x'.repeat(500)]]);
    const client = await sendPart(`/v1/sites/${site.id}/assets`, bearer(), delivery, sent);
    await vi.waitFor(() => expect(client.answer()).toMatch(/^HTTP\/1\.1 400 /), { timeout: 5000 });
    expect(client.answer()).toContain('"code":"validation_failed"');
    expect(client.answer().toLowerCase()).toContain('\r\nconnection: close\r\n');
    // Not left open (and paused) for a next request that would never be read.
    await Promise.race([client.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the connection stayed open')), 3000))]);
    await expectSettled();
  });

  it('a form never read (no boundary): 400 with connection: close, and the connection is closed', async () => {
    const site = await makeSite(t);
    const body = Buffer.alloc(20 * 1024 * 1024, 0x41);
    const client = await sendPart(`/v1/sites/${site.id}/assets`, bearer(), { contentType: 'multipart/form-data', body }, 1024 * 1024);
    await vi.waitFor(() => expect(client.answer()).toMatch(/^HTTP\/1\.1 400 /), { timeout: 5000 });
    expect(client.answer()).toContain('"code":"validation_failed"');
    expect(client.answer().toLowerCase()).toContain('\r\nconnection: close\r\n');
    await Promise.race([client.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the connection stayed open')), 3000))]);
    await expectSettled();
  });

  it('a site that does not exist: 404 with connection: close before the form is read', async () => {
    const { delivery } = halfForm(4 * 1024 * 1024);
    const client = await sendPart(`/v1/sites/${randomUUID()}/assets`, bearer(), delivery, 1024 * 1024);
    await vi.waitFor(() => expect(client.answer()).toMatch(/^HTTP\/1\.1 404 /), { timeout: 5000 });
    expect(client.answer().toLowerCase()).toContain('\r\nconnection: close\r\n');
    await Promise.race([client.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the connection stayed open')), 3000))]);
    await expectSettled();
  });
});

describe('a form with more parts than its route allows', () => {
  const parts = Array.from({ length: 11 }, (_, i) => [`f${i}`, `v${i}`] as const);

  it('asset upload: 413 too_many_parts, nothing stored', async () => {
    const site = await makeSite(t);
    let req = t.http().post(`/v1/sites/${site.id}/assets`);
    for (const [name, value] of parts) req = req.field(name, value);
    const res = await req.attach('file', Buffer.from('not much of an image'), 'a.jpg');
    expect(res.status, JSON.stringify(res.body)).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('too_many_parts');
    expect(await t.app.prisma.asset.count({ where: { siteId: site.id } })).toBe(0);
  });

  it('WXR import: 413 too_many_parts, no job and no temp file', async () => {
    const site = await makeSite(t);
    let req = t.http().post(`/v1/sites/${site.id}/imports/wxr`);
    for (const [name, value] of parts) req = req.field(name, value);
    const res = await req.attach('file', Buffer.from('<?xml version="1.0"?><rss/>'), 'export.xml');
    expect(res.status, JSON.stringify(res.body)).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('too_many_parts');
    expect(await t.app.prisma.importJob.count({ where: { siteId: site.id } })).toBe(0);
    expect(leftIn('imports')).toEqual([]);
  });
});
