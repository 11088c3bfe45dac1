import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodesAtOnce, PictureAnalysis } from '../src/modules/ingest/picture-analysis.ts';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';
import { attachmentEvent, formDelivery, jsonDelivery, multipartDelivery, sendWebhook } from './helpers/webhooks.ts';

const photo = readFileSync(fixturePath('images', 'files', 'exifr_iptc-agency-photographer-example.jpg'));
const camera = readFileSync(fixturePath('images', 'files', 'ianare_gps_DSCN0010.jpg'));

let t: TestApp;
let server: Server;
let siteOrigin: string;
let site: { id: string; secret: string };
/** `trickle`: a JPEG header and then a byte every 300 ms for 8 s, well inside any idle timeout. */
const served = new Map<string, Buffer | { redirect: string } | 'trickle'>();
const outboundTimeoutMs = 1500;

beforeAll(async () => {
  server = createServer((req, res) => {
    const entry = served.get(req.url ?? '');
    if (!entry) return res.writeHead(404).end();
    if (entry === 'trickle') {
      res.writeHead(200, { 'content-type': 'image/jpeg' }).write(Buffer.from([0xff, 0xd8]));
      const timer = setInterval(() => res.write(Buffer.from([0])), 300);
      const end = setTimeout(() => res.end(), 8_000);
      return res.on('close', () => {
        clearInterval(timer);
        clearTimeout(end);
      });
    }
    if ('redirect' in entry) return res.writeHead(302, { location: entry.redirect }).end();
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(entry);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  siteOrigin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  t = await createTestApp({ ingestMaxBytes: 2_000_000, outboundTimeoutMs });
  const created = (await t.http().post('/v1/sites').send({ name: 'WP', baseUrl: siteOrigin }).expect(201)).body;
  site = { id: created.id, secret: created.webhookSecret };
});
afterAll(async () => {
  await t.close();
  server.closeAllConnections();
  server.close();
});

let nextId = 100;
function attachment(filename: string, extra: Record<string, unknown> = {}) {
  const id = nextId++;
  const base = `${siteOrigin}/wp-content/uploads/2026/05/`;
  return {
    id,
    date_gmt: '2026-05-04T10:11:12',
    source_url: `${base}${filename}`,
    mime_type: 'image/jpeg',
    title: { rendered: filename },
    author: 3,
    media_details: {
      width: 527,
      height: 350,
      file: `2026/05/${filename}`,
      sizes: { medium: { file: filename.replace('.jpg', '-300x199.jpg'), width: 300, height: 199, source_url: `${base}${filename.replace('.jpg', '-300x199.jpg')}` } },
    },
    ...extra,
  };
}

describe('the WordPress upload webhook', () => {
  it('ingests an attached file: stored, metadata read, fingerprinted, source detected, every URL recorded', async () => {
    const att = attachment('agency.jpg');
    const res = await sendWebhook(t, site.id, multipartDelivery(attachmentEvent('media.created', att), photo), { secret: site.secret }).expect(200);
    expect(res.body).toMatchObject({ status: 'processed', event: 'media.created', coverageStatus: 'uncovered' });
    // WordPress is answered once the file is stored and recorded; the fingerprint and thumbnail follow.
    await t.app.pictures.idle();
    const asset = (await t.http().get(`/v1/assets/${res.body.assetId}`).expect(200)).body;
    expect(asset).toMatchObject({ cmsId: String(att.id), filename: 'agency.jpg', mimeType: 'image/jpeg', bytes: photo.length, uploadedBy: 'wordpress-user:3', uploadedAt: '2026-05-04T10:11:12.000Z' });
    expect(asset.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(asset.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(asset.rights.copyrightNotice).toBeTruthy();
    expect(asset.risk).toBe('high');
    expect(asset.urls.map((u: { url: string }) => u.url)).toEqual([att.source_url, att.media_details.sizes.medium.source_url]);
    expect(asset.thumbnailUrl).toBe(`/v1/assets/${asset.id}/thumbnail`);
    const thumb = await t.http().get(asset.thumbnailUrl).expect(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
  });

  it('fetches the file from the site when it is not attached', async () => {
    const att = attachment('camera.jpg');
    served.set(new URL(att.source_url).pathname, camera);
    const res = await sendWebhook(t, site.id, jsonDelivery(attachmentEvent('media.created', att)), { secret: site.secret }).expect(200);
    const asset = (await t.http().get(`/v1/assets/${res.body.assetId}`)).body;
    expect(asset).toMatchObject({ bytes: camera.length, risk: 'low' });
    expect(asset.rights.cameraMake).toBeTruthy();
  });

  it('refuses to follow the file off the site, or to fetch private addresses that are not the site', async () => {
    const away = attachment('away.jpg');
    served.set(new URL(away.source_url).pathname, { redirect: 'http://169.254.169.254/latest/meta-data/' });
    const redirected = await sendWebhook(t, site.id, jsonDelivery(attachmentEvent('media.created', away)), { secret: site.secret }).expect(422);
    expect(redirected.body.code).toBe('outbound_blocked');
    const elsewhere = attachment('x.jpg', { source_url: 'http://127.0.0.2:9/wp-content/uploads/x.jpg' });
    const other = await sendWebhook(t, site.id, jsonDelivery(attachmentEvent('media.created', elsewhere)), { secret: site.secret }).expect(422);
    expect(other.body.code).toBe('outbound_blocked');
  });

  it('gives up on a file that trickles in once OUTBOUND_TIMEOUT_MS has passed in all: 422 fetch_failed, nothing stored', async () => {
    const att = attachment('trickle.jpg');
    served.set(new URL(att.source_url).pathname, 'trickle');
    const assets = await t.app.prisma.asset.count();
    const started = Date.now();
    const res = await sendWebhook(t, site.id, jsonDelivery(attachmentEvent('media.created', att)), { secret: site.secret });
    expect({ status: res.status, code: res.body.code, detail: res.body.detail }).toEqual({ status: 422, code: 'fetch_failed', detail: `No complete answer within ${outboundTimeoutMs} ms` });
    expect(Date.now() - started).toBeLessThan(outboundTimeoutMs + 1500);
    expect(await t.app.prisma.asset.count()).toBe(assets);
  });

  it('updates the asset on media.updated and marks it removed on media.deleted, keeping history', async () => {
    const att = attachment('lifecycle.jpg');
    const created = await sendWebhook(t, site.id, multipartDelivery(attachmentEvent('media.created', att), photo), { secret: site.secret }).expect(200);
    const updated = await sendWebhook(t, site.id, multipartDelivery(attachmentEvent('media.updated', { ...att, title: { rendered: 'Renamed' } }), camera), { secret: site.secret }).expect(200);
    expect(updated.body.assetId).toBe(created.body.assetId);
    expect((await t.http().get(`/v1/assets/${created.body.assetId}`)).body).toMatchObject({ title: 'Renamed', bytes: camera.length });
    const deleted = await sendWebhook(t, site.id, jsonDelivery(attachmentEvent('media.deleted', att)), { secret: site.secret }).expect(200);
    expect(deleted.body).toMatchObject({ status: 'processed', coverageStatus: 'removed' });
    const history = (await t.http().get(`/v1/audit/events?entityType=asset&entityId=${created.body.assetId}`)).body.items.map((e: { action: string }) => e.action);
    expect(history).toEqual(['remove', 'ingest_update', 'ingest']);
  });

  describe('signatures', () => {
    const delivery = () => jsonDelivery(attachmentEvent('media.deleted', attachment('sig.jpg')));

    it.each([
      ['a tampered body', (d: ReturnType<typeof delivery>) => ({ secret: site.secret, bodyForSignature: Buffer.concat([d.body, Buffer.from(' ')]) }), 'invalid_signature'],
      ['a wrong secret', () => ({ secret: `whsec_${Buffer.alloc(24, 9).toString('base64')}` }), 'invalid_signature'],
      ['a timestamp 301 s old', () => ({ secret: site.secret, timestamp: Math.floor(Date.now() / 1000) - 301 }), 'timestamp_out_of_tolerance'],
      ['a timestamp 301 s ahead', () => ({ secret: site.secret, timestamp: Math.floor(Date.now() / 1000) + 301 }), 'timestamp_out_of_tolerance'],
      ['no signature', () => ({ secret: site.secret, signature: '' }), 'invalid_signature'],
    ] as const)('refuses %s with 401', async (_name, sign, code) => {
      const d = delivery();
      const res = await withinOneSecond(() => sendWebhook(t, site.id, d, sign(d)));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe(code);
    });

    it('refuses JSON re-serialized after signing', async () => {
      const event = attachmentEvent('media.deleted', attachment('reser.jpg'));
      const signedBody = Buffer.from(JSON.stringify(event, null, 2));
      const res = await sendWebhook(t, site.id, jsonDelivery(event), { secret: site.secret, bodyForSignature: signedBody }).expect(401);
      expect(res.body.code).toBe('invalid_signature');
    });

    it('accepts a timestamp 299 s off either way', async () => {
      for (const offset of [-299, 299]) {
        const res = await withinOneSecond(() => sendWebhook(t, site.id, delivery(), { secret: site.secret, timestamp: Math.floor(Date.now() / 1000) + offset }));
        expect(res.status).toBe(200);
      }
    });

    it('accepts the previous secret during a rotation, and not after it', async () => {
      const own = (await t.http().post('/v1/sites').send({ name: 'Rotating', baseUrl: siteOrigin }).expect(201)).body;
      const old = own.webhookSecret;
      const rotated = (await t.http().post(`/v1/sites/${own.id}/webhook-secret/rotate?graceHours=1`).expect(200)).body;
      const fresh = rotated.webhookSecret;
      await sendWebhook(t, own.id, delivery(), { secret: old }).expect(200);
      await sendWebhook(t, own.id, delivery(), { secret: fresh }).expect(200);
      await t.http().post(`/v1/sites/${own.id}/webhook-secret/rotate?graceHours=0`).expect(200);
      expect((await sendWebhook(t, own.id, delivery(), { secret: old }).expect(401)).body.code).toBe('invalid_signature');
    });
  });

  describe('replays', () => {
    it('a repeated webhook-id changes nothing and answers as the first delivery did', async () => {
      const d = multipartDelivery(attachmentEvent('media.created', attachment('replay.jpg')), photo);
      const first = await sendWebhook(t, site.id, d, { secret: site.secret, id: 'msg_replay_1' }).expect(200);
      const events = await t.app.prisma.auditEvent.count();
      const again = await sendWebhook(t, site.id, d, { secret: site.secret, id: 'msg_replay_1' }).expect(200);
      expect(again.body).toEqual(first.body);
      expect(again.headers['webhook-replay']).toBe('true');
      expect(await t.app.prisma.auditEvent.count()).toBe(events);
    });

    it('concurrent deliveries of one webhook-id are processed once and all get the same answer', async () => {
      const att = attachment('concurrent.jpg');
      const d = multipartDelivery(attachmentEvent('media.created', att), photo);
      const answers = await Promise.all(Array.from({ length: 5 }, () => sendWebhook(t, site.id, d, { secret: site.secret, id: 'msg_concurrent_1' })));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      expect(answers.filter((a) => a.headers['webhook-replay'] === 'true')).toHaveLength(4);
      expect(await t.app.prisma.asset.count({ where: { siteId: site.id, cmsId: String(att.id) } })).toBe(1);
    });

    it('a refused delivery is refused the same way when replayed', async () => {
      const d = multipartDelivery(attachmentEvent('media.created', attachment('notimage.jpg')), Buffer.from('%PDF-1.4 not an image'));
      const first = await sendWebhook(t, site.id, d, { secret: site.secret, id: 'msg_refused_1' }).expect(415);
      const again = await sendWebhook(t, site.id, d, { secret: site.secret, id: 'msg_refused_1' }).expect(415);
      expect(again.body).toEqual(first.body);
    });
  });

  describe('bad deliveries', () => {
    it.each([
      ['an oversized file', () => multipartDelivery(attachmentEvent('media.created', attachment('big.jpg')), Buffer.concat([photo, Buffer.alloc(3_500_000)])), 413, 'payload_too_large'],
      ['a file that is not an image', () => multipartDelivery(attachmentEvent('media.created', attachment('doc.jpg')), Buffer.from('<?php echo 1;')), 415, 'unsupported_type'],
      ['malformed JSON', () => ({ body: Buffer.from('{"type": "media.created", '), contentType: 'application/json' }), 400, 'malformed_json'],
      ['an unknown event', () => jsonDelivery({ type: 'media.exploded', data: { attachment: attachment('x.jpg') } }), 400, 'validation_failed'],
      ['an attachment without id', () => jsonDelivery({ type: 'media.created', data: { attachment: { source_url: 'x' } } }), 400, 'validation_failed'],
      ['a text/plain body', () => ({ body: Buffer.from('hello'), contentType: 'text/plain' }), 415, 'unsupported_media_type'],
      ['multipart without a boundary', () => ({ ...multipartDelivery(attachmentEvent('media.created', attachment('nb.jpg')), photo), contentType: 'multipart/form-data' }), 400, 'validation_failed'],
      ['a truncated multipart body', () => {
        const d = multipartDelivery(attachmentEvent('media.created', attachment('cut.jpg')), photo);
        return { ...d, body: d.body.subarray(0, d.body.length - 200) };
      }, 400, 'validation_failed'],
      ['multipart without the payload part', () => formDelivery([['file', 'a.jpg', photo]]), 400, 'validation_failed'],
      ['an empty form', () => ({ body: Buffer.alloc(0), contentType: 'multipart/form-data; boundary=empty' }), 400, 'validation_failed'],
      ['a form of no parts', () => ({ body: Buffer.from('--empty--\r\n'), contentType: 'multipart/form-data; boundary=empty' }), 400, 'validation_failed'],
      ['an empty JSON body', () => ({ body: Buffer.alloc(0), contentType: 'application/json' }), 400, 'malformed_json'],
      ['the payload sent as a file', () => formDelivery([['payload', 'payload.json', Buffer.from(JSON.stringify(attachmentEvent('media.created', attachment('pf.jpg'))))], ['file', 'a.jpg', photo]]), 400, 'validation_failed'],
      ['a NUL character in the title', () => multipartDelivery(attachmentEvent('media.created', attachment('nul.jpg', { title: { raw: 'a\u0000b' } })), photo), 400, 'validation_failed'],
      ['an unknown part', () => formDelivery([['payload', null, Buffer.from(JSON.stringify(attachmentEvent('media.created', attachment('three.jpg'))))], ['file', 'a.jpg', photo], ['extra', null, Buffer.from('x')]]), 400, 'validation_failed'],
      ['two files', () => formDelivery([['payload', null, Buffer.from(JSON.stringify(attachmentEvent('media.created', attachment('two.jpg'))))], ['file', 'a.jpg', photo], ['file', 'b.jpg', photo]]), 413, 'too_many_parts'],
      ['eleven parts', () => formDelivery(Array.from({ length: 11 }, (_, i) => [`f${i}`, null, Buffer.from('x')] as [string, null, Buffer])), 413, 'too_many_parts'],
    ] as const)('%s -> %i %s, nothing stored', async (_name, make, status, code) => {
      const before = await t.app.prisma.asset.count();
      const res = await sendWebhook(t, site.id, make(), { secret: site.secret });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.code).toBe(code);
      expect(await t.app.prisma.asset.count()).toBe(before);
    });

    it('a media type that only begins like a form (multipart/form-dataX) is refused by the route, naming both types it takes', async () => {
      const d = multipartDelivery(attachmentEvent('media.created', attachment('x.jpg')), photo);
      const res = await sendWebhook(t, site.id, { ...d, contentType: d.contentType.replace('multipart/form-data', 'multipart/form-dataX') }, { secret: site.secret });
      expect(res.status, JSON.stringify(res.body)).toBe(415);
      expect(res.body.code).toBe('unsupported_media_type');
      // The route's rule and the reader's are one: the route answers, not the reader after it.
      expect(res.body.detail).toMatch(/application\/json/);
    });

    it('takes an upload date the database cannot hold (year 0, year 275760) as no date', async () => {
      for (const date_gmt of ['0000-01-01T00:00:00', '+275760-09-13T00:00:00']) {
        const att = attachment('odd-date.jpg', { date_gmt, date: date_gmt });
        const res = await sendWebhook(t, site.id, multipartDelivery(attachmentEvent('media.created', att), photo), { secret: site.secret }).expect(200);
        expect((await t.http().get(`/v1/assets/${res.body.assetId}`).expect(200)).body.uploadedAt).toBeNull();
      }
    });

    it('answers 404 for an unknown site', async () => {
      const res = await sendWebhook(t, '01900000-0000-7000-8000-000000000000', jsonDelivery({}), { secret: site.secret }).expect(404);
      expect(res.body.code).toBe('not_found');
    });
  });
});

describe('direct upload', () => {
  it('runs the same pipeline for the dashboard and scripts', async () => {
    const res = await t.http().post(`/v1/sites/${site.id}/assets`).field('title', 'Uploaded').attach('file', photo, 'iStock-1234567.jpg').expect(201);
    expect(res.body).toMatchObject({ filename: 'iStock-1234567.jpg', title: 'Uploaded', risk: 'high', coverageStatus: 'uncovered', detectedSource: { provider: 'istock', providerAssetId: '1234567' } });
    const original = await t.http().get(res.body.originalUrl).expect(200);
    expect(original.headers['content-disposition']).toMatch(/^attachment;/);
  });
});

/**
 * Timestamps are whole seconds, so a boundary case (301 s off, 299 s off) only means what it says
 * when the server's clock reads the second the timestamp was taken in. Each try starts right after
 * a second starts; a try whose answer came back in a later second proves nothing (the server may
 * have seen 300 s, not 301) and is sent again.
 */
async function withinOneSecond(send: () => PromiseLike<Response>): Promise<Response> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
    const second = Math.floor(Date.now() / 1000);
    const res = await send();
    if (Math.floor(Date.now() / 1000) === second) return res;
  }
  throw new Error('no request came back within the second it was sent in (machine too slow for a boundary test)');
}

describe('the picture queue', () => {
  it('answers the webhook before the picture work, and a restarted app analyses what was left', async () => {
    const att = attachment('queued.jpg');
    const res = await sendWebhook(t, site.id, multipartDelivery(attachmentEvent('media.created', att), camera, 'queued.jpg'), { secret: site.secret }).expect(200);
    await t.app.pictures.idle();
    // As a stopped process would leave it: stored and recorded, not yet analysed.
    await t.app.prisma.asset.update({ where: { id: res.body.assetId }, data: { phash: null, phashVariants: [], thumbnailSha256: null } });
    expect(await t.app.pictures.recover()).toBeGreaterThanOrEqual(1);
    await t.app.pictures.idle();
    const asset = (await t.http().get(`/v1/assets/${res.body.assetId}`).expect(200)).body;
    expect(asset.phash).toMatch(/^[0-9a-f]{16}$/);
    expect(asset.thumbnailUrl).toBe(`/v1/assets/${asset.id}/thumbnail`);
    // Nothing analysed is picked up again.
    expect(await t.app.pictures.recover()).toBe(0);
  });

  it('a stopping app leaves queued work for the next start instead of finishing a backlog', async () => {
    // One more job than may decode at once: at least one is still queued when the stop comes.
    const ids: string[] = [];
    for (let i = 0; i <= decodesAtOnce; i++) {
      const res = await sendWebhook(t, site.id, multipartDelivery(attachmentEvent('media.created', attachment(`backlog-${i}.jpg`)), photo, `backlog-${i}.jpg`), { secret: site.secret }).expect(200);
      ids.push(res.body.assetId);
    }
    await t.app.pictures.idle();
    const unanalysed = { phash: null, phashVariants: [], thumbnailSha256: null };
    await t.app.prisma.asset.updateMany({ where: { id: { in: ids } }, data: unanalysed });
    const stopping = new PictureAnalysis(t.app);
    const assets = await t.app.prisma.asset.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
    const jobs = assets.map((asset) => stopping.enqueue(asset.id, asset.sha256!));
    await stopping.stop();
    await Promise.all(jobs);
    const left = await t.app.prisma.asset.count({ where: { id: { in: ids }, phash: null } });
    expect(left).toBeGreaterThanOrEqual(1);
    expect(left).toBeLessThan(ids.length); // the jobs under way finished
    expect(await t.app.pictures.recover()).toBe(left);
    await t.app.pictures.idle();
    expect(await t.app.prisma.asset.count({ where: { id: { in: ids }, phash: null } })).toBe(0);
  });
});
