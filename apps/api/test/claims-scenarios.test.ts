/**
 * The claims desk end to end, through the public API only: a site on a real local HTTP server,
 * images ingested by the signed webhook, licenses and proofs, then a claim matched, assessed,
 * answered with a response pack, settled, and a takedown verified against the server.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, today } from '../src/lib/dates.ts';
import { refreshCoverage } from '../src/modules/coverage/coverage.service.ts';
import { readPdf } from './claims-pack/pdf-text.ts';
import { readZip } from './claims-pack/zip-reader.ts';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { minimalPdf } from './helpers/documents.ts';
import { uploadProof } from './helpers/proofs.ts';
import { createTestApp, downloadBytes, type TestApp } from './helpers/test-app.ts';
import { createSite, ingestUpload, startLoopbackSite, type LoopbackSite, type SiteFile, type WordPressSite } from './helpers/wordpress-site.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const phash = (...p: string[]) => readFileSync(fixturePath('phash', ...p));

/** The WordPress site: serves whatever the test puts in `files`, 404 otherwise. */
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

/** Uploads an image through the signed webhook as WordPress would, with its sizes and `-scaled` copy. */
const ingest = (cmsId: number, folder: string, name: string, content: Buffer) => ingestUpload(t, site, { cmsId, folder, name, content, date: '2026-03-14T09:00:00', scaled: true });

