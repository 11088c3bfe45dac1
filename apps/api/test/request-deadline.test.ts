/**
 * REQUEST_TIMEOUT_MS over a real socket: headers trickled a byte at a time and bodies trickled
 * after complete headers are both cut near the bound, and a request sent at once is untouched.
 */
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

const requestTimeoutMs = 1500;
let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await createTestApp({ requestTimeoutMs });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

/** Sends `head` at once, then one byte of `trickle` every 100 ms; resolves when the server closes the connection. */
function trickled(head: string, trickle: string) {
  const started = performance.now();
  return new Promise<{ elapsed: number; answer: string }>((resolve) => {
    let answer = '';
    let i = 0;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      const timer = setInterval(() => {
        if (socket.writable && i < trickle.length) socket.write(trickle[i++]!);
      }, 100);
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ elapsed: performance.now() - started, answer });
      });
    });
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('error', () => {});
  });
}

describe('REQUEST_TIMEOUT_MS', () => {
  it('cuts a client that trickles its headers', async () => {
    const { elapsed, answer } = await trickled('GET /v1/sites HTTP/1.1\r\n', `Authorization: Bearer ${t.token}\r\n${'x-pad: y\r\n'.repeat(50)}\r\n`);
    expect(elapsed).toBeGreaterThan(requestTimeoutMs - 100);
    // Node checks every quarter of the bound.
    expect(elapsed).toBeLessThan(requestTimeoutMs * 2);
    expect(answer).not.toMatch(/^HTTP\/1\.1 200/);
  });

  it('cuts a client that trickles its body after complete headers, at the bound after them', async () => {
    const body = JSON.stringify({ name: 'trickled', baseUrl: 'https://blog.example' });
    const head = `POST /v1/sites HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { elapsed, answer } = await trickled(head, body);
    expect(elapsed).toBeGreaterThan(requestTimeoutMs - 100);
    expect(elapsed).toBeLessThan(requestTimeoutMs * 2);
    expect(answer).toBe('');
    const sites = await t.http().get('/v1/sites').expect(200);
    expect(sites.body.items.map((s: { name: string }) => s.name)).not.toContain('trickled');
  });

  it('leaves a request sent at once alone', async () => {
    expect((await t.http().post('/v1/sites').send({ name: 'at once', baseUrl: 'https://blog.example' })).status).toBe(201);
  });
});
