/**
 * Every route against missing/invalid credentials, another site's token, nonexistent ids,
 * unknown fields, wrong types, malformed, mislabelled and oversized bodies: each gets its 4xx
 * problem+json code, and no stored data changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { enqueue } from '../src/jobs/job-queue.ts';
import { minimalPdf } from './helpers/documents.ts';
import { makeAsset, makeLicense, makeSite, makeSiteToken } from './helpers/factories.ts';
import { uploadProof } from './helpers/proofs.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

type Ids = { site: string; asset: string; asset2: string; stored: string; license: string; token: string; proof: string; takedown: string; user: string; claim: string; importSite: string; importJob: string; job: string };
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type RouteCase = {
  method: Method;
  /** The OpenAPI path, to check that the table covers every route. */
  route: string;
  path: (ids: Ids) => string;
  body?: (ids: Ids) => Record<string, unknown>;
  /** A field of the body with a valid value of another type, for the wrong-type case. */
  wrongType?: [field: string, value: unknown];
  /** What another site's token gets: instance-only routes are forbidden, resources of other sites are not found. */
  otherSite: 'forbidden' | 'not_found' | 'site_forbidden' | 'empty';
  /** Multipart routes: how a valid request is made (their hostile bodies are tested in proofs.test.ts). */
  form?: (req: ReturnType<ReturnType<TestApp['http']>['post']>) => ReturnType<ReturnType<TestApp['http']>['post']>;
  /** A free-text field for the NUL case when the body's first text field is checked otherwise (an enum, a URL); null: the body has none. */
  text?: string | null;
  /** When a valid request cannot succeed here, the status it must get instead, and why. */
  validStatus?: [status: number, why: string];
};

const tinyJpeg = readFileSync(fixturePath('images', 'files', 'ianare_Canon_40D.jpg'));
const wxrExport = readFileSync(fixturePath('wordpress', 'wxr_importer_wxr-flat-attachment-different-site.xml'));
const missing = '01900000-0000-7000-8000-000000000000';
const idsAll = (id: string): Ids => ({ site: id, asset: id, asset2: id, stored: id, license: id, token: id, proof: id, takedown: id, user: id, claim: id, importSite: id, importJob: id, job: id });
/** The free-text field of a route's body for the NUL case: named, or the first text field (bodies built with placeholder ids). */
const textField = (r: RouteCase) =>
  r.text !== undefined ? (r.text ?? undefined) : Object.entries(r.body?.(idsAll('x')) ?? {}).find(([, v]) => typeof v === 'string')?.[0];
const withMissing = (_ids: Ids): Ids => ({ site: missing, asset: missing, asset2: missing, stored: missing, license: missing, token: missing, proof: missing, takedown: missing, user: missing, claim: missing, importSite: missing, importJob: missing, job: '999999999999' }); // job ids are digits

