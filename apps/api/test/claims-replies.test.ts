/**
 * Issue 16, points 2, 3, 4 and 8 through the public API: the stance when a license starts after the
 * use began, replies chosen by what happened to the claim (settled by license, no future use with a
 * verified takedown), embeds and conditional permissions named as what they are, and a timeline
 * dated when things happened.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { readZip } from './claims-pack/zip-reader.ts';
import { minimalPdf } from './helpers/documents.ts';
import { createTestApp, downloadBytes, type TestApp } from './helpers/test-app.ts';
import { attachmentEvent, multipartDelivery, sendWebhook } from './helpers/webhooks.ts';
import { createSite, ingestUpload, startLoopbackSite, type LoopbackSite, type SiteFile, type WordPressSite } from './helpers/wordpress-site.ts';

const photo = (name: string) => readFileSync(fixturePath('phash', 'originals', name));

const files = new Map<string, SiteFile>();
let web: LoopbackSite;
let base: string;
let t: TestApp;
let site: WordPressSite;

beforeAll(async () => {
  web = await startLoopbackSite(files);
  base = web.base;
  t = await createTestApp({ outboundAllowPrivateHosts: [web.host] });
  site = await createSite(t, 'Harbour Blog', base);
});

afterAll(async () => {
  await t?.close();
  await web?.close();
});

const ingest = (cmsId: number, name: string, content: Buffer) => ingestUpload(t, site, { cmsId, folder: '2026/05', name, content, date: '2026-05-01T09:00:00', scaled: false });

async function claimFor(assetId: string, body: Record<string, unknown>) {
  const res = await t.http().post('/v1/claims').send({ receivedOn: '2026-11-20', amount: 600, currency: 'EUR', agency: 'copytrack', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await t.http().put(`/v1/claims/${res.body.id}/matches`).send({ assetIds: [assetId] }).expect(200);
  return res.body.id as string;
}

async function replies(claimId: string) {
  const res = await downloadBytes(t, `/v1/claims/${claimId}/pack`);
  expect(res.status).toBe(200);
  const byName = new Map(readZip(res.body as Buffer).map((e) => [e.name, e.data.toString('utf8')]));
  const de = await downloadBytes(t, `/v1/claims/${claimId}/pack?language=de`);
  const deByName = new Map(readZip(de.body as Buffer).map((e) => [e.name, e.data.toString('utf8')]));
  return { en: byName.get('reply.txt')!, de: deByName.get('reply.txt') ?? '' };
}

const arguing = /itemised basis|could not find a license|open to a reasonable settlement/i;

describe('replies that fit what happened', () => {
  it('settled by buying a license: the reply confirms the license terms and the payment; events are dated on the settled day', async () => {
    const asset = await ingest(201, 'market', photo('wp_33772.jpg'));
    const claimId = await claimFor(asset.id, { caseRef: 'CT-SETTLE-1' });
    const receipt = (await t.http().post(`/v1/claims/${claimId}/proofs`).field('kind', 'receipt').attach('file', minimalPdf('Receipt CT-SETTLE-1 EUR 450.00'), 'receipt.pdf').expect(201)).body;
    const settled = await t
      .http()
      .post(`/v1/claims/${claimId}/settlement`)
      .send({ outcome: 'license_purchased', amount: 450, currency: 'EUR', settledOn: '2026-11-25', license: { expiresOn: null, usageTerms: 'web use on the blog, perpetual' }, receiptProofId: receipt.id });
    expect(settled.status, JSON.stringify(settled.body)).toBe(200);

    const { en } = await replies(claimId);
    expect(en).not.toMatch(arguing);
    expect(en).toContain('We confirm the settlement of 2026-11-25: we have bought a license for the use and paid');
    expect(en).toContain('web use on the blog, perpetual');
    expect(en).toContain('receipt.pdf');
    expect(en).not.toMatch(/^Subject:/m);

    const events = (await t.http().get(`/v1/claims/${claimId}`).expect(200)).body.events as Array<{ type: string; at: string; toStatus: string | null }>;
    expect(events.filter((e) => e.type === 'letter_received')).toHaveLength(1);
    for (const type of ['settlement', 'payment']) expect(events.find((e) => e.type === type)?.at.slice(0, 10), type).toBe('2026-11-25');
    const moves = events.filter((e) => e.type === 'status_change');
    expect(moves.every((e) => e.toStatus !== null)).toBe(true);
    expect(moves.at(-1)?.toStatus).toBe('settled');
  });

  it('no future use with a verified takedown: the asset becomes removed and the reply confirms the removal with the certificate', async () => {
    const asset = await ingest(202, 'pier', photo('wp_canola.jpg'));
    files.set(new URL(asset.url('pier.jpg')).pathname, Buffer.from('jpeg'));
    const claimId = await claimFor(asset.id, { caseRef: 'PR-NFU-2' });
    const settled = await t.http().post(`/v1/claims/${claimId}/settlement`).send({ outcome: 'no_future_use', amount: 200, currency: 'EUR', settledOn: '2026-11-26' });
    expect(settled.status, JSON.stringify(settled.body)).toBe(200);
    expect(settled.body.takedowns[0].status).toBe('live');
    expect((await t.http().get(`/v1/assets/${asset.id}`).expect(200)).body).toMatchObject({ removedAt: null });

    files.delete(new URL(asset.url('pier.jpg')).pathname);
    const recheck = await t.http().post(`/v1/takedowns/${settled.body.takedowns[0].id}/checks`).expect(200);
    expect(recheck.body.status).toBe('verified');
    const removed = (await t.http().get(`/v1/assets/${asset.id}`).expect(200)).body;
    expect(removed.coverageStatus).toBe('removed');
    expect(removed.removedAt).toBe(recheck.body.verifiedAt);

    const { en, de } = await replies(claimId);
    expect(en).not.toMatch(arguing);
    expect(en).toContain('we no longer use the image and will not use it in future; we have paid the agreed');
    expect(en).toContain('The removal certificate is enclosed.');
    expect(de).toContain('künftig nicht nutzen');
    expect(de).not.toMatch(/Aufstellung der einzelnen Posten|keine Lizenz finden/);

    // Served again: the removal that takedown recorded is undone.
    files.set(new URL(asset.url('pier.jpg')).pathname, Buffer.from('jpeg'));
    expect((await t.http().post(`/v1/takedowns/${settled.body.takedowns[0].id}/checks`).expect(200)).body.status).toBe('live');
    expect((await t.http().get(`/v1/assets/${asset.id}`).expect(200)).body.removedAt).toBeNull();
  });

  it('an Instagram embed (no copy in the library): stance embedded, the reply says the platform serves it and no copy is hosted', async () => {
    // An embed is recorded without a file: an asset from JSON with no stored file and no served URL on the site.
    const asset = (await t.http().post('/v1/assets').send({ siteId: site.id, filename: 'instagram-Cx1AbCdEfGh.jpg', mimeType: 'image/jpeg' }).expect(201)).body;
    await t.http().post('/v1/licenses').send({ kind: 'embed_only', sourceUrl: 'https://www.instagram.com/p/Cx1AbCdEfGh/', validFrom: '2020-01-01', assetIds: [asset.id] }).expect(201);
    // The page it is embedded on, as the crawler records it (the usage timeline has no public writer yet).
    await t.app.prisma.usage.create({ data: { assetId: asset.id, pageUrl: `${base}/2024/harbour-festival/`, firstSeenAt: new Date('2024-05-02T08:00:00Z') } });
    const claimId = await claimFor(asset.id, { caseRef: 'PX-EMBED-3' });
    const assessment = (await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body;
    expect(assessment.stance).toBe('embedded');
    expect(assessment.assets[0]).toMatchObject({ hosted: false, stance: 'embedded' });
    const { en, de } = await replies(claimId);
    expect(en).toContain('instagram-Cx1AbCdEfGh.jpg: the image is served by Instagram through its embed; no copy is hosted on our site (embedded post https://www.instagram.com/p/Cx1AbCdEfGh/)');
    expect(en).toContain(`embedded on ${base}/2024/harbour-festival/, recorded since 2024-05-02`);
    expect(en).not.toMatch(/license documentation enclosed|was licensed/i);
    expect(de).toContain('Das Bild wird von Instagram über dessen Einbettung ausgeliefert; auf unserer Website ist keine Kopie gespeichert');
    expect(de).toContain('erfasst seit 02.05.2024');
  });

  it('a hosted file with only an embed license: remove, since the embed license does not cover a hosted copy; no embed line', async () => {
    const asset = await ingest(203, 'insta-post', photo('bep_sunrise.jpg'));
    await t.http().post('/v1/licenses').send({ kind: 'embed_only', sourceUrl: 'https://www.instagram.com/p/Cx1AbCdEfGh/', validFrom: '2020-01-01', assetIds: [asset.id] }).expect(201);
    const claimId = await claimFor(asset.id, { caseRef: 'PX-HOSTED-3B' });
    const assessment = (await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body;
    expect(assessment.stance).toBe('remove');
    expect(assessment.assets[0]).toMatchObject({ hosted: true, stance: 'remove' });
    expect(assessment.reason).toMatch(/embed license does not cover a hosted copy/);
    const { en, de } = await replies(claimId);
    expect(en).toContain('We could not find a license for this use in our records.');
    expect(en).not.toMatch(/through its embed|no copy is hosted|embed only/);
    expect(de).not.toMatch(/Einbettung|keine Kopie gespeichert/);
  });

  it('an embedded image beside a hosted licensed one: the embed paragraph names the embedded image only', async () => {
    const embedded = (await t.http().post('/v1/assets').send({ siteId: site.id, filename: 'instagram-Dz9.jpg', mimeType: 'image/jpeg' }).expect(201)).body;
    await t.http().post('/v1/licenses').send({ kind: 'embed_only', sourceUrl: 'https://www.instagram.com/p/Dz9/', validFrom: '2020-01-01', assetIds: [embedded.id] }).expect(201);
    const hosted = await ingest(209, 'quay', photo('wp_33772.jpg'));
    await t.http().post('/v1/licenses').send({ kind: 'stock_royalty_free', licensor: 'iStock by Getty Images', orderRef: 'INV-2020-5', validFrom: '2020-01-01', assetIds: [hosted.id] }).expect(201);
    const claim = await t.http().post('/v1/claims').send({ receivedOn: '2026-11-20', amount: 600, currency: 'EUR', agency: 'copytrack', caseRef: 'PX-MIXED-3C' }).expect(201);
    await t.http().put(`/v1/claims/${claim.body.id}/matches`).send({ assetIds: [embedded.id, hosted.id] }).expect(200);
    const assessment = (await t.http().get(`/v1/claims/${claim.body.id}/assessment`).expect(200)).body;
    expect(assessment.stance).toBe('embedded');
    const { en } = await replies(claim.body.id);
    const embedLines = en.split('\n').filter((l) => /through its embed|no copy is hosted/.test(l));
    expect(embedLines).toEqual([expect.stringMatching(/^ {2}- instagram-Dz9\.jpg: /)]);
    expect(en).toContain('For quay.jpg, a license was held at the time of use:');
    expect(en).toContain('we made no copy of instagram-Dz9.jpg.');
  });

  it('a claim with images on two sites: signed neutrally, naming each site; a claim of one site is signed with that site', async () => {
    const shop = (await t.http().post('/v1/sites').send({ name: 'Harbour Shop', baseUrl: 'https://shop.example' }).expect(201)).body;
    const attachment = { id: 301, date: '2026-05-01T09:00:00', source_url: 'https://shop.example/wp-content/uploads/2026/05/net.jpg', mime_type: 'image/jpeg', media_details: { width: 1200, height: 800, sizes: {} } };
    const delivered = await sendWebhook(t, shop.id, multipartDelivery(attachmentEvent('media.created', attachment), photo('wp_waffles.jpg'), 'net.jpg'), { secret: shop.webhookSecret });
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    const blogAsset = await ingest(210, 'rope', photo('bep_mushroom.jpg'));
    for (const id of [delivered.body.assetId, blogAsset.id]) {
      await t.http().post('/v1/licenses').send({ kind: 'stock_royalty_free', licensor: 'iStock by Getty Images', orderRef: `INV-${id.slice(-4)}`, validFrom: '2020-01-01', assetIds: [id] }).expect(201);
    }
    const claim = (await t.http().post('/v1/claims').send({ receivedOn: '2026-11-20', amount: 600, currency: 'EUR', agency: 'copytrack', caseRef: 'CT-TWO-SITES' }).expect(201)).body;
    const confirmed = await t.http().put(`/v1/claims/${claim.id}/matches`).send({ assetIds: [delivered.body.assetId, blogAsset.id], override: true });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const { en, de } = await replies(claim.id);
    expect(en).toMatch(new RegExp(`\\[Name\\]\\nfor the websites (Harbour Shop \\(https://shop\\.example\\) and Harbour Blog \\(${base.replace(/\./g, '\\.')}\\)|Harbour Blog \\(${base.replace(/\./g, '\\.')}\\) and Harbour Shop \\(https://shop\\.example\\))\\n$`));
    expect(de).toMatch(/\[Name\]\nfür die Websites Harbour (Shop|Blog) \(\S+\) und Harbour (Blog|Shop) \(\S+\)\n$/);
    // The letter's opening names each image with the site it is on, not every image on the first one's site.
    expect(en).toContain('net.jpg on https://shop.example');
    expect(en).toContain(`rope.jpg on ${base}`);

    // A claim logged for one site is signed with that site, whatever the order of its images.
    const own = (await t.http().post('/v1/claims').send({ siteId: shop.id, receivedOn: '2026-11-20', agency: 'copytrack', caseRef: 'CT-ONE-SITE' }).expect(201)).body;
    await t.http().put(`/v1/claims/${own.id}/matches`).send({ assetIds: [delivered.body.assetId] }).expect(200);
    expect((await replies(own.id)).en).toMatch(/\[Name\]\nHarbour Shop\n$/);
  });

  it('a free press-kit image beside a paid licensed one: each named by its own basis, the paid license never "the permission"', async () => {
    const kit = await ingest(211, 'plant-hall', photo('wp_canola.jpg'));
    await t.http().post('/v1/licenses').send({ kind: 'press_kit', licensor: 'Stadtwerke Nord', validFrom: '2020-01-01', usageTerms: 'editorial use only', assetIds: [kit.id] }).expect(201);
    const paid = await ingest(212, 'plant-roof', photo('wp_2004-07-22-DSC_0008.jpg'));
    await t.http().post('/v1/licenses').send({ kind: 'rights_managed', licensor: 'Alamy', orderRef: 'AL-7781', validFrom: '2020-01-01', assetIds: [paid.id] }).expect(201);
    const claim = (await t.http().post('/v1/claims').send({ receivedOn: '2026-11-20', amount: 600, currency: 'EUR', agency: 'copytrack', caseRef: 'CT-MIXED-4B' }).expect(201)).body;
    await t.http().put(`/v1/claims/${claim.id}/matches`).send({ assetIds: [kit.id, paid.id] }).expect(200);
    expect((await t.http().get(`/v1/claims/${claim.id}/assessment`).expect(200)).body.stance).toBe('free_license');
    const { en } = await replies(claim.id);
    const blocks = en.split('\n\n');
    const after = (heading: string) => blocks[blocks.findIndex((b) => b === heading) + 1] ?? '';
    expect(after('plant-hall.jpg was used with the permission below, and within its conditions:')).toMatch(/plant-hall\.jpg: press kit \/ editorial, Stadtwerke Nord/);
    expect(after('plant-hall.jpg was used with the permission below, and within its conditions:')).not.toContain('plant-roof.jpg');
    expect(after('For plant-roof.jpg, a license was held at the time of use:')).toMatch(/plant-roof\.jpg: rights-managed, Alamy, order\/invoice AL-7781/);
    expect(en).not.toContain('Under these terms the use did not require a paid license');
  });

  it('a press kit: the reply names the press kit, editorial use and the credit line, not "public domain or free license"', async () => {
    const asset = await ingest(204, 'plant-opening', photo('bep_mushroom.jpg'));
    await t
      .http()
      .post('/v1/licenses')
      .send({ kind: 'press_kit', licensor: 'Stadtwerke Nord', sourceUrl: 'https://presse.example/kit', validFrom: '2020-01-01', usageTerms: 'editorial use only', attributionRequired: true, attributionText: 'Photo: Stadtwerke Nord / K. Brandt', assetIds: [asset.id] })
      .expect(201);
    const claimId = await claimFor(asset.id, { caseRef: 'PX-PRESS-4' });
    expect((await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body.stance).toBe('free_license');
    const { en } = await replies(claimId);
    expect(en).toContain('The image was used with the permission below, and within its conditions:');
    expect(en).toMatch(/press kit \/ editorial, Stadtwerke Nord.*terms: editorial use only; credit line "Photo: Stadtwerke Nord \/ K\. Brandt"/);
    expect(en).not.toContain('public domain or was obtained under a free license');
  });

  it('an e-mail permission with a credit condition: licensed, and the reply names the credit line it asks for', async () => {
    const asset = await ingest(205, 'portrait', photo('wp_33772.jpg'));
    const license = (
      await t.http().post('/v1/licenses').send({ kind: 'written_permission', licensor: 'Anna Webb', validFrom: '2022-04-02', usageTerms: 'use on the blog article about the harbour', attributionRequired: true, attributionText: 'Photo: Anna Webb', assetIds: [asset.id] }).expect(201)
    ).body;
    const eml = Buffer.from('From: Anna Webb <anna@webb.example>\r\nDate: Sat, 2 Apr 2022 10:00:00 +0000\r\nSubject: Your request\r\n\r\nYes, you may use the photo on your blog, with the credit "Photo: Anna Webb".\r\n');
    await t.http().post(`/v1/licenses/${license.id}/proofs`).field('kind', 'permission_email').attach('file', eml, { filename: 'permission.eml', contentType: 'message/rfc822' }).expect(201);
    const claimId = await claimFor(asset.id, { caseRef: 'HG-PERM-5', claimedUseFrom: '2022-05-01' });
    expect((await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body.stance).toBe('licensed');
    const { en } = await replies(claimId);
    expect(en).toMatch(/written permission, Anna Webb.*terms: use on the blog article about the harbour; credit line "Photo: Anna Webb"/);
    expect(en).toContain('permission.eml');
  });

  it('a license bought after the first use: licensed_later, judged from the earlier first recorded use', async () => {
    const asset = await ingest(206, 'lighthouse', photo('wp_canola.jpg'));
    await t.http().post('/v1/licenses').send({ kind: 'stock_royalty_free', licensor: 'iStock by Getty Images', orderRef: 'INV-2024-77', validFrom: '2024-06-01', assetIds: [asset.id] }).expect(201);
    // The usage timeline has no public writer yet: the crawler's record of the first use is seeded.
    await t.app.prisma.usage.create({ data: { assetId: asset.id, pageUrl: `${base}/2021/lighthouse/`, firstSeenAt: new Date('2021-01-15T08:00:00Z') } });
    const claimId = await claimFor(asset.id, { caseRef: 'CT-LATER-6', claimedUseFrom: '2021-03-12' });

    const assessment = (await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body;
    expect(assessment).toMatchObject({ stance: 'licensed_later', useDay: '2021-01-15' });
    expect(assessment.assets[0]).toMatchObject({ stance: 'licensed_later', useDay: '2021-01-15', licensesAtUse: [] });
    expect(assessment.reason).toContain('2024-06-01');

    const { en } = await replies(claimId);
    expect(en).toContain('The image is licensed today:');
    // The period runs from the image's own first use (2021-01-15), not from the day the letter names.
    expect(en).toContain('The use was licensed only from 2024-06-01 on, however; for the time before, from 2021-01-15 to 2024-05-31, no license was held.');
    expect(en).not.toMatch(/The use you refer to was licensed/);
  });
  it('a license that covered the first use but ended before the claimed use: remove, never licensed', async () => {
    const asset = await ingest(207, 'harbour', photo('wp_waffles.jpg'));
    await t.http().post('/v1/licenses').send({ kind: 'stock_royalty_free', licensor: 'iStock by Getty Images', orderRef: 'INV-2019-12', validFrom: '2019-01-01', expiresOn: '2020-12-31', assetIds: [asset.id] }).expect(201);
    await t.app.prisma.usage.create({ data: { assetId: asset.id, pageUrl: `${base}/2020/harbour/`, firstSeenAt: new Date('2020-06-01T08:00:00Z') } });
    const claimId = await claimFor(asset.id, { caseRef: 'CT-LAPSED-7', claimedUseFrom: '2023-04-02' });

    const assessment = (await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body;
    expect(assessment.assets[0]).toMatchObject({ stance: 'remove', useDay: '2020-06-01', licensesAtUse: [] });
    expect(assessment.stance).toBe('remove');
    const { en } = await replies(claimId);
    expect(en).not.toMatch(/The use you refer to was licensed|licensed today/);
  });

  it('a license that started after the use and has ended: remove, not "licensed now"', async () => {
    const asset = await ingest(208, 'pier', photo('wp_2004-07-22-DSC_0008.jpg'));
    await t.http().post('/v1/licenses').send({ kind: 'stock_royalty_free', licensor: 'iStock by Getty Images', orderRef: 'INV-2022-3', validFrom: '2022-01-01', expiresOn: '2023-12-31', assetIds: [asset.id] }).expect(201);
    const claimId = await claimFor(asset.id, { caseRef: 'CT-ENDED-8', claimedUseFrom: '2021-03-12' });

    const assessment = (await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body;
    expect(assessment).toMatchObject({ stance: 'remove' });
    const { en } = await replies(claimId);
    expect(en).not.toMatch(/licensed today/);
  });
});
