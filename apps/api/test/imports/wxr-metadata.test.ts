/**
 * What a WXR import reads: PHP-serialized attachment metadata (sizes, -scaled originals, image_meta),
 * credit plugins' postmeta, authors and dates; which files it fetches (only the site's own,
 * reachable ones, through the upload pipeline); and that re-importing changes nothing while a
 * real change is recorded with its before and after.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { auditCount, uploadWxr, waitForImport } from './import-helpers.ts';
import { attachmentItem, wxrHead, wxrTail, type WxrAttachmentSpec } from './wxr-builder.ts';

const jpeg = readFileSync(fixturePath('images', 'files', 'ianare_Canon_40D.jpg'));

let t: TestApp;
let server: Server;
let siteUrl: string;
const requests: string[] = [];

const specs: WxrAttachmentSpec[] = [
  {
    id: 101,
    file: '2024/05/harbour.jpg',
    title: 'Harbour at dawn',
    author: 'editor',
    scaled: true,
    width: 2560,
    height: 1707,
    sizes: { thumbnail: { width: 150, height: 150 }, medium: { width: 300, height: 200 } },
    imageMeta: { credit: 'Jane Doe', copyright: '© Jane Doe 2024', camera: 'Canon EOS 40D', created_timestamp: '1714990000' },
    meta: { isc_image_source: 'Jane Doe / Wikimedia Commons', isc_image_source_url: 'https://commons.wikimedia.org/wiki/File:Harbour.jpg', isc_image_licence: 'CC BY-SA 4.0' },
  },
  { id: 102, file: '2024/05/istock-123456789.jpg', title: 'Office', meta: { _media_credit: 'iStock / Photographer', _media_credit_url: 'https://www.istockphoto.com/photo/123456789' } },
  { id: 104, file: '2024/05/gone.jpg', title: 'Gone' },
  { id: 106, file: '2024/05/mine.jpg', title: 'Mine', meta: { isc_image_source_own: '1' } },
];

function exportFile(overrides: (s: WxrAttachmentSpec) => WxrAttachmentSpec = (s) => s) {
  const broken = attachmentItem(siteUrl, { id: 105, file: '2024/05/broken-meta.jpg' }).replace(/(<wp:meta_key><!\[CDATA\[_wp_attachment_metadata\]\]><\/wp:meta_key>\s*<wp:meta_value><!\[CDATA\[)a:\d+/, '$1a:99');
  return Buffer.from(
    wxrHead(siteUrl, [{ id: 1, login: 'admin' }, { id: 7, login: 'editor' }]) +
      specs.map((s) => attachmentItem(siteUrl, overrides(s))).join('') +
      attachmentItem('https://cdn.elsewhere.example', { id: 103, file: '2024/05/cdn.jpg', title: 'On a CDN' }) +
      broken +
      wxrTail,
  );
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url!);
    if (req.url === '/wp-content/uploads/2024/05/harbour.jpg' || req.url === '/wp-content/uploads/2024/05/mine.jpg') {
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
    } else {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
  server?.close();
});

const byCmsId = async (siteId: string) =>
  new Map((await t.app.prisma.asset.findMany({ where: { siteId }, include: { urls: { orderBy: { url: 'asc' } } } })).map((a) => [a.cmsId!, a]));

describe('a WXR import with metadata, credits and file fetching', () => {
  let siteId: string;

  it('imports every attachment; fetches only reachable files on the site', async () => {
    siteId = (await t.http().post('/v1/sites').send({ name: 'Loopback blog', baseUrl: siteUrl }).expect(201)).body.id;
    const res = await uploadWxr(t, siteId, exportFile()).expect(202);
    expect(res.body).toMatchObject({ total: 6, fetchFiles: true, status: 'queued' });
    const job = await waitForImport(t, res.body.id);
    expect(job).toMatchObject({ status: 'completed', processed: 6, created: 6, updated: 0, unchanged: 0, failed: 0 });
    // The unreadable metadata is noted, the attachment still imported.
    expect(job.itemErrors).toEqual([{ item: '105', detail: expect.stringMatching(/_wp_attachment_metadata does not unserialize/) }]);

    const fetched = requests.filter((r) => r.startsWith('/wp-content/'));
    // The untouched original (not the -scaled copy) is fetched; the CDN file is not on the site, so never requested.
    expect(fetched.sort()).toEqual(['/wp-content/uploads/2024/05/broken-meta.jpg', '/wp-content/uploads/2024/05/gone.jpg', '/wp-content/uploads/2024/05/harbour.jpg', '/wp-content/uploads/2024/05/istock-123456789.jpg', '/wp-content/uploads/2024/05/mine.jpg']);

    const assets = await byCmsId(siteId);
    expect([...assets.keys()].sort()).toEqual(['101', '102', '103', '104', '105', '106']);
    expect(assets.get('101')!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(assets.get('106')!.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const id of ['102', '103', '104', '105']) expect(assets.get(id)!.sha256).toBeNull();
  });

  it('reads sizes, the -scaled copy and the original, dates, author and image_meta', async () => {
    const a = (await byCmsId(siteId)).get('101')!;
    const uploads = `${siteUrl}/wp-content/uploads/2024/05`;
    expect(a.urls.map((u) => [u.url, u.kind, u.sizeName, u.width, u.height])).toEqual([
      [`${uploads}/harbour-150x150.jpg`, 'size', 'thumbnail', 150, 150],
      [`${uploads}/harbour-300x200.jpg`, 'size', 'medium', 300, 200],
      [`${uploads}/harbour-scaled.jpg`, 'scaled', null, 2560, 1707],
      [`${uploads}/harbour.jpg`, 'original_image', null, null, null],
    ]);
    expect(a).toMatchObject({ filename: 'harbour.jpg', title: 'Harbour at dawn', uploadedBy: 'wordpress-user:7', uploadedAt: new Date('2024-05-06T10:00:00Z') });
    // The fetched file's own metadata wins; WordPress's image_meta fills what the file leaves empty.
    expect(a.cameraModel).toBe('Canon EOS 40D');
    expect(a.credit).toBe('Jane Doe');
    expect(a.copyrightNotice).toBe('© Jane Doe 2024');

    const meta = (await byCmsId(siteId)).get('104')!;
    expect(meta).toMatchObject({ filename: 'gone.jpg', mimeType: 'image/jpeg', width: 1200, height: 800, bytes: 123456, uploadedBy: 'wordpress-user:1' });
  });

  it('credit plugins become cmsCredit and a license suggestion that feeds source detection', async () => {
    const assets = await byCmsId(siteId);
    expect(assets.get('101')!.cmsCredit).toEqual({
      imageSourceControl: { source: 'Jane Doe / Wikimedia Commons', sourceUrl: 'https://commons.wikimedia.org/wiki/File:Harbour.jpg', licence: 'CC BY-SA 4.0' },
      licenseSuggestion: { kind: 'creative_commons', ccVariant: 'CC BY-SA 4.0', basis: 'Image Source Control licence "CC BY-SA 4.0"' },
    });
    const harbour = (await t.http().get(`/v1/assets/${assets.get('101')!.id}`).expect(200)).body;
    expect(harbour.detectedSource).toMatchObject({ provider: 'wikimedia-commons', suggestedKind: 'creative_commons' });
    expect(harbour.detectedSource.evidence).toContain('Image Source Control licence "CC BY-SA 4.0" suggests creative_commons');
    // The API shows the credit fields, so the dashboard and the plugin can prefill a license from them.
    expect(harbour.cmsCredit).toEqual(assets.get('101')!.cmsCredit);

    expect(assets.get('102')!.cmsCredit).toEqual({ mediaCredit: { credit: 'iStock / Photographer', url: 'https://www.istockphoto.com/photo/123456789' } });
    const office = (await t.http().get(`/v1/assets/${assets.get('102')!.id}`).expect(200)).body;
    expect(office).toMatchObject({ risk: 'high', detectedSource: { provider: 'istock', providerAssetId: '123456789', suggestedKind: 'stock_royalty_free' } });

    expect(assets.get('106')!.cmsCredit).toMatchObject({ licenseSuggestion: { kind: 'own_work' } });
    expect(assets.get('103')!.cmsCredit).toBeNull();
  });

  it('re-importing the same file changes nothing and fetches nothing already stored', async () => {
    const before = await t.app.prisma.asset.findMany({ where: { siteId }, include: { urls: true }, orderBy: { id: 'asc' } });
    const events = await auditCount(t);
    requests.length = 0;
    const job = await waitForImport(t, (await uploadWxr(t, siteId, exportFile()).expect(202)).body.id);
    expect(job).toMatchObject({ status: 'completed', processed: 6, created: 0, updated: 0, unchanged: 6 });
    expect(requests).not.toContain('/wp-content/uploads/2024/05/harbour.jpg');
    expect(await auditCount(t)).toBe(events);
    expect(await t.app.prisma.asset.findMany({ where: { siteId }, include: { urls: true }, orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('a changed attachment is updated, with its before and after in the audit trail', async () => {
    const events = await auditCount(t);
    const changed = exportFile((s) => (s.id === 102 ? { ...s, title: 'Office, renamed', sizes: { large: { width: 1024, height: 683 } } } : s));
    const job = await waitForImport(t, (await uploadWxr(t, siteId, changed, { fetchFiles: false }).expect(202)).body.id);
    expect(job).toMatchObject({ status: 'completed', fetchFiles: false, created: 0, updated: 1, unchanged: 5 });
    expect(await auditCount(t)).toBe(events + 1);
    const office = (await byCmsId(siteId)).get('102')!;
    const [event] = await t.app.prisma.auditEvent.findMany({ where: { entityId: office.id }, orderBy: { seq: 'desc' }, take: 1 });
    expect(event).toMatchObject({ action: 'import_update', entityType: 'asset', before: { title: 'Office' }, after: { title: 'Office, renamed' } });
    expect(office.urls.map((u) => u.sizeName)).toContain('large');
    expect((await t.http().get('/v1/audit/verify').expect(200)).body.ok).toBe(true);
  });
});