const routes: RouteCase[] = [
  { method: 'post', route: '/v1/sites', path: () => '/v1/sites', body: () => ({ name: 'New', baseUrl: 'https://new.example' }), wrongType: ['name', 42], otherSite: 'forbidden' },
  { method: 'get', route: '/v1/sites', path: () => '/v1/sites', otherSite: 'empty' },
  { method: 'get', route: '/v1/sites/{id}', path: (i) => `/v1/sites/${i.site}`, otherSite: 'not_found' },
  // Changing a site is for admins: a site-scoped token (an editor) is refused before the site is looked up.
  { method: 'patch', route: '/v1/sites/{id}', path: (i) => `/v1/sites/${i.site}`, body: () => ({ name: 'Renamed' }), wrongType: ['name', ['x']], otherSite: 'forbidden' },
  { method: 'post', route: '/v1/sites/{id}/webhook-secret/rotate', path: (i) => `/v1/sites/${i.site}/webhook-secret/rotate`, otherSite: 'forbidden' },
  {
    method: 'post', route: '/v1/assets', path: () => '/v1/assets',
    body: (i) => ({ siteId: i.site, filename: 'x.jpg', mimeType: 'image/jpeg' }), wrongType: ['bytes', '1024'], otherSite: 'site_forbidden',
  },
  { method: 'get', route: '/v1/assets', path: () => '/v1/assets', otherSite: 'empty' },
  {
    method: 'post', route: '/v1/sites/{id}/assets', path: (i) => `/v1/sites/${i.site}/assets`, otherSite: 'site_forbidden',
    form: (req) => req.field('title', 'Harbour').attach('file', tinyJpeg, 'harbour.jpg'),
  },
  // An asset with a stored file: the valid request gets the picture, so each refusal is the route's own.
  { method: 'get', route: '/v1/assets/{id}/thumbnail', path: (i) => `/v1/assets/${i.stored}/thumbnail`, otherSite: 'not_found' },
  { method: 'get', route: '/v1/assets/{id}/original', path: (i) => `/v1/assets/${i.stored}/original`, otherSite: 'not_found' },
  { method: 'get', route: '/v1/assets/{id}', path: (i) => `/v1/assets/${i.asset}`, otherSite: 'not_found' },
  { method: 'patch', route: '/v1/assets/{id}', path: (i) => `/v1/assets/${i.asset}`, body: () => ({ title: 'T' }), wrongType: ['title', true], otherSite: 'not_found' },
  { method: 'delete', route: '/v1/assets/{id}', path: (i) => `/v1/assets/${i.asset}`, otherSite: 'not_found' },
  {
    method: 'post', route: '/v1/licenses', path: () => '/v1/licenses',
    body: (i) => ({ kind: 'other', assetIds: [i.asset] }), wrongType: ['cost', '12.50'], text: 'notes', otherSite: 'not_found',
  },
  { method: 'get', route: '/v1/licenses', path: () => '/v1/licenses', otherSite: 'empty' },
  { method: 'get', route: '/v1/licenses/export.csv', path: () => '/v1/licenses/export.csv', otherSite: 'empty' },
  { method: 'get', route: '/v1/licenses/{id}', path: (i) => `/v1/licenses/${i.license}`, otherSite: 'not_found' },
  { method: 'patch', route: '/v1/licenses/{id}', path: (i) => `/v1/licenses/${i.license}`, body: () => ({ notes: 'n' }), wrongType: ['attributionRequired', 'yes'], otherSite: 'not_found' },
  {
    method: 'post', route: '/v1/licenses/{id}/assets', path: (i) => `/v1/licenses/${i.license}/assets`,
    body: (i) => ({ assetIds: [i.asset2] }), wrongType: ['assetIds', 'abc'], otherSite: 'not_found',
  },
  { method: 'delete', route: '/v1/licenses/{id}/assets/{assetId}', path: (i) => `/v1/licenses/${i.license}/assets/${i.asset2}`, otherSite: 'not_found' },
  { method: 'get', route: '/v1/coverage/summary', path: () => '/v1/coverage/summary', otherSite: 'empty' },
  { method: 'get', route: '/v1/coverage/expiring', path: () => '/v1/coverage/expiring', otherSite: 'empty' },
  { method: 'get', route: '/v1/coverage/history', path: () => '/v1/coverage/history', otherSite: 'empty' },
  {
    method: 'post', route: '/v1/licenses/{id}/proofs', path: (i) => `/v1/licenses/${i.license}/proofs`, otherSite: 'not_found',
    form: (req) => req.field('kind', 'receipt').attach('file', minimalPdf('receipt'), 'receipt.pdf'),
  },
  {
    method: 'post', route: '/v1/licenses/{id}/proofs/snapshot', path: (i) => `/v1/licenses/${i.license}/proofs/snapshot`,
    body: () => ({ url: 'http://127.0.0.1:9/terms' }), wrongType: ['url', 12], text: null, otherSite: 'not_found',
    validStatus: [422, 'loopback is not an allowed outbound address here; a fetched snapshot is tested in proofs.test.ts'],
  },
  { method: 'get', route: '/v1/licenses/{id}/proofs', path: (i) => `/v1/licenses/${i.license}/proofs`, otherSite: 'not_found' },
  { method: 'get', route: '/v1/proofs/{id}', path: (i) => `/v1/proofs/${i.proof}`, otherSite: 'not_found' },
  { method: 'get', route: '/v1/proofs/{id}/download', path: (i) => `/v1/proofs/${i.proof}/download`, otherSite: 'not_found' },
  { method: 'delete', route: '/v1/proofs/{id}', path: (i) => `/v1/proofs/${i.proof}`, otherSite: 'not_found' },
  { method: 'post', route: '/v1/integrity/scrub', path: () => '/v1/integrity/scrub', otherSite: 'forbidden' },
  {
    method: 'post', route: '/v1/sites/{id}/imports/wordpress', path: (i) => `/v1/sites/${i.importSite}/imports/wordpress`,
    body: () => ({ username: 'admin', applicationPassword: 'abcd efgh ijkl mnop', fetchFiles: false }), wrongType: ['perPage', '10'], otherSite: 'site_forbidden',
  },
  {
    method: 'post', route: '/v1/sites/{id}/imports/wxr', path: (i) => `/v1/sites/${i.importSite}/imports/wxr`, otherSite: 'site_forbidden',
    form: (req) => req.field('fetchFiles', 'false').attach('file', wxrExport, 'export.xml'),
  },
  { method: 'get', route: '/v1/sites/{id}/imports', path: (i) => `/v1/sites/${i.importSite}/imports`, otherSite: 'site_forbidden' },
  { method: 'get', route: '/v1/imports/{id}', path: (i) => `/v1/imports/${i.importJob}`, otherSite: 'not_found' },
  {
    method: 'post', route: '/v1/imports/{id}/resume', path: (i) => `/v1/imports/${i.importJob}/resume`, body: () => ({}), wrongType: ['username', 5], otherSite: 'not_found',
    validStatus: [409, 'the table import has completed; resuming is tested in imports/wordpress-crawl.test.ts'],
  },
  { method: 'get', route: '/v1/audit/events', path: () => '/v1/audit/events', otherSite: 'empty' },
  { method: 'get', route: '/v1/audit/verify', path: () => '/v1/audit/verify', otherSite: 'forbidden' },
  { method: 'get', route: '/v1/health', path: () => '/v1/health', otherSite: 'forbidden' },
  { method: 'get', route: '/v1/tokens', path: () => '/v1/tokens', otherSite: 'forbidden' },
  { method: 'post', route: '/v1/tokens', path: () => '/v1/tokens', body: () => ({ name: 'ci' }), wrongType: ['name', 1], otherSite: 'forbidden' },
  { method: 'delete', route: '/v1/tokens/{id}', path: (i) => `/v1/tokens/${i.token}`, otherSite: 'forbidden' },
  // Background jobs are for admins; a site token is refused before the job is looked up. Cancel runs before retry (valid order).
  { method: 'get', route: '/v1/jobs', path: () => '/v1/jobs', otherSite: 'forbidden' },
  { method: 'get', route: '/v1/jobs/{id}', path: (i) => `/v1/jobs/${i.job}`, otherSite: 'forbidden' },
  { method: 'post', route: '/v1/jobs/{id}/cancel', path: (i) => `/v1/jobs/${i.job}/cancel`, otherSite: 'forbidden' },
  { method: 'post', route: '/v1/jobs/{id}/retry', path: (i) => `/v1/jobs/${i.job}/retry`, otherSite: 'forbidden' },
  { method: 'get', route: '/v1/users', path: () => '/v1/users', otherSite: 'forbidden' },
  {
    method: 'post', route: '/v1/users', path: () => '/v1/users',
    body: () => ({ email: 'new-user@example.org', password: 'twelve chars', role: 'viewer' }), wrongType: ['role', 1], text: 'password', otherSite: 'forbidden',
  },
  { method: 'patch', route: '/v1/users/{id}', path: (i) => `/v1/users/${i.user}`, body: () => ({ role: 'editor' }), wrongType: ['disabled', 'yes'], text: 'password', otherSite: 'forbidden' },
  // The caller's own session: an API token has none. With a cookie (and CSRF, and viewers): sessions.test.ts.
  { method: 'get', route: '/v1/session', path: () => '/v1/session', otherSite: 'forbidden', validStatus: [403, 'an API token has no session'] },
  { method: 'delete', route: '/v1/session', path: () => '/v1/session', otherSite: 'forbidden', validStatus: [403, 'an API token has no session'] },
  {
    method: 'put', route: '/v1/session/password', path: () => '/v1/session/password',
    body: () => ({ currentPassword: 'table password 1', newPassword: 'table password 2' }), wrongType: ['newPassword', 12], otherSite: 'forbidden',
    validStatus: [403, 'an API token has no session'],
  },
  {
    method: 'post', route: '/v1/claims', path: () => '/v1/claims',
    body: (i) => ({ agency: 'copytrack', siteId: i.site, caseRef: 'CT-1' }), wrongType: ['amount', 'lots'], text: 'caseRef', otherSite: 'site_forbidden',
  },
  { method: 'get', route: '/v1/claims', path: () => '/v1/claims', otherSite: 'empty' },
  { method: 'get', route: '/v1/claims/{id}', path: (i) => `/v1/claims/${i.claim}`, otherSite: 'not_found' },
  { method: 'patch', route: '/v1/claims/{id}', path: (i) => `/v1/claims/${i.claim}`, body: () => ({ notes: 'n' }), wrongType: ['infringingUrls', 'https://x.example/a.jpg'], otherSite: 'not_found' },
  {
    method: 'post', route: '/v1/claims/{id}/proofs', path: (i) => `/v1/claims/${i.claim}/proofs`, otherSite: 'not_found',
    form: (req) => req.field('kind', 'correspondence').attach('file', minimalPdf('reply'), 'reply.pdf'),
  },
  {
    method: 'post', route: '/v1/claims/{id}/letter', path: (i) => `/v1/claims/${i.claim}/letter`, otherSite: 'not_found',
    form: (req) => req.attach('file', minimalPdf('Case ID PX-2026-1 Pixsy'), 'letter.pdf'),
  },
  { method: 'post', route: '/v1/claims/{id}/letter/apply', path: (i) => `/v1/claims/${i.claim}/letter/apply`, body: () => ({ caseRef: 'PX-1' }), wrongType: ['amount', '12.00'], otherSite: 'not_found' },
  { method: 'post', route: '/v1/claims/{id}/letter/text', path: (i) => `/v1/claims/${i.claim}/letter/text`, body: () => ({ text: 'Case ID: PX-1' }), wrongType: ['text', 5], otherSite: 'not_found' },
  {
    method: 'post', route: '/v1/claims/{id}/settlement', path: (i) => `/v1/claims/${i.claim}/settlement`, body: () => ({ outcome: 'no_future_use', amount: null }), wrongType: ['amount', 'ten'], text: 'note', otherSite: 'not_found',
    validStatus: [422, 'nothing is confirmed on the table claim yet (the rows run in order); settlements are tested in claims-scenarios.test.ts'],
  },
  { method: 'post', route: '/v1/claims/{id}/match', path: (i) => `/v1/claims/${i.claim}/match`, otherSite: 'not_found' },
  { method: 'put', route: '/v1/claims/{id}/matches', path: (i) => `/v1/claims/${i.claim}/matches`, body: (i) => ({ assetIds: [i.asset] }), wrongType: ['assetIds', 'x'], otherSite: 'not_found' },
  { method: 'get', route: '/v1/claims/{id}/assessment', path: (i) => `/v1/claims/${i.claim}/assessment`, otherSite: 'not_found' },
  { method: 'get', route: '/v1/claims/{id}/pack', path: (i) => `/v1/claims/${i.claim}/pack`, otherSite: 'not_found' },
  { method: 'post', route: '/v1/claims/{id}/events', path: (i) => `/v1/claims/${i.claim}/events`, body: () => ({ type: 'note', note: 'called them' }), wrongType: ['note', 3], text: 'note', otherSite: 'not_found' },
  {
    method: 'post', route: '/v1/claims/{id}/status', path: (i) => `/v1/claims/${i.claim}/status`, body: () => ({ status: 'withdrawn' }), wrongType: ['status', 3], text: 'note', otherSite: 'not_found' },
  { method: 'post', route: '/v1/assets/{id}/takedowns', path: (i) => `/v1/assets/${i.asset}/takedowns`, body: () => ({}), wrongType: ['claimId', 12], otherSite: 'not_found' },
  { method: 'get', route: '/v1/assets/{id}/takedowns', path: (i) => `/v1/assets/${i.asset}/takedowns`, otherSite: 'not_found' },
  { method: 'get', route: '/v1/takedowns/{id}', path: (i) => `/v1/takedowns/${i.takedown}`, otherSite: 'not_found' },
  { method: 'post', route: '/v1/takedowns/{id}/checks', path: (i) => `/v1/takedowns/${i.takedown}/checks`, otherSite: 'not_found' },
];

