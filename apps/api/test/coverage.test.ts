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

describe('coverage reports', () => {
  let siteA: { id: string; name: string };
  let siteB: { id: string; name: string };
  beforeAll(async () => {
    siteA = await makeSite(t, 'A blog');
    siteB = await makeSite(t, 'B shop');
    const [a1, a2, a3] = [await makeAsset(t, siteA.id), await makeAsset(t, siteA.id), await makeAsset(t, siteA.id)];
    await makeAsset(t, siteB.id);
    const b2 = await makeAsset(t, siteB.id);
    await makeLicense(t, [a1.id]); // unproven
    const expiring = await makeLicense(t, [a2.id], { kind: 'settlement', licensor: 'Pixsy', expiresOn: dayFromToday(12) });
    await uploadProof(t, expiring.id);
    await t.http().delete(`/v1/assets/${a3.id}`).expect(200);
    await makeLicense(t, [b2.id], { kind: 'own_work', licensor: 'Site owner' }); // covered
  });

  it('counts assets per status, overall and per site', async () => {
    const res = await t.http().get('/v1/coverage/summary').expect(200);
    expect(res.body).toMatchObject({
      warningDays: 30,
      total: 5,
      byStatus: { uncovered: 1, unproven: 1, expiring: 1, removed: 1, covered: 1, expired: 0 },
    });
    expect(res.body.bySite).toEqual([
      { siteId: siteA.id, siteName: 'A blog', total: 3, byStatus: { uncovered: 0, unproven: 1, expired: 0, expiring: 1, covered: 0, removed: 1 } },
      { siteId: siteB.id, siteName: 'B shop', total: 2, byStatus: { uncovered: 1, unproven: 0, expired: 0, expiring: 0, covered: 1, removed: 0 } },
    ]);
    const onlyB = await t.http().get(`/v1/coverage/summary?siteId=${siteB.id}`).expect(200);
    expect(onlyB.body.total).toBe(2);
    expect(onlyB.body.bySite).toHaveLength(1);
  });

  it('reports licenses ending within the window, 30 days by default', async () => {
    const res = await t.http().get('/v1/coverage/expiring').expect(200);
    expect(res.body.withinDays).toBe(30);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ kind: 'settlement', licensor: 'Pixsy', daysLeft: 12, expiresOn: dayFromToday(12) });
    expect(res.body.items[0].assets[0].coverageStatus).toBe('expiring');
    const narrow = await t.http().get('/v1/coverage/expiring?withinDays=7').expect(200);
    expect(narrow.body.items).toHaveLength(0);
  });

  it('moves a status with the calendar without any write to the license', async () => {
    const site = await makeSite(t);
    const asset = await makeAsset(t, site.id);
    const l = await makeLicense(t, [asset.id], { expiresOn: dayFromToday(60) });
    await uploadProof(t, l.id);
    expect((await t.http().get(`/v1/assets/${asset.id}`)).body.coverageStatus).toBe('covered');
    // Time passes: move the license's end so that today falls in the warning window, behind the API's back,
    // and make the stored recheck day due, as the calendar would.
    await t.app.prisma.license.update({ where: { id: l.id }, data: { expiresOn: new Date(`${dayFromToday(3)}T00:00:00Z`) } });
    await t.app.prisma.asset.update({ where: { id: asset.id }, data: { coverageRecheckOn: new Date(`${dayFromToday(0)}T00:00:00Z`) } });
    const list = await t.http().get(`/v1/assets?siteId=${site.id}&status=expiring`).expect(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([asset.id]);
  });

  it('exports the license register as CSV, one row per asset and license', async () => {
    const res = await t.http().get('/v1/licenses/export.csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="license-register-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe('asset_id,site,filename,coverage_status,license_id,license_kind,licensor,source_url,order_ref,valid_from,expires_on,cost,currency,proof_count');
    expect(lines.length).toBe(1 + 6);
    expect(lines.some((l) => l.includes(',settlement,Pixsy,') && l.endsWith(',1'))).toBe(true);
    expect(lines.filter((l) => l.includes(',uncovered,'))).toHaveLength(1);
  });

  it('neutralises spreadsheet formulas in exported cells', async () => {
    const site = await makeSite(t, '=HYPERLINK("http://evil")');
    await makeAsset(t, site.id, { filename: '+cmd.jpg' });
    const res = await t.http().get('/v1/licenses/export.csv').expect(200);
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(res.text).toContain(`'+cmd.jpg`);
  });
});
