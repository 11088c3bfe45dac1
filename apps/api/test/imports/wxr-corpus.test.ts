/**
 * Every WordPress export in fixtures/wordpress either imports or is refused with a clear 4xx
 * (a stable code, and the line and column of the problem).
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';
import { makeSite } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { auditCount, uploadWxr, waitForImport } from './import-helpers.ts';

const dir = fixturePath('wordpress');
const files = readdirSync(dir).filter((f) => f.endsWith('.xml')).sort();

/** What each corpus file is expected to do; every file in the directory must be listed. */
const expected: Record<string, { attachments: number } | { code: string }> = {
  'wxr_importer_a11y-unit-test-data.xml': { attachments: 39 },
  'wxr_importer_crazy-cdata-escaped.xml': { attachments: 0 },
  'wxr_importer_crazy-cdata.xml': { code: 'wxr_malformed' },
  'wxr_importer_invalid-version-tag.xml': { code: 'wxr_unsupported_version' },
  'wxr_importer_malformed-simple.xml': { code: 'wxr_malformed' },
  // Its bogus version comes before the broken markup: the first problem is the one reported.
  'wxr_importer_malformed.xml': { code: 'wxr_unsupported_version' },
  'wxr_importer_missing-version-tag.xml': { code: 'wxr_not_wxr' },
  'wxr_importer_namespace-edge-cases.xml': { attachments: 0 },
  'wxr_importer_slashes.xml': { attachments: 0 },
  'wxr_importer_small-export.xml': { attachments: 0 },
  'wxr_importer_test-serialized-postmeta-with-cdata.xml': { attachments: 0 },
  'wxr_importer_valid-wxr-1.0.xml': { attachments: 0 },
  'wxr_importer_valid-wxr-1.1.xml': { attachments: 0 },
  'wxr_importer_wxr-comprehensive.xml': { attachments: 0 },
  'wxr_importer_wxr-flat-attachment-different-site.xml': { attachments: 1 },
  'wxr_importer_wxr-flat-attachment-same-site.xml': { attachments: 1 },
  'wxr_importer_wxr-utf-8-challenges.xml': { attachments: 0 },
  'wxr_wptt_themeunittestdata.wordpress.xml': { attachments: 38 },
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

it('knows what to expect of every file in the corpus directory', () => {
  expect(files.length).toBeGreaterThan(10);
  expect(files).toEqual(Object.keys(expected).sort());
});

describe.each(files)('%s', (file) => {
  it('imports, or is refused with a 4xx problem naming line and column', async () => {
    const site = await makeSite(t);
    const res = await uploadWxr(t, site.id, `${dir}/${file}`, { filename: file });
    const want = expected[file]!;
    if ('code' in want) {
      expect({ status: res.status, code: res.body.code }).toMatchObject({ code: want.code });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.line).toBeGreaterThan(0);
      expect(res.body.column).toBeGreaterThanOrEqual(0);
      expect(res.body.detail).toMatch(/line \d+, column \d+/);
      expect((await t.http().get(`/v1/sites/${site.id}/imports`).expect(200)).body.items).toEqual([]);
      return;
    }
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ kind: 'wxr', source: file, total: want.attachments });
    const job = await waitForImport(t, res.body.id);
    expect(job).toMatchObject({ status: 'completed', total: want.attachments, processed: want.attachments, created: want.attachments, failed: 0, error: null });
    expect(await t.app.prisma.asset.count({ where: { siteId: site.id } })).toBe(want.attachments);
  });
});

describe('the theme unit test export', () => {
  const file = `${dir}/wxr_wptt_themeunittestdata.wordpress.xml`;

  it('imports all 38 attachments with their WordPress ids, titles, dates and URLs', async () => {
    const site = await makeSite(t);
    const res = await uploadWxr(t, site.id, file).expect(202);
    expect(await waitForImport(t, res.body.id)).toMatchObject({ status: 'completed', created: 38 });
    const assets = await t.app.prisma.asset.findMany({ where: { siteId: site.id }, include: { urls: true } });
    expect(assets).toHaveLength(38);
    const canola = assets.find((a) => a.filename === 'canola2.jpg')!;
    expect(canola).toMatchObject({ title: 'canola2', mimeType: 'image/jpeg', uploadedBy: 'wordpress-user:themedemos', sha256: null });
    expect(canola.cmsId).toMatch(/^\d+$/);
    expect(canola.urls.map((u) => u.url)).toEqual(['https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg']);
    expect(assets.every((a) => a.uploadedAt instanceof Date)).toBe(true);
    const listed = await t.http().get(`/v1/assets?siteId=${site.id}&limit=200`).expect(200);
    expect(listed.body.items).toHaveLength(38);
    // Each asset's audit event records it exactly as the API shows it.
    const events = await t.app.prisma.auditEvent.findMany({ where: { siteId: site.id, entityType: 'asset', action: 'import' } });
    const after = new Map(events.map((e) => [e.entityId, e.after]));
    expect(events).toHaveLength(38);
    expect(listed.body.items.map((a: { id: string }) => after.get(a.id))).toEqual(listed.body.items);
  });

  it('re-importing the same file changes nothing: all unchanged, no new audit events, chain intact', async () => {
    const site = await makeSite(t);
    await waitForImport(t, (await uploadWxr(t, site.id, file).expect(202)).body.id);
    const before = await t.app.prisma.asset.findMany({ where: { siteId: site.id }, include: { urls: true }, orderBy: { id: 'asc' } });
    const events = await auditCount(t);
    const again = await waitForImport(t, (await uploadWxr(t, site.id, file).expect(202)).body.id);
    expect(again).toMatchObject({ status: 'completed', processed: 38, created: 0, updated: 0, unchanged: 38 });
    expect(await auditCount(t)).toBe(events);
    expect(await t.app.prisma.asset.findMany({ where: { siteId: site.id }, include: { urls: true }, orderBy: { id: 'asc' } })).toEqual(before);
    expect((await t.http().get('/v1/audit/verify').expect(200)).body.ok).toBe(true);
    const list = await t.http().get(`/v1/sites/${site.id}/imports`).expect(200);
    expect(list.body.items.map((j: { id: string }) => j.id)).toEqual([again.id, expect.any(String)]);
  });
});
