import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromToday } from './helpers/days.ts';
import { makeAsset, makeLicense, makeSite } from './helpers/factories.ts';
import { uploadProof } from './helpers/proofs.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const statusOf = async (id: string) => (await t.http().get(`/v1/assets/${id}`).expect(200)).body.coverageStatus as string;

describe('licenses', () => {
  it('covers several assets at once and changes their status in the same request', async () => {
    const site = await makeSite(t);
    const a = await makeAsset(t, site.id);
    const b = await makeAsset(t, site.id);
    const res = await t
      .http()
      .post('/v1/licenses')
      .send({
        assetIds: [a.id, b.id],
        kind: 'stock_royalty_free',
        licensor: 'iStock by Getty Images',
        sourceUrl: 'https://www.istockphoto.com/photo/x-gm1234567-1',
        orderRef: 'INV-2019-0042',
        obtainedOn: '2019-03-02',
        cost: 33.5,
        currency: 'EUR',
        attributionRequired: false,
      })
      .expect(201);
    expect(res.body).toMatchObject({ siteId: site.id, kind: 'stock_royalty_free', cost: 33.5, currency: 'EUR', assetCount: 2, proofCount: 0, expiresOn: null });
    expect(res.body.assets.map((x: { coverageStatus: string }) => x.coverageStatus)).toEqual(['unproven', 'unproven']);
  });

  it('turns covered once a proof backs it, and public domain with a source needs no document', async () => {
    const site = await makeSite(t);
    const a = await makeAsset(t, site.id);
    const license = await makeLicense(t, [a.id]);
    expect(await statusOf(a.id)).toBe('unproven');
    await uploadProof(t, license.id);
    expect(await statusOf(a.id)).toBe('covered');

    const nasa = await makeAsset(t, site.id, { filename: 'iss-earthrise.jpg' });
    await makeLicense(t, [nasa.id], { kind: 'public_domain', licensor: null, sourceUrl: 'https://images.nasa.gov/details/iss0001' });
    expect(await statusOf(nasa.id)).toBe('covered');
  });

  it('follows the dates: expiring within the window, expired after, not yet valid before', async () => {
    const site = await makeSite(t);
    const expiring = await makeAsset(t, site.id);
    const expired = await makeAsset(t, site.id);
    const future = await makeAsset(t, site.id);
    const lastDayToday = await makeAsset(t, site.id);
    for (const [asset, dates] of [
      [expiring, { expiresOn: dayFromToday(10) }],
      [expired, { validFrom: dayFromToday(-400), expiresOn: dayFromToday(-1) }],
      [future, { validFrom: dayFromToday(5) }],
      [lastDayToday, { expiresOn: dayFromToday(0) }],
    ] as const) {
      const l = await makeLicense(t, [asset.id], dates);
      await uploadProof(t, l.id);
    }
    expect(await statusOf(expiring.id)).toBe('expiring');
    expect(await statusOf(expired.id)).toBe('expired');
    expect(await statusOf(future.id)).toBe('uncovered');
    expect(await statusOf(lastDayToday.id)).toBe('expiring');
  });

  it('refuses a window that ends before it starts', async () => {
    const site = await makeSite(t);
    const a = await makeAsset(t, site.id);
    const res = await t.http().post('/v1/licenses').send({ kind: 'other', assetIds: [a.id], validFrom: '2026-05-01', expiresOn: '2026-04-30' }).expect(422);
    expect(res.body.code).toBe('invalid_date_range');
    const license = await makeLicense(t, [a.id], { validFrom: '2026-05-01' });
    const patch = await t.http().patch(`/v1/licenses/${license.id}`).send({ expiresOn: '2026-01-01' }).expect(422);
    expect(patch.body.code).toBe('invalid_date_range');
  });

  it('refuses assets of two sites in one license', async () => {
    const a = await makeAsset(t, (await makeSite(t)).id);
    const b = await makeAsset(t, (await makeSite(t)).id);
    const res = await t.http().post('/v1/licenses').send({ kind: 'other', assetIds: [a.id, b.id] }).expect(422);
    expect(res.body.code).toBe('assets_span_sites');
    expect(await statusOf(a.id)).toBe('uncovered');
  });

  it('attaches and detaches assets, updating their status, but never the last one', async () => {
    const site = await makeSite(t);
    const a = await makeAsset(t, site.id);
    const b = await makeAsset(t, site.id);
    const license = await makeLicense(t, [a.id]);
    const attached = await t.http().post(`/v1/licenses/${license.id}/assets`).send({ assetIds: [b.id, a.id] }).expect(200);
    expect(attached.body.assetCount).toBe(2);
    expect(await statusOf(b.id)).toBe('unproven');
    const detached = await t.http().delete(`/v1/licenses/${license.id}/assets/${b.id}`).expect(200);
    expect(detached.body.assets.map((x: { id: string }) => x.id)).toEqual([a.id]);
    expect(await statusOf(b.id)).toBe('uncovered');
    const last = await t.http().delete(`/v1/licenses/${license.id}/assets/${a.id}`).expect(422);
    expect(last.body.code).toBe('last_asset');
    await t.http().delete(`/v1/licenses/${license.id}/assets/${b.id}`).expect(404);
  });

  it('lists with filters by kind, site and expiry window', async () => {
    const site = await makeSite(t);
    const a = await makeAsset(t, site.id);
    const soon = await makeLicense(t, [a.id], { kind: 'settlement', expiresOn: dayFromToday(20) });
    const later = await makeLicense(t, [a.id], { kind: 'settlement', expiresOn: dayFromToday(200) });
    const perpetual = await makeLicense(t, [a.id], { kind: 'written_permission' });
    const ids = async (query: string) =>
      (await t.http().get(`/v1/licenses?siteId=${site.id}&${query}`).expect(200)).body.items.map((l: { id: string }) => l.id);
    expect(await ids('kind=settlement')).toEqual([later.id, soon.id]);
    expect(await ids('expiringWithinDays=30')).toEqual([soon.id]);
    expect(await ids('expiringWithinDays=365')).toEqual([later.id, soon.id]);
    expect(await ids('kind=written_permission')).toEqual([perpetual.id]);
    const page = await t.http().get(`/v1/licenses?siteId=${site.id}&limit=2`).expect(200);
    expect(page.body.items).toHaveLength(2);
    const next = await t.http().get(`/v1/licenses?siteId=${site.id}&limit=2&cursor=${page.body.nextCursor}`).expect(200);
    expect(next.body.items.map((l: { id: string }) => l.id)).toEqual([soon.id]);
    expect(next.body.nextCursor).toBeNull();
  });
});
