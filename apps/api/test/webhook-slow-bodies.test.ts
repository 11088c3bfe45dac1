import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/modules/ingest/webhook-signature.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

// Real sockets against a listening server: what a slow or hostile client does to the public webhook.
const requestTimeoutMs = 1500;
let t: TestApp;
let port: number;
let site: { id: string; secret: string };
const open: Socket[] = [];

beforeAll(async () => {
  t = await createTestApp({ requestTimeoutMs, webhookMaxConcurrentBodies: 2 });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as { port: number }).port;
  const created = (await t.http().post('/v1/sites').send({ name: 'WP', baseUrl: 'https://wp.example' }).expect(201)).body;
  site = { id: created.id, secret: created.webhookSecret };
});
afterAll(async () => {
  for (const socket of open) socket.destroy();
  await t?.close();
});

type Sent = { socket: Socket; answer: Promise<string>; closed: Promise<number> };

/** Sends the head of a POST announcing `length` body bytes; the answer is whatever the server writes. */
function startPost(path: string, headers: Record<string, string>, length: number): Sent {
  const socket = connect(port, '127.0.0.1');
  open.push(socket);
  socket.on('error', () => {});
  const started = Date.now();
  let received = '';
  const answer = new Promise<string>((resolve) => {
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) resolve(received);
    });
    socket.on('close', () => resolve(received));
  });
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
  const head = Object.entries({ host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'content-length': String(length), ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n`);
  return { socket, answer, closed };
}

function signedHeaders(id = `msg_${crypto.randomUUID()}`) {
  const timestamp = Math.floor(Date.now() / 1000);
  // The signature cannot be known before the body; a well-formed one gets past the checks of the headers.
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(site.secret, id, timestamp, 'x') };
}

const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([promise, new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms))]);

// What memory the server keeps, not what it has yet to collect: a full collection before each reading.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);

describe('the public webhook against slow and unsigned bodies', () => {
  it('cuts off a client trickling its body one byte a second within the request timeout', async () => {
    const sent = startPost(`/v1/hooks/wordpress/${site.id}`, signedHeaders(), 1000);
    const trickle = setInterval(() => sent.socket.write('{'), 1000);
    try {
      const elapsed = await within(requestTimeoutMs * 4, sent.closed);
      expect(elapsed).not.toBe('timed out');
      expect(elapsed as number).toBeLessThan(requestTimeoutMs * 3);
    } finally {
      clearInterval(trickle);
    }
  });

  it.each([
    ['no signature headers', () => ({}), 401, 'invalid_signature'],
    ['a stale timestamp', () => ({ ...signedHeaders(), 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) }), 401, 'timestamp_out_of_tolerance'],
    ['an unknown site', () => signedHeaders(), 404, 'not_found', 'unknown-site'],
  ])('refuses %s before reading a 50 MB body', async (_name, headers, status, code, siteId = site.id) => {
    const sent = startPost(`/v1/hooks/wordpress/${siteId}`, headers(), 50 * 1024 * 1024);
    sent.socket.write(Buffer.alloc(64 * 1024, 0x20)); // the first 64 KiB of 50 MB, and no more
    const answer = await within(5000, sent.answer);
    expect(answer).not.toBe('timed out');
    expect(statusOf(answer)).toBe(status);
    expect(answer).toContain('application/problem+json');
    expect(answer).toContain(`"code":"${code}"`);
    sent.socket.destroy();
  });

  it('keeps a body whose signature is not yet proven out of memory, and refuses a wrong one once it has arrived', async () => {
    const bodyBytes = 20 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const retained = () => {
      collectGarbage();
      return process.memoryUsage().arrayBuffers;
    };
    const baseline = retained();
    // Both within the bound of bodies in flight, with headers that pass every check but a signature over other bytes.
    const sent = [0, 1].map(() => startPost(`/v1/hooks/wordpress/${site.id}`, signedHeaders(), bodyBytes));
    const write = async (socket: Socket, bytes: number) => {
      for (let written = 0; written < bytes; written += chunk.length) {
        if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve));
      }
    };
    // All but the last megabyte of each, then a pause: what the server holds now is what it keeps of them.
    await Promise.all(sent.map(({ socket }) => write(socket, bodyBytes - chunk.length)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Held whole, the two bodies would keep almost 40 MB; on their way to disk, a few chunks at most.
    expect(retained() - baseline).toBeLessThan(bodyBytes / 2);
    await Promise.all(sent.map(({ socket }) => write(socket, chunk.length)));
    for (const { answer } of sent) {
      const text = await within(5000, answer);
      expect(statusOf(text)).toBe(401);
      expect(text).toContain('"code":"invalid_signature"');
    }
  });

  it('lets a burst of simultaneous deliveries past the bound only as far as the bound, and gets every slot back', async () => {
    const burst = Array.from({ length: 10 }, () => startPost(`/v1/hooks/wordpress/${site.id}`, signedHeaders(), 1_000_000));
    const answers = await Promise.all(burst.map((s) => within(1500, s.answer)));
    // Two are being read (no answer yet: their bodies never come); every other one was refused at once.
    expect(answers.filter((a) => a === 'timed out')).toHaveLength(2);
    expect(answers.filter((a) => a !== 'timed out').map((a) => statusOf(a))).toEqual(Array(8).fill(503));
    for (const s of burst) s.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Both slots are free again: two deliveries get past the bound and are refused for their missing headers.
    const after = [startPost(`/v1/hooks/wordpress/${site.id}`, {}, 10), startPost(`/v1/hooks/wordpress/${site.id}`, {}, 10)];
    expect((await Promise.all(after.map((s) => within(3000, s.answer)))).map((a) => statusOf(a))).toEqual([401, 401]);
  });

  it('answers 503 with Retry-After beyond the bound of bodies in flight, while /health answers', async () => {
    const stalled = [startPost(`/v1/hooks/wordpress/${site.id}`, signedHeaders(), 1_000_000), startPost(`/v1/hooks/wordpress/${site.id}`, signedHeaders(), 1_000_000)];
    for (const s of stalled) s.socket.write('{');
    await new Promise((resolve) => setTimeout(resolve, 500)); // both are past their header checks, reading bodies
    const third = startPost(`/v1/hooks/wordpress/${site.id}`, signedHeaders(), 1_000_000);
    const answer = await within(3000, third.answer);
    expect(statusOf(answer)).toBe(503);
    expect(answer.toLowerCase()).toContain('retry-after: 1');
    // Refused from its headers: the announced megabyte is not read, the connection is closed instead.
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(await within(3000, third.closed)).not.toBe('timed out');
    expect(answer).toContain('"code":"service_unavailable"');
    const health = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) });
    expect(health.status).toBe(200);
    for (const s of [...stalled, third]) s.socket.destroy();
    // The slots come back once those connections are gone.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = startPost(`/v1/hooks/wordpress/${site.id}`, {}, 10);
    expect(statusOf(await within(3000, after.answer))).toBe(401);
  });
});
