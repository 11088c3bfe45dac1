/**
 * No read route gives away a secret. The database holds one of everything that has one (webhook
 * signing secrets across a rotation, API tokens, users with passwords, sessions, a WordPress crawl
 * started with an application password); then every GET route the app has registered — taken from
 * the router itself, so a new route is walked without being listed here — is called as a viewer,
 * as a site token, as the admin, and without credentials. No body or header may contain any of
 * those values or their stored hashes. The only way to a webhook secret is the admin's answer to
 * creating or rotating it.
 */
import { readFileSync } from 'node:fs';
import type { Response } from 'supertest';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { makeAsset, makeLicense, makeSiteToken } from './helpers/factories.ts';
import { uploadProof } from './helpers/proofs.ts';
import { makeUser, signIn } from './helpers/sessions.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';
import { enqueue } from '../src/jobs/job-queue.ts';

const photo = readFileSync(fixturePath('images', 'files', 'ianare_Canon_40D.jpg'));
const wxrExport = readFileSync(fixturePath('wordpress', 'wxr_importer_wxr-flat-attachment-different-site.xml'));
const applicationPassword = 'abcd EFGH 1234 ijkl MNOP 5678';

type Caller = { name: string; admin: boolean; get: (path: string) => request.Test; ownCsrf?: string };

let t: TestApp;
/** Values no answer may contain, whoever asks. */
const secrets = new Map<string, string>();
/** Where the data lives: only the admin may see it. */
const infrastructure = new Map<string, string>();
/** The id that fills `:id` in routes under each collection. */
const ids = new Map<string, string[]>();
let callers: Caller[];
let site: { id: string };

function keep(into: Map<string, string>, what: string, value: string | null | undefined) {
  if (!value) throw new Error(`no value for ${what}`);
  into.set(what, value);
}

/** Every GET route the router knows, as `/v1/sites/:id`, read from the app rather than listed by hand. */
function registeredGetRoutes(): string[] {
  const tree = t.app.printRoutes({ method: 'GET', commonPrefix: false });
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \((?:[A-Z]+(?:, )?)+\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    if (/\((?:[A-Z, ])*GET/.test(line)) routes.push(stack.join(''));
  }
  return routes;
}

/** The swagger UI serves the OpenAPI document and its own static files: nothing stored. */
const isApiDocs = (route: string) => route === '/docs' || route.startsWith('/docs/');

/** List routes (those taking `limit`) are walked at their largest page, so every seeded row is in the answer. */
function withLargestPage(route: string, path: string): string {
  const spec = t.app.swagger() as { paths: Record<string, { get?: { parameters?: { in: string; name: string; schema?: { maximum?: number } }[] } }> };
  const limit = spec.paths[route.replace(/:(\w+)/g, '{$1}')]?.get?.parameters?.find((p) => p.in === 'query' && p.name === 'limit');
  return limit ? `${path}?limit=${limit.schema?.maximum ?? 200}` : path;
}

/** The route with each `:id` filled by every stored row of its collection (one path per row). */
function fillParams(route: string): string[] {
  const match = /\/([^/]+)\/:([A-Za-z]+)/.exec(route);
  if (!match) return [route];
  const [whole, collection, param] = match as unknown as [string, string, string];
  const stored = ids.get(collection);
  if (!stored?.length || param !== 'id') throw new Error(`${route}: no stored ${collection} to fill :${param} with; add one to this test`);
  return stored.flatMap((id) => fillParams(route.replace(whole, `/${collection}/${id}`)));
}

/** The whole answer as text, whatever its type (JSON, CSV, a file), with its headers. */
async function rawAnswer(req: request.Test): Promise<{ res: Response; text: string }> {
  const res = await req.buffer(true).parse((stream, done) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => done(null, Buffer.concat(chunks)));
  });
  const body = Buffer.isBuffer(res.body) ? res.body.toString('latin1') : '';
  return { res, text: `${JSON.stringify(res.headers)}\n${body}` };
}

