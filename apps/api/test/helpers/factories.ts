import type { TestApp } from './test-app.ts';

let n = 0;

export async function makeSite(t: TestApp, name = `Site ${++n}`) {
  const res = await t.http().post('/v1/sites').send({ name, baseUrl: `https://site-${n}.example` }).expect(201);
  return res.body as { id: string; name: string; webhookSecret: string };
}

export async function makeAsset(t: TestApp, siteId: string, extra: Record<string, unknown> = {}, token?: string) {
  const res = await t
    .http(token)
    .post('/v1/assets')
    .send({ siteId, filename: `photo-${++n}.jpg`, mimeType: 'image/jpeg', ...extra })
    .expect(201);
  return res.body as { id: string; siteId: string; coverageStatus: string; risk: string };
}

export async function makeLicense(t: TestApp, assetIds: string[], extra: Record<string, unknown> = {}) {
  const res = await t.http().post('/v1/licenses').send({ kind: 'stock_royalty_free', licensor: 'iStock', assetIds, ...extra });
  if (res.status !== 201) throw new Error(`license: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; assets: { id: string; coverageStatus: string }[] };
}

export async function makeSiteToken(t: TestApp, siteId: string) {
  const res = await t.http().post('/v1/tokens').send({ name: 'site token', siteId }).expect(201);
  return res.body.token as string;
}
