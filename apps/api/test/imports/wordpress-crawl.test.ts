/**
 * Crawling a WordPress site's media library over its REST API, against a real HTTP server on
 * loopback that serves the corpus's `/wp/v2/media` shapes page by page: Basic auth, pagination and
 * progress, the ?rest_route= fallback, resuming after an interruption, refusing credentials and
 * cross-origin redirects, and re-importing without changes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';
import { makeSite, makeSiteToken } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { auditCount, waitForImport, type ImportJobBody } from './import-helpers.ts';
import { credentials, startFakeWordPress, type FakeWordPress } from './wordpress-site.ts';

let t: TestApp;
let wp: FakeWordPress;

async function siteAt(url: string) {
  return (await t.http().post('/v1/sites').send({ name: `WordPress at ${url}`, baseUrl: url }).expect(201)).body.id as string;
}

async function crawl(siteId: string, body: Record<string, unknown> = {}) {
  const res = await t.http().post(`/v1/sites/${siteId}/imports/wordpress`).send({ ...credentials, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body as ImportJobBody;
}

const pagesOf = (mode: string) => wp.requests.filter((r) => r.mode === mode && r.page !== null);

beforeAll(async () => {
  wp = await startFakeWordPress();
  wp.files.set('2016/11/iceland1.jpg', readFileSync(fixturePath('images', 'files', 'ianare_Canon_40D.jpg')));
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
  await wp?.close();
});

describe('crawling /wp-json/wp/v2/media', () => {
  let siteId: string;

  it('imports every attachment, page by page, with Basic auth and progress from X-WP-Total', async () => {
    siteId = await siteAt(wp.site('pretty'));
    const started = await crawl(siteId, { perPage: 4 });
    expect(started).toMatchObject({ kind: 'wordpress_rest', status: 'queued', fetchFiles: true, source: `${wp.site('pretty')}wp-json/wp/v2/media` });
    expect(JSON.stringify(started)).not.toContain(credentials.applicationPassword);
    const job = await waitForImport(t, started.id);
    expect(wp.itemCount).toBe(14);
    expect(job).toMatchObject({ status: 'completed', total: 14, processed: 14, created: 13, updated: 0, unchanged: 0, failed: 1, error: null });
    expect(job.itemErrors).toEqual([{ item: 'page 4 item 2', detail: expect.stringMatching(/id|source_url/) }]);

    const pages = pagesOf('pretty');
    expect(pages.map((r) => r.page)).toEqual([1, 2, 3, 4]);
    expect(pages.every((r) => r.url.includes('/wp-json/wp/v2/media?per_page=4&page=') && r.url.endsWith('&orderby=id&order=asc'))).toBe(true);
    expect(pages.every((r) => r.auth === `Basic ${Buffer.from(`${credentials.username}:${credentials.applicationPassword}`).toString('base64')}`)).toBe(true);
    // The password is used, never stored.
    expect(JSON.stringify(await t.app.prisma.importJob.findMany())).not.toContain(credentials.applicationPassword);
  });

  it('records each attachment with its sizes, and fetches the files the site serves', async () => {
    const assets = new Map((await t.app.prisma.asset.findMany({ where: { siteId }, include: { urls: true } })).map((a) => [a.cmsId, a]));
    expect([...assets.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(['10', '122', '126', '129', '132', '133', '134', '185', '188', '193', '212', '581', '11680']);
    const root = wp.site('pretty');
    const dormir = assets.get('581')!;
    expect(dormir).toMatchObject({ filename: 'amorreal2.jpg', title: 'Dormir', mimeType: 'image/jpeg', uploadedBy: 'wordpress-user:1', uploadedAt: new Date('2007-08-05T08:17:33Z') });
    expect(dormir.urls.map((u) => u.url)).toEqual(expect.arrayContaining([`${root}wp-content/uploads/2007/08/amorreal2.jpg`, `${root}wp-content/uploads/2007/08/amorreal2-225x190.jpg`]));
    expect(assets.get('11680')!.filename).toBe('WNBA-PO-explicación.bmp');
    expect(assets.get('212')!.mimeType).toBe('audio/mpeg');
    // iceland1.jpg is served by the site: fetched and fingerprinted; the others (404) are recorded from metadata.
    expect(assets.get('132')!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([...assets.values()].filter((a) => a.sha256).map((a) => a.cmsId)).toEqual(['132']);
    // The audio file is not fetched at all.
    expect(wp.requests.some((r) => r.url.endsWith('.mp3'))).toBe(false);
  });

  it('re-importing changes nothing: all unchanged, no new audit events', async () => {
    const events = await auditCount(t);
    const before = await t.app.prisma.asset.findMany({ where: { siteId }, include: { urls: true }, orderBy: { id: 'asc' } });
    const job = await waitForImport(t, (await crawl(siteId, { perPage: 4 })).id);
    expect(job).toMatchObject({ status: 'completed', processed: 14, created: 0, updated: 0, unchanged: 13, failed: 1 });
    expect(await auditCount(t)).toBe(events);
    expect(await t.app.prisma.asset.findMany({ where: { siteId }, include: { urls: true }, orderBy: { id: 'asc' } })).toEqual(before);
    expect((await t.http().get('/v1/audit/verify').expect(200)).body.ok).toBe(true);
  });

  it('falls back to ?rest_route= when pretty permalinks are off', async () => {
    const plain = await siteAt(wp.site('plain'));
    const job = await waitForImport(t, (await crawl(plain, { fetchFiles: false })).id);
    expect(job).toMatchObject({ status: 'completed', processed: 14, created: 13, failed: 1, fetchFiles: false });
    const requests = pagesOf('plain');
    expect(requests[0]!.url).toContain('/wp-json/wp/v2/media?');
    expect(requests.slice(1).every((r) => r.url.includes('?rest_route=/wp/v2/media&per_page=100&page='))).toBe(true);
    // The form that worked is remembered: one probe of /wp-json/ only.
    expect(requests.filter((r) => r.url.includes('/wp-json/'))).toHaveLength(1);
  });
});

describe('interruptions and refusals', () => {
  it('a page that keeps failing stops the crawl (failed, resumable); resuming carries on from that page', async () => {
    const siteId = await siteAt(wp.site('down'));
    wp.state.down = true;
    const failed = await waitForImport(t, (await crawl(siteId, { perPage: 4, fetchFiles: false })).id);
    expect(failed).toMatchObject({ status: 'failed', processed: 8, created: 8, resumable: true });
    expect(failed.error).toMatch(/answered 503/);
    expect(pagesOf('down').map((r) => r.page)).toEqual([1, 2, 3, 3, 3]);

    const noCredentials = await t.http().post(`/v1/imports/${failed.id}/resume`).send({});
    expect({ status: noCredentials.status, code: noCredentials.body.code }).toEqual({ status: 400, code: 'validation_failed' });
    expect(noCredentials.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/username', '/body/applicationPassword']);

    wp.state.down = false;
    const events = await auditCount(t);
    const resumed = await t.http().post(`/v1/imports/${failed.id}/resume`).send(credentials).expect(202);
    expect(resumed.body).toMatchObject({ id: failed.id, status: 'running', resumable: false });
    const done = await waitForImport(t, failed.id);
    expect(done).toMatchObject({ status: 'completed', total: 14, processed: 14, created: 13, failed: 1, error: null });
    expect(pagesOf('down').map((r) => r.page)).toEqual([1, 2, 3, 3, 3, 3, 4]);
    expect(await t.app.prisma.asset.count({ where: { siteId } })).toBe(13);
    expect(await auditCount(t)).toBe(events + 5);

    const again = await t.http().post(`/v1/imports/${failed.id}/resume`).send(credentials);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'import_not_resumable' });
  });

  it('credentials WordPress refuses (401): the job fails with a clear message', async () => {
    const siteId = await siteAt(wp.site('pretty'));
    const job = await waitForImport(t, (await crawl(siteId, { applicationPassword: 'wrong wrong wrong' })).id);
    expect(job).toMatchObject({ status: 'failed', processed: 0, created: 0, resumable: true });
    expect(job.error).toBe(
      'WordPress refused the credentials for user "admin" (401 incorrect_password: The provided password is an invalid application password.). Check the user name and the application password.',
    );
    expect(await t.app.prisma.asset.count({ where: { siteId } })).toBe(0);
  });

  it('a redirect to another origin is not followed: the job fails, the other origin is never asked', async () => {
    const siteId = await siteAt(wp.site('redirect'));
    const job = await waitForImport(t, (await crawl(siteId)).id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/may not be fetched: http:\/\/localhost:\d+ is not the site's origin http:\/\/127\.0\.0\.1:\d+/);
    expect(wp.requests.filter((r) => r.host.startsWith('localhost'))).toEqual([]);
  });

  it('is scoped: another site token sees neither the imports nor may it start one', async () => {
    const siteId = await siteAt(wp.site('pretty'));
    const job = await crawl(siteId, { fetchFiles: false });
    await waitForImport(t, job.id);
    const other = await makeSite(t);
    const token = await makeSiteToken(t, other.id);
    expect((await t.http(token).get(`/v1/imports/${job.id}`)).status).toBe(404);
    expect((await t.http(token).get(`/v1/sites/${siteId}/imports`)).status).toBe(403);
    expect((await t.http(token).post(`/v1/sites/${siteId}/imports/wordpress`).send(credentials)).status).toBe(403);
    expect((await t.http(token).post(`/v1/imports/${job.id}/resume`).send(credentials)).status).toBe(404);
    expect((await t.http(token).get(`/v1/sites/${other.id}/imports`).expect(200)).body.items).toEqual([]);
  });
});