beforeAll(async () => {
  t = await createTestApp();
  keep(infrastructure, 'the database', t.app.db.description);
  keep(infrastructure, 'the data directory', t.app.config.dataDir);
  if (t.app.config.databaseUrl) keep(secrets, 'the database URL', t.app.config.databaseUrl);

  // A site whose secret was rotated: both secrets are live and either signs webhooks.
  const created = (await t.http().post('/v1/sites').send({ name: 'Harbour blog', baseUrl: 'https://harbour.example' }).expect(201)).body;
  const rotated = (await t.http().post(`/v1/sites/${created.id}/webhook-secret/rotate`).expect(200)).body;
  site = { id: created.id };
  const other = (await t.http().post('/v1/sites').send({ name: 'Other blog', baseUrl: 'https://other.example' }).expect(201)).body;
  for (const [what, secret] of [['the first secret', created.webhookSecret], ['the rotated secret', rotated.webhookSecret], ["the other site's secret", other.webhookSecret]] as const) {
    keep(secrets, `${what}`, secret);
    // The prefix (`whsec_` and four characters) is shown; nothing after it may be.
    keep(secrets, `the hidden part of ${what}`, secret.slice(10));
  }
  expect((await t.app.prisma.webhookSecret.count({ where: { siteId: site.id, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } }))).toBe(2);

  const siteToken = await makeSiteToken(t, site.id);
  const spareToken = (await t.http().post('/v1/tokens').send({ name: 'spare' }).expect(201)).body.token as string;
  keep(secrets, 'the instance token', t.token);
  keep(secrets, 'the site token', siteToken);
  keep(secrets, 'a spare token', spareToken);
  for (const row of await t.app.prisma.apiToken.findMany()) keep(secrets, `the hash of token ${row.name}`, row.tokenHash);

  const admin = await makeUser(t, 'admin', 'ada.admin@example.org', 'admin passphrase 9f3a');
  const editor = await makeUser(t, 'editor', 'ed.editor@example.org', 'editor passphrase 77c1');
  const viewer = await makeUser(t, 'viewer', 'vi.viewer@example.org', 'viewer passphrase 0d2e');
  const adminSession = await signIn(t, admin.email, admin.password);
  const editorSession = await signIn(t, editor.email, editor.password);
  const viewerSession = await signIn(t, viewer.email, viewer.password);
  for (const user of [admin, editor, viewer]) keep(secrets, `the password of ${user.email}`, user.password);
  for (const row of await t.app.prisma.user.findMany()) {
    keep(secrets, `the password hash of ${row.email}`, row.passwordHash);
    keep(secrets, `the hash part of ${row.email}'s password hash`, row.passwordHash.split('$').at(-1));
  }
  for (const [who, s] of [['admin', adminSession], ['editor', editorSession], ['viewer', viewerSession]] as const) keep(secrets, `the ${who}'s session cookie`, s.cookie);
  for (const row of await t.app.prisma.session.findMany()) keep(secrets, `the hash of session ${row.id}`, row.tokenHash);
  // Each user sees their own CSRF token (GET /v1/session), nobody else's.
  const csrf = new Map([['admin', adminSession.csrf], ['editor', editorSession.csrf], ['viewer', viewerSession.csrf]]);

  // One of everything a path can name.
  const stored = (await t.http().post(`/v1/sites/${site.id}/assets`).attach('file', photo, 'harbour.jpg').expect(201)).body.id as string;
  const plain = await makeAsset(t, site.id);
  const license = await makeLicense(t, [stored, plain.id]);
  const proof = (await uploadProof(t, license.id)).id;
  const takedown = (await t.http().post(`/v1/assets/${plain.id}/takedowns`).send({}).expect(201)).body.id as string;
  const claim = (await t.http().post('/v1/claims').send({ agency: 'pixsy', siteId: site.id, caseRef: 'SECRETS-1', infringingUrls: ['https://copy.example/harbour.jpg'] }).expect(201)).body.id as string;
  // A crawl given an application password: it fails (nothing listens on port 9), and the job stays.
  const crawlSite = (await t.http().post('/v1/sites').send({ name: 'Crawled', baseUrl: 'http://127.0.0.1:9' }).expect(201)).body as { id: string };
  const crawl = (await t.http().post(`/v1/sites/${crawlSite.id}/imports/wordpress`).send({ username: 'editor', applicationPassword, fetchFiles: false }).expect(202)).body.id as string;
  keep(secrets, 'the application password', applicationPassword);
  keep(secrets, 'the application password without spaces', applicationPassword.replaceAll(' ', ''));
  keep(secrets, 'the Basic credentials', Buffer.from(`editor:${applicationPassword}`).toString('base64'));
  const wxr = (await t.http().post(`/v1/sites/${site.id}/imports/wxr`).field('fetchFiles', 'false').attach('file', wxrExport, 'export.xml').expect(202)).body.id as string;
  for (const job of [crawl, wxr]) {
    while (['queued', 'running'].includes((await t.http().get(`/v1/imports/${job}`)).body.status)) await new Promise((r) => setTimeout(r, 20));
  }
  // A job whose payload carries a credential: the job routes never show a payload, not even to the admin.
  const job = (await enqueue(t.app.prisma, { queue: 'crawl', payload: { applicationPassword }, ref: `import:${crawl}` }, new Date())).id;
  // Both sites: the crawl (and its application password) lives under the second one.
  const seeded = { jobs: [job], sites: [site.id, crawlSite.id], assets: [stored, plain.id], licenses: [license.id], proofs: [proof], takedowns: [takedown], claims: [claim], imports: [crawl, wxr] };
  for (const [collection, list] of Object.entries(seeded)) ids.set(collection, list);

  callers = [
    { name: 'a viewer', admin: false, get: (p) => viewerSession.agent.get(p), ownCsrf: csrf.get('viewer') },
    { name: 'an editor', admin: false, get: (p) => editorSession.agent.get(p), ownCsrf: csrf.get('editor') },
    { name: 'a site token', admin: false, get: (p) => t.http(siteToken).get(p) },
    { name: 'nobody', admin: false, get: (p) => t.http(null).get(p) },
    { name: 'the admin', admin: true, get: (p) => adminSession.agent.get(p), ownCsrf: csrf.get('admin') },
    { name: 'an instance token', admin: true, get: (p) => t.http().get(p) },
  ];
  for (const [who, value] of csrf) keep(secrets, `the ${who}'s CSRF token`, value);
}, 120_000);
afterAll(() => t?.close());