const hasId = (r: RouteCase) => r.route.includes('{');
const label = (r: RouteCase) => `${r.method.toUpperCase()} ${r.route}`;

let t: TestApp;
let ids: Ids;
let otherSiteToken: string;

/** Everything stored, to prove that refused requests changed nothing. */
async function snapshot() {
  const p = t.app.prisma;
  return JSON.stringify(
    await Promise.all([
      p.site.findMany({ orderBy: { id: 'asc' }, include: { secrets: true } }),
      p.asset.findMany({ orderBy: { id: 'asc' }, include: { urls: true } }),
      p.license.findMany({ orderBy: { id: 'asc' }, include: { assets: true } }),
      p.apiToken.findMany({ orderBy: { id: 'asc' }, select: { id: true, revokedAt: true, name: true, siteId: true } }),
      p.user.findMany({ orderBy: { id: 'asc' } }),
    ]),
  );
}

function send(r: RouteCase, token: string | null, pathIds: Ids, body?: unknown) {
  const req = t.http(token)[r.method](r.path(pathIds));
  return body === undefined ? req : req.send(body as object);
}

function expectProblem(res: { status: number; headers: Record<string, string>; body: { code: string; status: number } }, status: number, code: string) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.status).toBe(status);
}

beforeAll(async () => {
  t = await createTestApp();
  const site = await makeSite(t, 'Site A');
  const asset = await makeAsset(t, site.id);
  const asset2 = await makeAsset(t, site.id);
  // Uploaded, not recorded from JSON: its original and thumbnail are stored.
  const stored = (await t.http().post(`/v1/sites/${site.id}/assets`).attach('file', tinyJpeg, 'stored.jpg').expect(201)).body.id as string;
  const license = await makeLicense(t, [asset.id, asset2.id]);
  const token = (await t.http().post('/v1/tokens').send({ name: 'to revoke' }).expect(201)).body.id as string;
  const proof = (await uploadProof(t, license.id)).id;
  // The asset has no recorded URL, so its takedown requests nothing (checks against a server: takedowns.test.ts).
  const takedown = (await t.http().post(`/v1/assets/${asset.id}/takedowns`).send({}).expect(201)).body.id as string;
  const user = (await t.http().post('/v1/users').send({ email: 'table@example.org', password: 'table password 1', role: 'viewer' }).expect(201)).body.id as string;
  const claim = (await t.http().post('/v1/claims').send({ agency: 'pixsy', siteId: site.id, caseRef: 'TABLE-1' }).expect(201)).body.id as string;
  // A site on a closed loopback port (a crawl of it fails without leaving the machine), and a finished WXR import.
  const importSite = (await t.http().post('/v1/sites').send({ name: 'Import site', baseUrl: 'http://127.0.0.1:9' }).expect(201)).body.id as string;
  const importJob = (await t.http().post(`/v1/sites/${importSite}/imports/wxr`).field('fetchFiles', 'false').attach('file', wxrExport, 'export.xml').expect(202)).body.id as string;
  while (['queued', 'running'].includes((await t.http().get(`/v1/imports/${importJob}`)).body.status)) await new Promise((r) => setTimeout(r, 20));
  const job = (await enqueue(t.app.prisma, { queue: 'bad-input-table' }, new Date())).id;
  ids = { site: site.id, asset: asset.id, asset2: asset2.id, stored, license: license.id, token, proof, takedown, user, claim, importSite, importJob, job };
  const other = await makeSite(t, 'Site B');
  otherSiteToken = await makeSiteToken(t, other.id);
});
afterAll(() => t.close());

