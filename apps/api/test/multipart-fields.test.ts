import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAsset, makeLicense, makeSite } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

// Every upload route checks its text fields against its own body schema, as a JSON route does.
let t: TestApp;
let routes: { name: string; path: string; fields: Record<string, string>; pointer: string }[];

beforeAll(async () => {
  t = await createTestApp({ ingestMaxBytes: 100_000 });
  const site = await makeSite(t);
  const asset = await makeAsset(t, site.id);
  const license = await makeLicense(t, [asset.id]);
  const claim = (await t.http().post('/v1/claims').send({ agency: 'pixsy', siteId: site.id, caseRef: 'FORM-1' }).expect(201)).body.id as string;
  routes = [
    { name: 'asset upload', path: `/v1/sites/${site.id}/assets`, fields: { cmsId: 'x'.repeat(500) }, pointer: '/body/cmsId' },
    { name: 'license proof', path: `/v1/licenses/${license.id}/proofs`, fields: { kind: 'invoice', note: 'n'.repeat(2001) }, pointer: '/body/note' },
    { name: 'claim proof', path: `/v1/claims/${claim}/proofs`, fields: { kind: 'letter', note: 'n'.repeat(2001) }, pointer: '/body/note' },
    { name: 'claim letter', path: `/v1/claims/${claim}/letter`, fields: { note: 'a field the form does not have' }, pointer: '/body/note' },
    { name: 'WXR import', path: `/v1/sites/${site.id}/imports/wxr`, fields: { fetchFiles: 'maybe' }, pointer: '/body/fetchFiles' },
  ];
});
afterAll(async () => t?.close());

describe('multipart fields are checked against the route schema', () => {
  it('answers 400 validation_failed with a pointer for a bad field, on every upload route', async () => {
    for (const route of routes) {
      let req = t.http().post(route.path);
      for (const [name, value] of Object.entries(route.fields)) req = req.field(name, value);
      const res = await req.attach('file', Buffer.from('%PDF-1.4 not much of a document'), 'doc.pdf');
      expect({ route: route.name, status: res.status, code: res.body.code }).toEqual({ route: route.name, status: 400, code: 'validation_failed' });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer), route.name).toContain(route.pointer);
    }
  });

  it('answers 413 payload_too_large for a file over the route limit', async () => {
    const res = await t.http().post(routes[0]!.path).attach('file', Buffer.alloc(t.app.config.ingestMaxBytes + 1), 'big.jpg');
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('payload_too_large');
  });
});
