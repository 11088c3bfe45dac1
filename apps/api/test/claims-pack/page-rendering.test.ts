/**
 * The license-page snapshot rendering in real Chromium: it shows the stored copy and nothing else,
 * opens no socket to any host the page names (counted as TCP connections, not only HTTP requests),
 * renders only under a web address, and gives a reason instead of a rendering past its limits.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable, SnapshotRenderer } from '../../src/modules/claims/pack/page-rendering.ts';
import { requireRealPart } from '../../../../test-support/real-parts.ts';
import { readPdf } from './pdf-text.ts';

const chromiumPath = process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';
const limits = { timeoutMs: 20_000, maxBytes: 20 * 1024 * 1024 };

describe.runIf(requireRealPart('Chromium', chromiumUnavailable(chromiumPath)))('license-page snapshot rendering', () => {
  let server: Server;
  let origin: string;
  let connections = 0;
  let requests: string[] = [];
  const renderer = new SnapshotRenderer(chromiumPath, limits);

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '/');
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>LIVE PAGE</p>');
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await renderer.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const page = (head: string, body = '<p>Stored copy of the license page.</p>') => Buffer.from(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);

  it.each([
    ['images, media and embeds', () => `<img src="${origin}/img"><picture><source srcset="${origin}/srcset"></picture><video poster="${origin}/poster"></video><object data="${origin}/object"></object>`],
    ['frames', () => `<iframe src="${origin}/frame"></iframe><iframe srcdoc="<img src='${origin}/srcdoc'>"></iframe>`],
    ['a refresh to another page', () => `<meta http-equiv="refresh" content="0;url=${origin}/refresh">`],
    ['style sheets, fonts and backgrounds', () => `<style>@import "${origin}/import.css"; body{background:url(${origin}/bg)} @font-face{font-family:x;src:url(${origin}/font)} p{font-family:x}</style>`],
    ['hints to connect or fetch ahead', () => `<link rel="preconnect" href="${origin}"><link rel="dns-prefetch" href="${origin}"><link rel="prefetch" href="${origin}/prefetch"><link rel="preload" as="image" href="${origin}/preload">`],
    ['a script', () => `<script>document.body.innerHTML = 'SCRIPT RAN'; fetch('${origin}/fetch'); new WebSocket('${origin.replace('http', 'ws')}/ws');</script>`],
  ])('renders the stored copy and opens no connection for %s', async (_name, head) => {
    [connections, requests] = [0, []];
    const out = await renderer.render({ url: 'https://license.example/terms', mimeType: 'text/html; charset=utf-8', body: page(head()) });
    expect(out.ok, out.ok ? '' : out.reason).toBe(true);
    if (!out.ok) return;
    const text = (await readPdf(out.pdf)).text;
    expect(text).toContain('Stored copy of the license page.');
    expect(text).not.toContain('SCRIPT RAN');
    // Preconnects are asynchronous: give them time to show up.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect({ connections, requests }).toEqual({ connections: 0, requests: [] });
  });

  it('answers the page address of a local server with the stored copy, not the live page', async () => {
    [connections, requests] = [0, []];
    const out = await renderer.render({ url: `${origin}/license`, mimeType: 'text/html', body: page('') });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const text = (await readPdf(out.pdf)).text;
    expect(text).toContain('Stored copy of the license page.');
    expect(text).not.toContain('LIVE PAGE');
    expect({ connections, requests }).toEqual({ connections: 0, requests: [] });
  });

  it.each(['about:blank', 'data:text/html,<p>other</p>', 'file:///etc/hostname', 'javascript:alert(1)', 'not a url'])('renders nothing under %s, and says why', async (url) => {
    const out = await renderer.render({ url, mimeType: 'text/html', body: page('') });
    expect(out).toEqual({ ok: false, reason: expect.stringMatching(/no (valid|web) address/) });
  });

  it('gives a reason instead of a rendering past its deadline or its size limit', async () => {
    const slow = new SnapshotRenderer(chromiumPath, { ...limits, timeoutMs: 1 });
    const small = new SnapshotRenderer(chromiumPath, { ...limits, maxBytes: 100 });
    try {
      expect(await slow.render({ url: 'https://license.example/', mimeType: 'text/html', body: page('') })).toEqual({ ok: false, reason: 'Rendering took longer than 1 ms' });
      expect(await small.render({ url: 'https://license.example/', mimeType: 'text/html', body: page('') })).toEqual({ ok: false, reason: 'The rendering is larger than 100 bytes' });
    } finally {
      await Promise.all([slow.close(), small.close()]);
    }
  });
});