describe('the table covers the API', () => {
  it('lists every route of the OpenAPI document', async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      // Unauthenticated by design: health, and the webhook whose signature is its credential (ingest-webhook.test.ts).
      .filter((r) => !r.endsWith(' /health') && r !== 'POST /v1/hooks/wordpress/{id}')
      // Sign-in takes no credentials; its bad bodies are tested in sessions.test.ts.
      .filter((r) => r !== 'POST /v1/sessions');
    expect(routes.map(label).sort()).toEqual(documented.sort());
  });
});

describe.each(routes)('$method $route', (r) => {
  it('without a token: 401 unauthorized', async () => {
    const before = await snapshot();
    expectProblem(await send(r, null, ids, r.body?.(ids)), 401, 'unauthorized');
    expectProblem(await t.http(null)[r.method](r.path(ids)).set('authorization', 'Basic abc'), 401, 'unauthorized');
    expect(await snapshot()).toBe(before);
  });

  it('with an unknown or revoked token: 401 invalid_token', async () => {
    expectProblem(await send(r, 'clr_not-a-real-token', ids, r.body?.(ids)), 401, 'invalid_token');
  });

  it("with another site's token: refused or scoped, nothing changes", async () => {
    const before = await snapshot();
    const res = await send(r, otherSiteToken, ids, r.body?.(ids));
    if (r.otherSite === 'empty') {
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body) + (res.text ?? '');
      expect(text).not.toContain(ids.asset);
      expect(text).not.toContain(ids.site);
    } else {
      const status = { forbidden: 403, site_forbidden: 403, not_found: 404 }[r.otherSite];
      expectProblem(res, status, r.otherSite);
    }
    expect(await snapshot()).toBe(before);
  });

  it.runIf(r.otherSite === 'empty' && r.method === 'get' && !r.route.endsWith('.csv') && r.route !== '/v1/sites')(
    "naming another site's id in the query: 403 site_forbidden",
    async () => {
      expectProblem(await t.http(otherSiteToken).get(`${r.path(ids)}?siteId=${ids.site}`), 403, 'site_forbidden');
    },
  );

  it.runIf(hasId(r))('with a nonexistent id: 404 not_found', async () => {
    const before = await snapshot();
    expectProblem(await send(r, t.token, withMissing(ids), r.body?.(ids)), 404, 'not_found');
    expect(await snapshot()).toBe(before);
  });

  it.runIf(!!r.body)('with an unknown field: 400 validation_failed pointing at it', async () => {
    const before = await snapshot();
    const res = await send(r, t.token, ids, { ...r.body!(ids), bogus: 1 });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toContainEqual({ pointer: '/body/bogus', detail: 'is not a known field' });
    expect(await snapshot()).toBe(before);
  });

  it.runIf(!!r.wrongType)('with a wrong type: 400 validation_failed pointing at the field', async () => {
    const before = await snapshot();
    const [field, value] = r.wrongType!;
    const res = await send(r, t.token, ids, { ...r.body!(ids), [field]: value });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(`/body/${field}`);
    expect(await snapshot()).toBe(before);
  });

  it.runIf(!!r.body)('with malformed JSON, a wrong content type or an oversized body: 400 / 415 / 413', async () => {
    const before = await snapshot();
    const raw = (type: string, payload: string) => t.http()[r.method](r.path(ids)).set('content-type', type).send(payload);
    expectProblem(await raw('application/json', '{"name": '), 400, 'malformed_json');
    expectProblem(await raw('text/xml', '<name>x</name>'), 415, 'unsupported_media_type');
    expectProblem(await raw('application/json', JSON.stringify({ pad: 'x'.repeat(1_100_000) })), 413, 'payload_too_large');
    expect(await snapshot()).toBe(before);
  });

  it.runIf(hasId(r))('with a NUL character or broken percent-encoding in the id: 400 validation_failed', async () => {
    const before = await snapshot();
    for (const id of ['%00', 'a%00b', '%E0%A4%A', '%ZZ']) {
      const res = await send(r, t.token, idsAll(id), r.body?.(ids));
      expectProblem(res, 400, 'validation_failed');
    }
    expect(await snapshot()).toBe(before);
  });

  it.runIf(textField(r) !== undefined)('with a NUL character in a text field: 400 validation_failed pointing at it', async () => {
    const before = await snapshot();
    const field = textField(r)!;
    const res = await send(r, t.token, ids, { ...r.body!(ids), [field]: `a\u0000${'b'.repeat(12)}` }); // long enough for a password
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toContainEqual({ pointer: `/body/${field}`, detail: 'must not contain a NUL character' });
    expect(await snapshot()).toBe(before);
  });

  it.runIf(!!r.form)('with a malformed multipart body: 400 validation_failed', async () => {
    const before = await snapshot();
    const form = (type: string, payload: string) => t.http().post(r.path(ids)).set('content-type', type).send(payload);
    expectProblem(await form('multipart/form-data', '--XyZ\r\n'), 400, 'validation_failed');
    expectProblem(await form('multipart/form-data; boundary=XyZ', 'hello world'), 400, 'validation_failed');
    expectProblem(await form('multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc'), 400, 'validation_failed');
    expect(await snapshot()).toBe(before);
  });

  it.runIf(!r.body && r.method === 'get')('with an unknown query parameter: 400 validation_failed', async () => {
    const res = await t.http().get(`${r.path(ids)}?bogus=1`);
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors[0].pointer).toBe('/querystring/bogus');
  });
});

