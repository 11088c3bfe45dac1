import { rightsFields, textLimits } from '@clearance/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWxr } from './imports/wxr-builder.ts';
import { uploadWxr, waitForImport } from './imports/import-helpers.ts';
import { jpegWithMetadata, type XmpRights } from './helpers/long-metadata-jpeg.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';
import { attachmentEvent, multipartDelivery, sendWebhook } from './helpers/webhooks.ts';

/**
 * Every text column that an upload, an import or the webhook fills by itself, at and over its
 * limit: what is stored must be what every read route can answer (before, one 2,001-character
 * UsageTerms made the upload, the asset list and every claim match that found the asset answer 500).
 */
let t: TestApp;
let siteA: { id: string; secret: string };
let siteB: { id: string; secret: string };
const siteUrl = 'https://long.example';

beforeAll(async () => {
  t = await createTestApp();
  const make = async (name: string, baseUrl: string) => {
    const body = (await t.http().post('/v1/sites').send({ name, baseUrl }).expect(201)).body;
    return { id: body.id as string, secret: body.webhookSecret as string };
  };
  siteA = await make('Uploads', siteUrl);
  siteB = await make('Other', 'https://other.example');
}, 120_000);
afterAll(async () => t.close());

const long = (n: number, letter = 'x') => letter.repeat(n);
const RIGHTS_MAX = textLimits.rightsValue;
/** Characters as JSON Schema counts them: an emoji is one, though two UTF-16 units. */
const chars = (s: string) => [...s].length;

/** Every XMP rights text over the old 2,000-character cap, each a different length. */
const overOldCap: XmpRights = {
  creator: long(2001, 'c'), copyrightNotice: long(2100, 'r'), credit: long(2200, 'k'), source: long(2300, 's'), webStatement: `https://x.example/${long(2400)}`,
  usageTerms: long(3000, 'u'), licensorName: long(2001, 'n'), licensorUrl: `https://l.example/${long(2001)}`, licensorEmail: `${long(2001)}@l.example`,
  copyrightOwner: long(2001, 'o'), imageSupplier: long(2001, 'i'), imageSupplierImageId: long(2001, '1'), plusLicenseId: long(2001, '2'),
  digitalSourceType: `http://cv.iptc.org/newscodes/digitalsourcetype/${long(2001)}`, cameraMake: long(2001, 'm'), cameraModel: long(2001, 'M'),
};
/** At the limit exactly (emoji included, so UTF-16 length exceeds it) and over it: only Extended XMP holds these. */
const atLimit = `${'😀'.repeat(100)}${long(RIGHTS_MAX - 100, 'a')}`;
const overLimit = long(RIGHTS_MAX + 4464, 'b');

const uploaded: string[] = [];
const upload = async (file: Buffer, name = 'long-terms.jpg') => {
  const res = await t.http().post(`/v1/sites/${siteA.id}/assets`).attach('file', file, name);
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
  uploaded.push(res.body.id);
  return res.body;
};

