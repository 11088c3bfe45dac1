/**
 * A WordPress site as the claims tests need it: a loopback HTTP server standing in for the site
 * (so URL checks and takedown checks reach something real), the site registered in Clearance, and
 * uploads sent through the signed webhook as the plugin sends them.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { TestApp } from './test-app.ts';
import { attachmentEvent, multipartDelivery, sendWebhook } from './webhooks.ts';

export type WordPressSite = { id: string; secret: string; name: string; base: string };

/** Registers a site under `base` and keeps its webhook secret. */
export async function createSite(t: TestApp, name: string, base: string): Promise<WordPressSite> {
  const res = await t.http().post('/v1/sites').send({ name, baseUrl: base });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, secret: res.body.webhookSecret, name, base };
}

/** A file the loopback site serves: bytes or text typed by the path's extension, or with an explicit type. */
export type SiteFile = Buffer | string | { type: string; body: Buffer | string };

const typeByExtension: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', html: 'text/html' };

export type LoopbackSite = { base: string; host: string; close(): Promise<void> };

/** Serves whatever the test puts in `files` (by path), 404 for anything else, on 127.0.0.1. */
export async function startLoopbackSite(files: Map<string, SiteFile>): Promise<LoopbackSite> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://loopback').pathname;
    const file = files.get(path);
    if (file === undefined) return res.writeHead(404).end('not found');
    const typed = typeof file === 'object' && !Buffer.isBuffer(file);
    const type = typed ? file.type : (typeByExtension[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream');
    res.writeHead(200, { 'content-type': type });
    res.end(req.method === 'HEAD' ? undefined : typed ? file.body : file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, host: new URL(base).host, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export type Upload = {
  cmsId: number;
  /** Under wp-content/uploads, e.g. `2026/03`. */
  folder: string;
  /** File name without extension. */
  name: string;
  content: Buffer;
  /** The attachment's date as WordPress sends it. */
  date: string;
  /** With a generated medium size and a `-scaled` copy as the main URL (big uploads), or as uploaded. */
  scaled: boolean;
};

export type Ingested = { id: string; url: (file: string) => string };

/** Uploads an image through the signed webhook as the WordPress plugin would. */
export async function ingestUpload(t: TestApp, site: Pick<WordPressSite, 'id' | 'secret' | 'base'>, upload: Upload): Promise<Ingested> {
  const { name } = upload;
  const url = (f: string) => `${site.base}/wp-content/uploads/${upload.folder}/${f}`;
  const attachment = upload.scaled
    ? {
        id: upload.cmsId,
        date: upload.date,
        source_url: url(`${name}-scaled.jpg`),
        mime_type: 'image/jpeg',
        media_details: {
          width: 2560,
          height: 1600,
          original_image: `${name}.jpg`,
          sizes: { medium: { file: `${name}-300x188.jpg`, width: 300, height: 188, source_url: url(`${name}-300x188.jpg`) } },
        },
      }
    : { id: upload.cmsId, date: upload.date, source_url: url(`${name}.jpg`), mime_type: 'image/jpeg', media_details: { width: 1200, height: 800, sizes: {} } };
  const res = await sendWebhook(t, site.id, multipartDelivery(attachmentEvent('media.created', attachment), upload.content, `${name}.jpg`), { secret: site.secret });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { id: res.body.assetId as string, url };
}