describe('read routes', () => {
  it('are found in the router, every documented one among them', () => {
    const routes = registeredGetRoutes().filter((r) => !isApiDocs(r));
    const documented = Object.entries((t.app.swagger() as { paths: Record<string, object> }).paths)
      .filter(([, ops]) => 'get' in ops)
      .map(([path]) => path.replace(/\{(\w+)\}/g, ':$1'));
    expect(routes.sort()).toEqual(documented.sort());
    expect(routes).toContain('/v1/sites/:id');
  });

  it('give no caller a secret, a hash of one, or (but to the admin) where the data lives', async () => {
    const leaks: string[] = [];
    const answered = new Map<string, number[]>();
    /** What the admin read from each path, to check that the walk saw the seeded rows. */
    const adminRead = new Map<string, string>();
    for (const route of registeredGetRoutes()) {
      if (isApiDocs(route)) continue;
      for (const path of fillParams(route).map((p) => withLargestPage(route, p))) for (const caller of callers) {
        const { res, text } = await rawAnswer(caller.get(path));
        answered.set(route, [...(answered.get(route) ?? []), res.status]);
        if (caller.admin && res.status === 200) adminRead.set(path, text);
        if (res.status >= 500) leaks.push(`${caller.name}: GET ${path} answered ${res.status}`);
        const forbidden = [...secrets, ...(caller.admin ? [] : infrastructure)];
        for (const [what, value] of forbidden) {
          if (value === caller.ownCsrf) continue;
          if (text.includes(value)) leaks.push(`${caller.name}: GET ${path} shows ${what}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // Each route really ran on the stored data for someone, so the walk read what it meant to read.
    const neverAnswered = [...answered].filter(([, statuses]) => !statuses.includes(200)).map(([route, statuses]) => `${route}: ${statuses.join(', ')}`);
    expect(neverAnswered).toEqual([]);
    // Every seeded row was listed somewhere other than at its own address, with all its secrets around it.
    const unseen = [...ids]
      .flatMap(([collection, list]) => list.map((id) => ({ collection, id })))
      .filter(({ id }) => ![...adminRead].some(([path, text]) => !path.includes(id) && text.includes(id)))
      .map(({ collection, id }) => `${collection} ${id}`);
    expect(unseen).toEqual([]);
    expect([...adminRead.keys()].filter((p) => p.includes('?limit=')).length).toBeGreaterThanOrEqual(5);
  }, 120_000);
});

describe('a webhook signing secret', () => {
  it('is shown to the admin who creates the site and rotates its secret, and is the one that verifies', async () => {
    const admin = await signIn(t, 'ada.admin@example.org', 'admin passphrase 9f3a');
    const created = await admin.send.post('/v1/sites').send({ name: 'New blog', baseUrl: 'https://new.example' }).expect(201);
    const stored = await t.app.prisma.webhookSecret.findMany({ where: { siteId: created.body.id }, orderBy: { createdAt: 'desc' } });
    expect(created.body.webhookSecret).toBe(stored[0]!.secret);
    expect(created.body.webhookSecrets).toEqual([{ id: stored[0]!.id, prefix: stored[0]!.secret.slice(0, 10), createdAt: expect.any(String), expiresAt: null }]);

    const rotated = await admin.send.post(`/v1/sites/${created.body.id}/webhook-secret/rotate?graceHours=1`).expect(200);
    const newest = await t.app.prisma.webhookSecret.findFirstOrThrow({ where: { siteId: created.body.id }, orderBy: { createdAt: 'desc' } });
    expect(rotated.body.webhookSecret).toBe(newest.secret);
    expect(rotated.body.webhookSecret).not.toBe(created.body.webhookSecret);
    expect(rotated.body.webhookSecrets.map((s: { prefix: string }) => s.prefix)).toEqual([newest.secret.slice(0, 10), stored[0]!.secret.slice(0, 10)]);

    // Read back by anyone, the admin included: no secret.
    const read = await admin.agent.get(`/v1/sites/${created.body.id}`).expect(200);
    expect(read.body).not.toHaveProperty('webhookSecret');
    expect(JSON.stringify(read.body)).not.toContain(newest.secret);
  });

  it('is refused to anyone else who asks for a new one', async () => {
    const viewer = await signIn(t, 'vi.viewer@example.org', 'viewer passphrase 0d2e');
    const editor = await signIn(t, 'ed.editor@example.org', 'editor passphrase 77c1');
    const siteToken = await makeSiteToken(t, site.id);
    const before = await t.app.prisma.webhookSecret.count();
    for (const res of [
      await viewer.send.post(`/v1/sites/${site.id}/webhook-secret/rotate`),
      await editor.send.post(`/v1/sites/${site.id}/webhook-secret/rotate`),
      await t.http(siteToken).post(`/v1/sites/${site.id}/webhook-secret/rotate`),
      await viewer.send.post('/v1/sites').send({ name: 'Mine', baseUrl: 'https://mine.example' }),
    ]) {
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('whsec_');
    }
    expect(await t.app.prisma.webhookSecret.count()).toBe(before);
  });
});
