import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAsset, makeLicense, makeSite } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('assets', () => {
  it('records an asset from JSON with its URLs and rights metadata, uncovered and rated by risk', async () => {
    const site = await makeSite(t);
    const res = await t
      .http()
      .post('/v1/assets')
      .send({
        siteId: site.id,
        cmsId: '42',
        filename: 'iStock-1234567.jpg',
        title: 'Harbour at dawn',
        mimeType: 'image/jpeg',
        width: 2560,
        height: 1707,
        urls: [
          { url: 'https://site.example/wp-content/uploads/2026/05/iStock-1234567-scaled.jpg', kind: 'scaled' },
          { url: 'https://site.example/wp-content/uploads/2026/05/iStock-1234567-300x200.jpg', kind: 'size', sizeName: 'medium', width: 300, height: 200 },
        ],
        rights: { credit: 'Getty Images/iStockphoto', copyrightNotice: '© jane-doe' },
      })
      .expect(201);
    expect(res.body).toMatchObject({ coverageStatus: 'uncovered', risk: 'high', cmsId: '42', title: 'Harbour at dawn' });
    expect(res.body.rights).toMatchObject({ credit: 'Getty Images/iStockphoto', copyrightNotice: '© jane-doe', creator: null });
    expect(res.body.urls).toHaveLength(2);
  });

  it('refuses a second asset with the same CMS id on the same site', async () => {
    const site = await makeSite(t);
    await makeAsset(t, site.id, { cmsId: '7' });
    const res = await t.http().post('/v1/assets').send({ siteId: site.id, cmsId: '7', filename: 'a.jpg', mimeType: 'image/jpeg' }).expect(409);
    expect(res.body.code).toBe('conflict');
  });

  it('gets an asset with its licenses, proofs, usages and claims', async () => {
    const site = await makeSite(t);
    const asset = await makeAsset(t, site.id);
    const license = await makeLicense(t, [asset.id]);
    const res = await t.http().get(`/v1/assets/${asset.id}`).expect(200);
    expect(res.body.licenses.map((l: { id: string }) => l.id)).toEqual([license.id]);
    expect(res.body).toMatchObject({ coverageStatus: 'unproven', proofs: [], usages: [], claims: [] });
  });

  it('updates the title and rights metadata and re-rates the risk', async () => {
    const site = await makeSite(t);
    const asset = await makeAsset(t, site.id, { rights: { cameraMake: 'Canon' } });
    expect(asset.risk).toBe('low');
    const res = await t.http().patch(`/v1/assets/${asset.id}`).send({ title: 'New', rights: { copyrightNotice: '© Someone Else' } }).expect(200);
    expect(res.body).toMatchObject({ title: 'New', risk: 'high' });
    expect(res.body.rights).toMatchObject({ cameraMake: 'Canon', copyrightNotice: '© Someone Else' });
  });

  it('removes an asset by marking it, keeping its licenses as history', async () => {
    const site = await makeSite(t);
    const asset = await makeAsset(t, site.id);
    const license = await makeLicense(t, [asset.id]);
    const removed = await t.http().delete(`/v1/assets/${asset.id}`).expect(200);
    expect(removed.body.coverageStatus).toBe('removed');
    expect(removed.body.removedAt).not.toBeNull();
    const again = await t.http().delete(`/v1/assets/${asset.id}`).expect(200);
    expect(again.body.removedAt).toBe(removed.body.removedAt);
    const detail = await t.http().get(`/v1/assets/${asset.id}`).expect(200);
    expect(detail.body.licenses.map((l: { id: string }) => l.id)).toEqual([license.id]);
  });

  describe('list', () => {
    let siteId: string;
    const ids: string[] = [];
    beforeAll(async () => {
      siteId = (await makeSite(t)).id;
      for (let i = 0; i < 7; i++) ids.push((await makeAsset(t, siteId, { filename: `list-${i}.jpg`, title: i === 3 ? 'Sunset over Lisbon' : null })).id);
      await makeLicense(t, [ids[0]!, ids[1]!]);
      await t.http().patch(`/v1/assets/${ids[2]}`).send({ rights: { credit: 'Reuters / Photographer' } }).expect(200);
    });

    it('pages newest first with a cursor, without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http().get(`/v1/assets?siteId=${siteId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
        seen.push(...res.body.items.map((a: { id: string }) => a.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].reverse());
    });

    it('filters by status, risk and text (filename, title, credit)', async () => {
      const unproven = await t.http().get(`/v1/assets?siteId=${siteId}&status=unproven`).expect(200);
      expect(unproven.body.items.map((a: { id: string }) => a.id).sort()).toEqual([ids[0], ids[1]].sort());
      const uncovered = await t.http().get(`/v1/assets?siteId=${siteId}&status=uncovered`).expect(200);
      expect(uncovered.body.items).toHaveLength(5);
      const high = await t.http().get(`/v1/assets?siteId=${siteId}&risk=high`).expect(200);
      expect(high.body.items.map((a: { id: string }) => a.id)).toEqual([ids[2]]);
      const byTitle = await t.http().get(`/v1/assets?siteId=${siteId}&q=lisbon`).expect(200);
      expect(byTitle.body.items.map((a: { id: string }) => a.id)).toEqual([ids[3]]);
      const byCredit = await t.http().get(`/v1/assets?siteId=${siteId}&q=REUTERS`).expect(200);
      expect(byCredit.body.items.map((a: { id: string }) => a.id)).toEqual([ids[2]]);
      const byFilename = await t.http().get(`/v1/assets?siteId=${siteId}&q=list-5`).expect(200);
      expect(byFilename.body.items.map((a: { id: string }) => a.id)).toEqual([ids[5]]);
    });

    it('filters by CMS id, detected source and upload day', async () => {
      const other = (await makeSite(t)).id;
      const a = await makeAsset(t, other, { cmsId: '501', filename: 'iStock-998877.jpg', uploadedAt: '2026-03-01T23:30:00Z' });
      const b = await makeAsset(t, other, { cmsId: '502', filename: 'pexels-photo-4455.jpg', uploadedAt: '2026-03-02T00:10:00Z' });
      const idsOf = (res: { body: { items: { id: string }[] } }) => res.body.items.map((x) => x.id);
      expect(idsOf(await t.http().get(`/v1/assets?siteId=${other}&cmsId=502`).expect(200))).toEqual([b.id]);
      expect(idsOf(await t.http().get(`/v1/assets?siteId=${other}&source=istock`).expect(200))).toEqual([a.id]);
      expect(idsOf(await t.http().get(`/v1/assets?siteId=${other}&uploadedFrom=2026-03-02`).expect(200))).toEqual([b.id]);
      expect(idsOf(await t.http().get(`/v1/assets?siteId=${other}&uploadedTo=2026-03-01`).expect(200))).toEqual([a.id]);
      expect(idsOf(await t.http().get(`/v1/assets?siteId=${other}&uploadedFrom=2026-03-03`).expect(200))).toEqual([]);
      await t.http().get('/v1/assets?uploadedFrom=March').expect(400);
    });

    it('refuses a tampered cursor', async () => {
      const res = await t.http().get('/v1/assets?cursor=not-a-cursor').expect(400);
      expect(res.body.code).toBe('invalid_cursor');
    });
  });
});