async function openClaim(body: Record<string, unknown>) {
  const res = await t.http().post('/v1/claims').send({ receivedOn: '2026-11-20', deadlineOn: '2026-12-04', amount: 300, currency: 'EUR', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function attachScreenshot(claimId: string, content: Buffer, filename: string) {
  const res = await t.http().post(`/v1/claims/${claimId}/proofs`).field('kind', 'screenshot').attach('file', content, filename);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; sha256: string };
}

async function match(claimId: string) {
  const res = await t.http().post(`/v1/claims/${claimId}/match`).expect(200);
  return res.body as { items: { asset: { id: string }; method: string; methods: string[]; distance: number | null; score: number }[]; threshold: number };
}

async function pack(claimId: string) {
  const res = await downloadBytes(t, `/v1/claims/${claimId}/pack`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/zip');
  const entries = readZip(res.body as Buffer);
  const byName = new Map(entries.map((e) => [e.name, e.data]));
  const manifest = JSON.parse(byName.get('manifest.json')!.toString('utf8')) as {
    generatedAt: string;
    auditHead: { seq: string; hash: string } | null;
    files: { path: string; sha256: string; bytes: number; kind: string; proofId?: string }[];
  };
  // Every file is listed, and every hash in the manifest is the hash of the file inside.
  expect(manifest.files.map((f) => f.path).sort()).toEqual([...byName.keys()].filter((n) => n !== 'manifest.json').sort());
  for (const f of manifest.files) {
    expect(sha256(byName.get(f.path)!), f.path).toBe(f.sha256);
    expect(byName.get(f.path)!.length, f.path).toBe(f.bytes);
  }
  expect(manifest.auditHead?.hash).toMatch(/^[0-9a-f]{64}$/);
  const summary = (await readPdf(byName.get('summary.pdf')!)).text;
  return { manifest, byName, summary };
}

describe('claims desk scenarios', () => {
  it('(a) an iStock image with an invoice, claimed by a screenshot only: matched, licensed, the pack holds the invoice and its hash', async () => {
    const asset = await ingest(101, '2026/03', 'iStock-1234567', phash('originals', 'bep_sunrise.jpg'));
    const license = (await t.http().post('/v1/licenses').send({ kind: 'stock_royalty_free', licensor: 'iStock by Getty Images', orderRef: 'INV-2019-0042', validFrom: '2025-01-10', assetIds: [asset.id] }).expect(201)).body;
    const invoice = await uploadProof(t, license.id, { content: minimalPdf('iStock invoice INV-2019-0042'), filename: 'istock-invoice.pdf', kind: 'invoice' });

    const claimId = await openClaim({ agency: 'copytrack', caseRef: 'CT-2026-0815', rightsHolder: 'Getty Images' });
    await attachScreenshot(claimId, phash('variants', 'p01_screenshot.png'), 'copytrack-screenshot.png');
    const candidates = await match(claimId);
    expect(candidates.items[0]).toMatchObject({ asset: { id: asset.id }, method: 'phash' });
    expect(candidates.items[0]!.distance).toBeLessThanOrEqual(candidates.threshold);

    const confirmed = await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [asset.id] }).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'matched', confirmedAssetIds: [asset.id] });
    const assessment = (await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body;
    expect(assessment).toMatchObject({ stance: 'licensed', useDay: '2026-11-20' });
    expect(assessment.assets[0].licensesAtUse.map((l: { id: string }) => l.id)).toEqual([license.id]);
    expect(assessment.assets[0].proofs.map((p: { sha256: string }) => p.sha256)).toContain(invoice.sha256);

    const { manifest, byName, summary } = await pack(claimId);
    const invoiceEntry = manifest.files.find((f) => f.proofId === invoice.id)!;
    expect(invoiceEntry.sha256).toBe(invoice.sha256);
    expect(sha256(byName.get(invoiceEntry.path)!)).toBe(invoice.sha256);
    expect(summary).toContain('CT-2026-0815');
    expect(summary).toContain(invoice.sha256);
    expect(byName.get('reply.txt')!.toString()).toContain('CT-2026-0815');
  });

  it('(b) a NASA public-domain image with a license-page snapshot, claimed by URL: free license, the pack holds the snapshot', async () => {
    const asset = await ingest(102, '2026/01', 'nasa-earthrise', phash('originals', 'bep_mushroom.jpg'));
    files.set('/nasa-media-guidelines', { type: 'text/html', body: '<html><body><h1>NASA Images and Media Usage Guidelines</h1><p>NASA content is generally not subject to copyright in the United States.</p></body></html>' });
    const license = (await t.http().post('/v1/licenses').send({ kind: 'public_domain', licensor: 'NASA', sourceUrl: `${base}/nasa-media-guidelines`, assetIds: [asset.id] }).expect(201)).body;
    const snapshot = await t.http().post(`/v1/licenses/${license.id}/proofs/snapshot`).send({ url: `${base}/nasa-media-guidelines` });
    expect(snapshot.status, JSON.stringify(snapshot.body)).toBe(201);

    // The letter names a resized copy, over another scheme, with a cache-busting query.
    const claimId = await openClaim({ agency: 'pixsy', caseRef: 'PX-88412', infringingUrls: [`${asset.url('nasa-earthrise-300x188.jpg').replace('http://', 'https://')}?ver=6.1`] });
    const candidates = await match(claimId);
    expect(candidates.items.map((c) => [c.asset.id, c.method])).toEqual([[asset.id, 'url']]);
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [asset.id] }).expect(200);
    expect((await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body.stance).toBe('free_license');

    const { manifest, summary } = await pack(claimId);
    expect(manifest.files.find((f) => f.proofId === snapshot.body.id)?.sha256).toBe(snapshot.body.sha256);
    expect(summary).toContain('PX-88412');
  });

  it('(c) an unlicensed image: remove, settle as no future use, takedown live until every copy is gone, then verified', async () => {
    const asset = await ingest(103, '2026/02', 'harbour', phash('originals', 'wp_canola.jpg'));
    files.set('/wp-content/uploads/2026/02/harbour-300x188.jpg', { type: 'image/jpeg', body: 'jpeg' });
    files.set('/wp-content/uploads/2026/02/harbour-scaled.jpg', { type: 'image/jpeg', body: 'jpeg' });

    const claimId = await openClaim({ agency: 'picrights', caseRef: 'PR-2026-31337', infringingUrls: [asset.url('harbour-300x188.jpg')] });
    expect((await match(claimId)).items[0]).toMatchObject({ asset: { id: asset.id }, method: 'url' });
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [asset.id] }).expect(200);
    expect((await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body.stance).toBe('remove');

    const settled = await t.http().post(`/v1/claims/${claimId}/settlement`).send({ outcome: 'no_future_use', amount: 150, currency: 'EUR' });
    expect(settled.status, JSON.stringify(settled.body)).toBe(200);
    expect(settled.body.claim).toMatchObject({ status: 'settled', settlementOutcome: 'no_future_use', settlementAmount: 150 });
    const takedown = settled.body.takedowns[0];
    expect(takedown.status).toBe('live');
    expect([...takedown.stillLive].sort()).toEqual([asset.url('harbour-300x188.jpg'), asset.url('harbour-scaled.jpg')].sort());

    files.delete('/wp-content/uploads/2026/02/harbour-300x188.jpg');
    files.delete('/wp-content/uploads/2026/02/harbour-scaled.jpg');
    const recheck = await t.http().post(`/v1/takedowns/${takedown.id}/checks`).expect(200);
    expect(recheck.body).toMatchObject({ status: 'verified', stillLive: [] });

    const { manifest, byName } = await pack(claimId);
    const certificate = manifest.files.find((f) => f.kind === 'removal_certificate')!;
    const text = (await readPdf(byName.get(certificate.path)!)).text;
    expect(text).toContain('harbour-scaled.jpg');
    expect(text).toMatch(/verified/i);
    // The timeline says what happened, in order.
    const detail = (await t.http().get(`/v1/claims/${claimId}`).expect(200)).body;
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(['letter_received', 'status_change', 'settlement', 'payment', 'status_change']);
    expect(detail.takedownIds).toEqual([takedown.id]);
  });

  it('(d) settling by buying a one-year license covers the asset and shows it expiring 30 days before the end', async () => {
    const asset = await ingest(104, '2026/04', 'market-day', phash('originals', 'wp_33772.jpg'));
    const claimId = await openClaim({ agency: 'higbee', caseRef: 'HA-55120', amount: 900, currency: 'USD' });
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [asset.id] }).expect(200);
    const receipt = (await t.http().post(`/v1/claims/${claimId}/proofs`).field('kind', 'receipt').attach('file', minimalPdf('Payment receipt HA-55120 USD 450.00'), 'receipt.pdf').expect(201)).body;

    const end = addDays(today(), 364);
    const settled = await t.http().post(`/v1/claims/${claimId}/settlement`).send({ outcome: 'license_purchased', amount: 450, currency: 'USD', license: { expiresOn: end }, receiptProofId: receipt.id });
    expect(settled.status, JSON.stringify(settled.body)).toBe(200);
    const licenseId = settled.body.claim.settlementLicenseId as string;
    const license = (await t.http().get(`/v1/licenses/${licenseId}`).expect(200)).body;
    expect(license).toMatchObject({ kind: 'settlement', expiresOn: end, cost: 450, currency: 'USD', orderRef: 'HA-55120' });
    expect(license.proofs.map((p: { id: string }) => p.id)).toEqual([receipt.id]);
    expect((await t.http().get(`/v1/assets/${asset.id}`).expect(200)).body.coverageStatus).toBe('covered');

    // The status moves with the calendar: covered until 30 days before the end, expiring from then.
    await refreshCoverage(t.app.prisma, [asset.id], 30, addDays(end, -31));
    expect((await t.http().get(`/v1/assets/${asset.id}`).expect(200)).body.coverageStatus).toBe('covered');
    await refreshCoverage(t.app.prisma, [asset.id], 30, addDays(end, -30));
    expect((await t.http().get(`/v1/assets/${asset.id}`).expect(200)).body.coverageStatus).toBe('expiring');
    await refreshCoverage(t.app.prisma, [asset.id], 30);

    // A settled claim does not go back without a reason on the timeline.
    const back = await t.http().post(`/v1/claims/${claimId}/status`).send({ status: 'new' });
    expect(back.status).toBe(422);
    expect(back.body.code).toBe('reason_required');
    await t.http().post(`/v1/claims/${claimId}/status`).send({ status: 'negotiating', note: 'Higbee wrote again: they dispute the term' }).expect(200);
  });

  it('(e) a claim for an image that is not in the library: no candidate above the threshold, ask for proof', async () => {
    const claimId = await openClaim({ agency: 'rights_holder', rightsHolder: 'Jane Doe Photography', infringingUrls: ['https://elsewhere.example/wp-content/uploads/2025/01/sunset-beach.jpg'] });
    await attachScreenshot(claimId, phash('distractors', 'wp_sugarloaf-mountain.jpg'), 'screenshot.jpg');
    expect((await match(claimId)).items).toEqual([]);
    const assessment = (await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body;
    expect(assessment).toMatchObject({ stance: 'ask_for_proof', assets: [] });
    const { byName } = await pack(claimId);
    expect(byName.get('reply.txt')!.toString()).toMatch(/proof|evidence/i);
  });

  it('reads a Copytrack e-mail: proposes its fields and keeps its screenshot, which then finds the image', async () => {
    const asset = await ingest(105, '2026/05', 'lighthouse', phash('originals', 'wp_waffles.jpg'));
    const screenshot = phash('variants', 'p05_screenshot.png');
    const eml = [
      'From: COPYTRACK <noreply@copytrack.com>',
      'To: owner@harbour-blog.example',
      'Subject: Copyright infringement - case ID CT-DE-7734512',
      'Date: Mon, 16 Nov 2026 10:12:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Dear Sir or Madam,',
      `we found an image of our client on ${asset.url('lighthouse-300x188.jpg')} without a license.`,
      'Case ID: CT-DE-7734512',
      'Please pay the licence fee of EUR 450.00 by 30 November 2026.',
      '',
      '--b1',
      'Content-Type: image/png; name="screenshot.png"',
      'Content-Disposition: attachment; filename="screenshot.png"',
      'Content-Transfer-Encoding: base64',
      '',
      screenshot.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '--b1--',
      '',
    ].join('\r\n');
    const claimId = await openClaim({ agency: 'other' });
    const res = await t.http().post(`/v1/claims/${claimId}/letter`).attach('file', Buffer.from(eml), 'copytrack.eml');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.proposal).toMatchObject({ source: 'email', agency: 'copytrack', caseRef: 'CT-DE-7734512', amount: 450, currency: 'EUR', deadlineOn: '2026-11-30' });
    expect(res.body.letter).toMatchObject({ kind: 'claim_letter' });
    expect(res.body.images).toHaveLength(1);
    expect(res.body.images[0]).toMatchObject({ kind: 'screenshot', sha256: sha256(screenshot) });
    // Nothing changes until the user confirms the proposal.
    expect((await t.http().get(`/v1/claims/${claimId}`).expect(200)).body).toMatchObject({ caseRef: null, agency: 'other' });
    await t.http().patch(`/v1/claims/${claimId}`).send({ agency: 'copytrack', caseRef: res.body.proposal.caseRef, infringingUrls: res.body.proposal.infringingUrls }).expect(200);
    const candidates = await match(claimId);
    expect(candidates.items[0]!.asset.id).toBe(asset.id);
    expect(candidates.items[0]!.methods.sort()).toEqual(['phash', 'url']);
  });

  it('lists claims due within 7 days, soonest first', async () => {
    const soon = await openClaim({ agency: 'other', caseRef: 'DUE-SOON', deadlineOn: addDays(today(), 3) });
    const later = await openClaim({ agency: 'other', caseRef: 'DUE-LATER', deadlineOn: addDays(today(), 20) });
    const overdue = await openClaim({ agency: 'other', caseRef: 'OVERDUE', deadlineOn: addDays(today(), -2) });
    const due = (await t.http().get('/v1/claims?dueWithinDays=7').expect(200)).body.items.map((c: { id: string }) => c.id);
    expect(due).toContain(overdue);
    expect(due).toContain(soon);
    expect(due.indexOf(overdue)).toBeLessThan(due.indexOf(soon));
    expect(due).not.toContain(later);
    // Paged one at a time, the same claims in the same order, none lost.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http().get(`/v1/claims?dueWithinDays=7&limit=1${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      paged.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(due);
    // Both filters apply: a settled claim is not open.
    expect((await t.http().get('/v1/claims?status=settled&open=true').expect(200)).body.items).toEqual([]);
    const claim = (await t.http().get(`/v1/claims/${soon}`).expect(200)).body;
    expect(claim.daysLeft).toBe(3);
    // The summary surfaces them too, with the days left.
    const summary = (await t.http().get('/v1/coverage/summary').expect(200)).body;
    const surfaced = summary.claimsDue.map((c: { id: string; daysLeft: number }) => [c.id, c.daysLeft]);
    expect(surfaced).toContainEqual([soon, 3]);
    expect(surfaced).toContainEqual([overdue, -2]);
    expect(surfaced.map(([id]: [string]) => id)).not.toContain(later);
  });

  it("keeps a site's claim to that site's images, and a settlement's receipt to a payment document", async () => {
    const other = (await t.http().post('/v1/sites').send({ name: 'Other blog', baseUrl: 'https://other.example' }).expect(201)).body;
    const foreign = (await t.http().post('/v1/assets').send({ siteId: other.id, filename: 'harbour.jpg', mimeType: 'image/jpeg' }).expect(201)).body;
    const own = await ingest(106, '2026/06', 'quay', phash('originals', 'ianare_gps_DSCN0010.jpg'));
    const claimId = await openClaim({ agency: 'pixsy', siteId: site.id, infringingUrls: [`https://other.example/wp-content/uploads/2026/02/harbour.jpg`] });
    // The other site's asset has the same name, but this claim is about this site.
    expect((await match(claimId)).items.map((c) => c.asset.id)).not.toContain(foreign.id);
    const refused = await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [foreign.id] });
    expect(refused.status).toBe(404);
    // The letter names only other.example: choosing this site's image anyway is an explicit override.
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [own.id], override: true }).expect(200);

    const letter = (await t.http().post(`/v1/claims/${claimId}/proofs`).field('kind', 'claim_letter').attach('file', minimalPdf('Pixsy letter'), 'letter.pdf').expect(201)).body;
    const wrongKind = await t.http().post(`/v1/claims/${claimId}/settlement`).send({ outcome: 'license_purchased', amount: 100, license: { expiresOn: null }, receiptProofId: letter.id });
    expect(wrongKind.status).toBe(400);
    const noTerm = await t.http().post(`/v1/claims/${claimId}/settlement`).send({ outcome: 'license_purchased', amount: 100 });
    expect(noTerm.status).toBe(400);
    // Refused settlements changed nothing.
    expect((await t.http().get(`/v1/claims/${claimId}`).expect(200)).body).toMatchObject({ status: 'matched', settlementLicenseId: null });
    expect((await t.http().get(`/v1/assets/${own.id}`).expect(200)).body.coverageStatus).toBe('uncovered');
  });
});