describe('the same requests, valid, succeed (so the cases above test the right thing)', () => {
  it.each(routes)('$method $route', async (r) => {
    const res = r.form ? await r.form(t.http().post(r.path(ids))) : await send(r, t.token, ids, r.body?.(ids));
    if (r.validStatus) expect(res.status, r.validStatus[1]).toBe(r.validStatus[0]);
    else expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  });

  it('the picture routes serve the stored asset: its original byte for byte, a thumbnail image', async () => {
    const original = await t.http().get(`/v1/assets/${ids.stored}/original`).buffer(true).expect(200);
    expect(Buffer.compare(original.body as Buffer, tinyJpeg)).toBe(0);
    const thumbnail = await t.http().get(`/v1/assets/${ids.stored}/thumbnail`).expect(200);
    expect(thumbnail.headers['content-type']).toMatch(/^image\//);
  });
});

describe('values the database cannot store', () => {
  it.each([
    ['a day in year 0', 'post', '/v1/licenses', () => ({ kind: 'own_work', assetIds: [ids.asset], validFrom: '0000-01-01' }), '/body/validFrom'],
    ['a leap second', 'post', '/v1/claims/{claim}/events', () => ({ type: 'payment', at: '2024-06-30T23:59:60Z' }), '/body/at'],
    ['a time past year 9999', 'post', '/v1/claims/{claim}/events', () => ({ type: 'payment', at: '+275760-09-13T00:00:00Z' }), '/body/at'],
    ['an amount over DECIMAL(14, 2)', 'post', '/v1/claims', () => ({ agency: 'pixsy', siteId: ids.site, amount: 1e12 }), '/body/amount'],
    ['a cost over DECIMAL(14, 2)', 'post', '/v1/licenses', () => ({ kind: 'own_work', assetIds: [ids.asset], cost: 1e12 }), '/body/cost'],
    ['a width over a 32-bit integer', 'patch', '/v1/assets/{asset}', () => ({ width: 2 ** 31 }), '/body/width'],
    ['a byte count over a 32-bit integer', 'post', '/v1/assets', () => ({ siteId: ids.site, filename: 'x.jpg', mimeType: 'image/jpeg', bytes: 2 ** 53 }), '/body/bytes'],
  ] as const)('%s: 400 validation_failed, nothing stored', async (_label, method, path, body, pointer) => {
    const before = await snapshot();
    const res = await t.http()[method](path.replace('{claim}', ids.claim).replace('{asset}', ids.asset)).send(body());
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    expect(await snapshot()).toBe(before);
  });

  it('a query value with a NUL character or a day in year 0: 400 validation_failed', async () => {
    for (const query of ['q=%00', 'siteId=%00', 'cmsId=a%00', 'uploadedFrom=0000-01-01']) {
      expectProblem(await t.http().get(`/v1/assets?${query}`), 400, 'validation_failed');
    }
    expectProblem(await t.http().get('/v1/coverage/summary?siteId=%00'), 400, 'validation_failed');
    expectProblem(await t.http().get('/v1/audit/events?entityId=%00'), 400, 'validation_failed');
  });
});

describe('routes that do not exist', () => {
  it('answers 404 route_not_found as problem+json', async () => {
    expectProblem(await t.http().get('/v1/nothing-here'), 404, 'route_not_found');
  });
  it('answers an over-long id with 404 not_found or 400, never 5xx', async () => {
    const res = await t.http().get(`/v1/assets/${'a'.repeat(150)}`);
    expect([400, 404]).toContain(res.status);
  });
});
