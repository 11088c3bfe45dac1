/**
 * Hostile and broken uploads: entity expansion, external entities, empty and non-XML files,
 * oversized files, wrong form parts. Each is refused with its 4xx code, quickly, leaving no job,
 * no asset and no temporary file behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';
import { makeSite, makeSiteToken } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { uploadWxr } from './import-helpers.ts';
import { buildWxr } from './wxr-builder.ts';

const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&lol9;</title><wp:post_id>1</wp:post_id><wp:post_type>attachment</wp:post_type><wp:attachment_url>https://x.example/a.jpg</wp:attachment_url></item>
</channel></rss>`;

const xxe = `<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&secret;</title><wp:post_id>1</wp:post_id><wp:post_type>attachment</wp:post_type><wp:attachment_url>https://x.example/a.jpg</wp:attachment_url></item>
</channel></rss>`;

/** Entities used without any DOCTYPE: undefined, so never expanded (and the file is not well-formed). */
const undeclared = `<?xml version="1.0"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<item><title>&lol9;</title></item></channel></rss>`;

let t: TestApp;
let small: TestApp;
let site: { id: string };

async function nothingLeft(app: TestApp, siteId: string) {
  expect(await app.app.prisma.importJob.count({ where: { siteId } })).toBe(0);
  expect(await app.app.prisma.asset.count({ where: { siteId } })).toBe(0);
  const dir = join(app.app.config.dataDir, 'imports');
  expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
}

beforeAll(async () => {
  t = await createTestApp();
  small = await createTestApp({ importMaxBytes: 4096 });
  site = await makeSite(t);
});
afterAll(async () => {
  await t?.close();
  await small?.close();
});

describe('refused uploads', () => {
  const cases: [string, Buffer | string, number, string, RegExp][] = [
    ['entity expansion ("billion laughs")', laughs, 422, 'wxr_not_wxr', /DOCTYPE/],
    ['an external entity (XXE)', xxe, 422, 'wxr_not_wxr', /DOCTYPE/],
    ['entities used without a declaration', undeclared, 400, 'wxr_malformed', /undefined entity/],
    ['a 0-byte file', Buffer.alloc(0), 400, 'empty_file', /empty/],
    ['a JPEG', readFileSync(fixturePath('images', 'files', 'ianare_Canon_40D.jpg')), 422, 'wxr_not_wxr', /not an XML document/],
    ['plain text', 'attachment_url,https://x.example/a.jpg\n', 422, 'wxr_not_wxr', /not an XML document/],
    ['an HTML page', '<html><body><p>Hello</p></body></html>', 422, 'wxr_not_wxr', /root element is <html>/],
    ['an RSS feed that is not an export', '<rss version="2.0"><channel><title>Blog</title><item><title>Post</title></item></channel></rss>', 422, 'wxr_not_wxr', /wxr_version/],
    ['a future WXR version', buildWxr('https://x.example', []).replace('<wp:wxr_version>1.2<', '<wp:wxr_version>2.0<'), 422, 'wxr_unsupported_version', /"2\.0"/],
    ['a file cut off in the middle', buildWxr('https://x.example', [{ id: 5, file: '2024/05/a.jpg' }]).slice(0, 900), 400, 'wxr_malformed', /line \d+/],
  ];

  it.each(cases)('%s', async (_name, content, status, code, detail) => {
    const started = Date.now();
    const res = await uploadWxr(t, site.id, Buffer.from(content));
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(detail);
    expect(Date.now() - started).toBeLessThan(5_000);
    await nothingLeft(t, site.id);
  });

  it('reports where the problem is', async () => {
    const broken = buildWxr('https://x.example', [{ id: 5, file: '2024/05/a.jpg' }]).replace('</wp:post_type>', '</wp:post_typo>');
    const res = await uploadWxr(t, site.id, Buffer.from(broken)).expect(400);
    const line = broken.split('\n').findIndex((l) => l.includes('</wp:post_typo>')) + 1;
    expect(res.body).toMatchObject({ code: 'wxr_malformed', line });
  });

  it('a file over the configured size limit: 413 payload_too_large, nothing kept', async () => {
    const other = await makeSite(small);
    const big = buildWxr('https://x.example', Array.from({ length: 20 }, (_, i) => ({ id: i + 1, file: `2024/05/p${i}.jpg` })));
    expect(big.length).toBeGreaterThan(4096);
    const res = await uploadWxr(small, other.id, Buffer.from(big));
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 413, code: 'payload_too_large' });
    await nothingLeft(small, other.id);
  });

  it('no file part: 400 missing_file; an unknown field: 400 validation_failed; a second file: 400', async () => {
    const ok = Buffer.from(buildWxr('https://x.example', []));
    expect((await t.http().post(`/v1/sites/${site.id}/imports/wxr`).field('fetchFiles', 'false')).body.code).toBe('missing_file');
    const unknown = await t.http().post(`/v1/sites/${site.id}/imports/wxr`).field('bogus', '1').attach('file', ok, 'x.xml');
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 400, code: 'validation_failed' });
    expect(unknown.body.errors).toContainEqual({ pointer: '/body/bogus', detail: 'is not a known field' });
    const wrong = await t.http().post(`/v1/sites/${site.id}/imports/wxr`).field('fetchFiles', 'maybe').attach('file', ok, 'x.xml');
    expect(wrong.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/body/fetchFiles');
    const renamed = await t.http().post(`/v1/sites/${site.id}/imports/wxr`).attach('upload', ok, 'x.xml');
    expect({ status: renamed.status, code: renamed.body.code }).toEqual({ status: 400, code: 'validation_failed' });
    const json = await t.http().post(`/v1/sites/${site.id}/imports/wxr`).send({ file: 'x' });
    expect({ status: json.status, code: json.body.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
    await nothingLeft(t, site.id);
  });

  it("another site's token: 403 site_forbidden, before the file is read", async () => {
    const other = await makeSite(t);
    const token = await makeSiteToken(t, other.id);
    const res = await uploadWxr(t, site.id, Buffer.from(buildWxr('https://x.example', [])), { token });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'site_forbidden' });
    await nothingLeft(t, site.id);
  });
});
