/**
 * Issue 16 review of the settlement, through the public API against a local "WordPress" server: a
 * settlement day in the future is refused; "no future use" with a removal the takedown does not
 * verify is recorded with a warning, and the pack says the removal is not verified; an asset's
 * removal proven by one takedown is undone when a later takedown finds the file served again.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { readPdf } from './claims-pack/pdf-text.ts';
import { readZip } from './claims-pack/zip-reader.ts';
import { createTestApp, downloadBytes, type TestApp } from './helpers/test-app.ts';
import { attachmentEvent, multipartDelivery, sendWebhook } from './helpers/webhooks.ts';

const photo = readFileSync(fixturePath('phash', 'originals', 'wp_canola.jpg'));
/** The WordPress site: serves the paths in `served`, 404 otherwise. */
const served = new Set<string>();
let server: Server;
let base: string;
let t: TestApp;
let site: { id: string; secret: string };

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', base).pathname;
    if (!served.has(path)) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(req.method === 'HEAD' ? undefined : 'jpeg');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp({ outboundAllowPrivateHosts: [new URL(base).host] });
  const res = await t.http().post('/v1/sites').send({ name: 'Harbour Blog', baseUrl: base }).expect(201);
  site = { id: res.body.id, secret: res.body.webhookSecret };
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** An upload with no generated sizes: the takedown checks its one URL (and WordPress's derived names, all 404 here). */
async function ingest(cmsId: number, name: string) {
  const path = `/wp-content/uploads/2026/02/${name}.jpg`;
  const attachment = { id: cmsId, date: '2026-02-14T09:00:00', source_url: `${base}${path}`, mime_type: 'image/jpeg', media_details: { width: 640, height: 400, sizes: {} } };
  const res = await sendWebhook(t, site.id, multipartDelivery(attachmentEvent('media.created', attachment), photo, `${name}.jpg`), { secret: site.secret });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { id: res.body.assetId as string, path, url: `${base}${path}` };
}

async function claimAbout(asset: { id: string; url: string }) {
  const res = await t.http().post('/v1/claims').send({ agency: 'picrights', caseRef: `PR-${Math.random()}`, receivedOn: '2026-11-20', amount: 300, currency: 'EUR', infringingUrls: [asset.url] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await t.http().put(`/v1/claims/${res.body.id}/matches`).send({ assetIds: [asset.id] }).expect(200);
  return res.body.id as string;
}

const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const assetRemovedAt = async (id: string) => (await t.http().get(`/v1/assets/${id}`).expect(200)).body.removedAt as string | null;

describe('the settlement day', () => {
  it.each([
    ['two days ahead', 2],
    ['next year', 365],
  ])('is refused when it is %s, with a 400 problem naming the field; nothing is recorded', async (_, days) => {
    const asset = await ingest(200 + days, `future-${days}`);
    const claimId = await claimAbout(asset);
    const res = await t.http().post(`/v1/claims/${claimId}/settlement`).send({ outcome: 'license_purchased', amount: 100, settledOn: utcDay(days), license: { expiresOn: null } });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'date_in_future', field: 'settledOn' });
    const claim = (await t.http().get(`/v1/claims/${claimId}`).expect(200)).body;
    expect(claim).toMatchObject({ status: 'matched', settledOn: null, settlementLicenseId: null });
    expect(claim.events.filter((e: { type: string }) => e.type === 'settlement')).toEqual([]);
  });

  it('is accepted today and in the past', async () => {
    const asset = await ingest(210, 'past');
    const claimId = await claimAbout(asset);
    const res = await t.http().post(`/v1/claims/${claimId}/settlement`).send({ outcome: 'license_purchased', amount: 100, settledOn: utcDay(-3), license: { expiresOn: null } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ claim: { settledOn: utcDay(-3) }, warnings: [] });
  });
});

describe('no future use without a verified removal', () => {
  it('is recorded (it was agreed), with a warning in the response, and the pack says the removal is not verified', async () => {
    const asset = await ingest(220, 'still-served');
    served.add(asset.path);
    const claimId = await claimAbout(asset);
    const res = await t.http().post(`/v1/claims/${claimId}/settlement`).send({ outcome: 'no_future_use', amount: null });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.claim).toMatchObject({ status: 'settled', settlementOutcome: 'no_future_use' });
    const takedown = res.body.takedowns[0];
    expect(takedown).toMatchObject({ status: 'live', stillLive: [asset.url] });
    expect(res.body.warnings).toEqual([{ code: 'removal_not_verified', assetId: asset.id, takedownId: takedown.id, detail: expect.stringContaining(asset.url) }]);
    expect(await assetRemovedAt(asset.id)).toBeNull();

    const pack = await downloadBytes(t, `/v1/claims/${claimId}/pack`);
    expect(pack.status).toBe(200);
    const summary = (await readPdf(readZip(pack.body as Buffer).find((e) => e.name === 'summary.pdf')!.data)).text;
    expect(summary).toMatch(/not verified: 1 of \d+ URLs still answer/);
    expect(summary).not.toMatch(/takedown of .* verified/);
    served.delete(asset.path);
  });

  it('gives no warning once the takedown verifies the removal at once', async () => {
    const asset = await ingest(230, 'already-gone');
    const claimId = await claimAbout(asset);
    const res = await t.http().post(`/v1/claims/${claimId}/settlement`).send({ outcome: 'no_future_use', amount: null });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.takedowns[0].status).toBe('verified');
    expect(res.body.warnings).toEqual([]);
    expect(await assetRemovedAt(asset.id)).toBe(res.body.takedowns[0].verifiedAt);
  });
});

describe("an asset's removal", () => {
  it('is undone when a later takedown finds the file served again, not only by the takedown that proved it', async () => {
    const asset = await ingest(240, 'comes-back');
    const first = (await t.http().post(`/v1/assets/${asset.id}/takedowns`).send({}).expect(201)).body;
    expect(first.status).toBe('verified');
    expect(await assetRemovedAt(asset.id)).toBe(first.verifiedAt);
    expect((await t.http().get(`/v1/assets/${asset.id}`).expect(200)).body.coverageStatus).toBe('removed');

    served.add(asset.path); // re-uploaded, served again
    const second = (await t.http().post(`/v1/assets/${asset.id}/takedowns`).send({}).expect(201)).body;
    expect(second).toMatchObject({ status: 'live', stillLive: [asset.url] });
    expect(await assetRemovedAt(asset.id)).toBeNull();
    expect((await t.http().get(`/v1/assets/${asset.id}`).expect(200)).body.coverageStatus).not.toBe('removed');

    // Gone again: the later takedown's proof is the removal now.
    served.delete(asset.path);
    const recheck = (await t.http().post(`/v1/takedowns/${second.id}/checks`).expect(200)).body;
    expect(recheck.status).toBe('verified');
    expect(await assetRemovedAt(asset.id)).toBe(recheck.verifiedAt);
  });
});