describe('long text stored by ingest, imports and the webhook', () => {
  it('an upload keeps XMP rights values over 2,000 characters whole', async () => {
    const asset = await upload(jpegWithMetadata({ xmp: overOldCap }));
    for (const [field, value] of Object.entries(overOldCap)) expect(asset.rights[field], field).toBe(value);
    expect(asset.truncatedText).toEqual([]);
  });

  it('an upload keeps a value at 64 KiB and cuts one over it, with a note saying so', async () => {
    const asset = await upload(jpegWithMetadata({ xmp: { credit: 'Agency' }, extendedXmp: { creator: atLimit, usageTerms: overLimit } }));
    expect(asset.rights.creator).toBe(atLimit);
    expect(asset.rights.usageTerms).toBe(overLimit.slice(0, RIGHTS_MAX));
    expect(asset.truncatedText).toEqual([{ field: 'rights.usageTerms', keptLength: RIGHTS_MAX, originalLength: chars(overLimit) }]);
    const detail = (await t.http().get(`/v1/assets/${asset.id}`).expect(200)).body;
    expect(detail.truncatedText).toEqual(asset.truncatedText);
  });

  it('an upload keeps long EXIF and IPTC values', async () => {
    const asset = await upload(
      jpegWithMetadata({
        exif: { artist: long(3000, 'A'), copyright: long(3001, 'C'), make: long(3002, 'K'), model: long(3003, 'D') },
        iptc: { credit: long(3004, 'R'), source: long(3005, 'S') },
      }),
    );
    expect(asset.rights).toMatchObject({ creator: long(3000, 'A'), copyrightNotice: long(3001, 'C'), cameraMake: long(3002, 'K'), cameraModel: long(3003, 'D'), credit: long(3004, 'R'), source: long(3005, 'S') });
  });

  it('the webhook stores a long title, filename and size name cut to their limits, and a retry stores no second asset', async () => {
    const file = jpegWithMetadata({ xmp: overOldCap });
    const longName = `${long(textLimits.filename + 100, 'f')}.jpg`;
    const sizeName = long(textLimits.sizeName + 50, 'z');
    const attachment = {
      id: 4242,
      source_url: `${siteUrl}/wp-content/uploads/2026/05/${longName}`,
      title: { raw: long(textLimits.title + 500, 't') },
      author: 3,
      media_details: { width: 100, height: 68, sizes: { [sizeName]: { file: 'long-terms-300x200.jpg', width: 300, height: 200 } } },
    };
    const delivery = multipartDelivery(attachmentEvent('media.created', attachment), file);
    const first = await sendWebhook(t, siteA.id, delivery, { secret: siteA.secret, id: 'msg_long_1' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await sendWebhook(t, siteA.id, delivery, { secret: siteA.secret, id: 'msg_long_1' });
    expect(again.status).toBe(200);
    const anew = await sendWebhook(t, siteA.id, delivery, { secret: siteA.secret, id: 'msg_long_2' });
    expect(anew.status).toBe(200);
    expect(anew.body.assetId).toBe(first.body.assetId);
    expect(await t.app.prisma.asset.count({ where: { siteId: siteA.id, cmsId: '4242' } })).toBe(1);
    const asset = (await t.http().get(`/v1/assets/${first.body.assetId}`).expect(200)).body;
    expect(asset.title).toBe(long(textLimits.title, 't'));
    expect(asset.filename).toBe(longName.slice(0, textLimits.filename));
    expect(asset.urls.find((u: { kind: string }) => u.kind === 'size').sizeName).toBe(sizeName.slice(0, textLimits.sizeName));
    expect(asset.truncatedText).toEqual([
      { field: 'filename', keptLength: textLimits.filename, originalLength: longName.length },
      { field: 'title', keptLength: textLimits.title, originalLength: textLimits.title + 500 },
      { field: 'urls.sizeName', keptLength: textLimits.sizeName, originalLength: sizeName.length },
    ]);
    uploaded.push(asset.id);
  });

  it('a WXR import stores long titles, authors, image_meta values and size names cut to their limits; importing again changes nothing', async () => {
    const wxr = buildWxr(siteUrl, [
      {
        id: 77,
        file: '2026/05/long-terms.jpg',
        title: long(textLimits.title + 1, 'T'),
        author: long(textLimits.uploadedBy + 10, 'w'),
        imageMeta: { credit: overLimit, copyright: long(3000, 'P'), camera: atLimit },
        sizes: { [long(textLimits.sizeName + 1, 'q')]: { width: 300, height: 200 } },
      },
    ]);
    for (const round of [1, 2]) {
      const res = await uploadWxr(t, siteA.id, Buffer.from(wxr), { fetchFiles: false });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      const job = await waitForImport(t, res.body.id);
      expect(job, JSON.stringify(job)).toMatchObject({ status: 'completed', failed: 0, ...(round === 1 ? { created: 1 } : { unchanged: 1 }) });
    }
    const list = (await t.http().get(`/v1/assets?siteId=${siteA.id}&cmsId=77`).expect(200)).body.items;
    expect(list).toHaveLength(1);
    const [asset] = list;
    expect(asset.rights).toMatchObject({ credit: overLimit.slice(0, RIGHTS_MAX), copyrightNotice: long(3000, 'P'), cameraModel: atLimit });
    expect(asset.truncatedText).toEqual(
      expect.arrayContaining([
        { field: 'title', keptLength: textLimits.title, originalLength: textLimits.title + 1 },
        { field: 'uploadedBy', keptLength: textLimits.uploadedBy, originalLength: expect.any(Number) },
        { field: 'rights.credit', keptLength: RIGHTS_MAX, originalLength: chars(overLimit) },
        { field: 'urls.sizeName', keptLength: textLimits.sizeName, originalLength: textLimits.sizeName + 1 },
      ]),
    );
    uploaded.push(asset.id);
  });

  it('every read route answers 200 with these assets stored, also for claims of another site', async () => {
    const license = await t.http().post('/v1/licenses').send({ kind: 'stock_royalty_free', licensor: 'Agency', assetIds: uploaded.slice(0, 2) });
    expect(license.status, JSON.stringify(license.body)).toBe(201);
    // A claim of the whole instance finds assets of every site; one of another site finds none of these, and must answer too.
    const claims: string[] = [];
    for (const siteId of [undefined, siteA.id, siteB.id]) {
      const claim = await t.http().post('/v1/claims').send({ agency: 'pixsy', ...(siteId ? { siteId } : {}), infringingUrls: ['https://elsewhere.example/wp-content/uploads/2026/05/long-terms.jpg'] });
      expect(claim.status, JSON.stringify(claim.body)).toBe(201);
      const match = await t.http().post(`/v1/claims/${claim.body.id}/match`);
      expect(match.status, JSON.stringify(match.body).slice(0, 300)).toBe(200);
      const found = match.body.items.map((c: { asset: { id: string } }) => c.asset.id);
      if (siteId !== siteB.id) expect(found).toEqual(expect.arrayContaining([uploaded[0], uploaded[1]]));
      // The letter names elsewhere.example, none of these sites: confirming their assets is an explicit override.
      await t.http().put(`/v1/claims/${claim.body.id}/matches`).send({ assetIds: found, override: true }).expect(200);
      claims.push(claim.body.id);
    }
    const paths = [
      '/v1/assets',
      `/v1/assets?siteId=${siteA.id}&q=long`,
      ...uploaded.map((id) => `/v1/assets/${id}`),
      ...uploaded.map((id) => `/v1/assets/${id}/takedowns`),
      '/v1/coverage/summary',
      '/v1/coverage/expiring',
      '/v1/coverage/history',
      '/v1/licenses',
      `/v1/licenses/${license.body.id}`,
      '/v1/licenses/export.csv',
      '/v1/claims',
      ...claims.flatMap((id) => [`/v1/claims/${id}`, `/v1/claims/${id}/assessment`, `/v1/claims/${id}/pack`]),
      '/v1/audit/events',
    ];
    for (const path of paths) {
      const res = await t.http().get(path);
      expect(res.status, `${path}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
    }
  }, 120_000);
});

describe('long text sent on JSON routes', () => {
  it('is refused over the limit with 400 validation_failed, and kept whole at it', async () => {
    const base = { siteId: siteA.id, filename: 'typed.jpg', mimeType: 'image/jpeg' };
    for (const field of rightsFields.filter((f) => f === 'usageTerms' || f === 'creator')) {
      const over = await t.http().post('/v1/assets').send({ ...base, rights: { [field]: long(RIGHTS_MAX + 1) } });
      expect(over.status).toBe(400);
      expect(over.body.code).toBe('validation_failed');
      expect(over.body.errors[0].pointer).toBe(`/body/rights/${field}`);
    }
    const over = await t.http().post('/v1/assets').send({ ...base, title: long(textLimits.title + 1) });
    expect([over.status, over.body.code]).toEqual([400, 'validation_failed']);
    const at = await t.http().post('/v1/assets').send({ ...base, title: long(textLimits.title), rights: { usageTerms: atLimit } }).expect(201);
    expect(at.body.rights.usageTerms).toBe(atLimit);
    await t.http().get(`/v1/assets/${at.body.id}`).expect(200);
  });
});
