/**
 * Issue 16, point 1: two sites hold the same photo, the letter names one site's URL. Through the
 * public API only: images ingested by the signed webhook as WordPress sends them, a claim with
 * its letter URL and screenshot, matched, confirmed (with and without override), assessed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';
import { createSite, ingestUpload, type WordPressSite } from './helpers/wordpress-site.ts';
import { attachmentEvent, multipartDelivery, sendWebhook } from './helpers/webhooks.ts';

const phash = (...p: string[]) => readFileSync(fixturePath('phash', ...p));
const photo = phash('originals', 'bep_sunrise.jpg');
const reencoded = phash('variants', 'p01_q40.jpg');
const screenshot = phash('variants', 'p01_screenshot.png');

type Evidence = { method: string; letterUrl: string | null; matchedUrl: string | null; matchedFile: string | null; proofId: string | null; proofFilename: string | null; distance: number | null };
type Candidate = {
  asset: { id: string; siteId: string };
  site: { id: string; name: string; baseUrl: string };
  siteNamedByLetter: boolean | null;
  confirmedByOverride: boolean;
  method: string;
  methods: string[];
  distance: number | null;
  score: number;
  evidence: Evidence[];
  confirmed: boolean;
};

let t: TestApp;
type Site = WordPressSite;
let siteA: Site;
let siteB: Site;
/** Site A holds the photo under a license; site B holds the same bytes and a re-encoded copy, unlicensed. */
let licensedOnA: { id: string; url: (f: string) => string };
let sameBytesOnB: { id: string; url: (f: string) => string };
let reencodedOnB: { id: string; url: (f: string) => string };

const makeSite = (name: string, base: string) => createSite(t, name, base);

/** Uploads an image through the signed webhook as WordPress would, with a generated size and its `-scaled` copy. */
const ingest = (site: Site, cmsId: number, folder: string, name: string, content: Buffer) => ingestUpload(t, site, { cmsId, folder, name, content, date: '2025-03-14T09:00:00', scaled: true });

async function openClaim(infringingUrls: string[]) {
  const res = await t.http().post('/v1/claims').send({ agency: 'copytrack', caseRef: `CT-${Math.random()}`, receivedOn: '2026-11-20', amount: 600, currency: 'EUR', infringingUrls });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function attachScreenshot(claimId: string, content: Buffer, filename: string) {
  const res = await t.http().post(`/v1/claims/${claimId}/proofs`).field('kind', 'screenshot').attach('file', content, filename);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

async function match(claimId: string) {
  const res = await t.http().post(`/v1/claims/${claimId}/match`).expect(200);
  return res.body.items as Candidate[];
}

beforeAll(async () => {
  t = await createTestApp();
  siteA = await makeSite('Harbour Photos', 'https://harbour-a.example');
  siteB = await makeSite('Quay News', 'https://quay-b.example');
  licensedOnA = await ingest(siteA, 11, '2025/03', 'sunrise-pier', photo);
  sameBytesOnB = await ingest(siteB, 21, '2025/11', 'sunrise-pier', photo);
  reencodedOnB = await ingest(siteB, 22, '2025/11', 'morning-quay', reencoded);
  const license = await t.http().post('/v1/licenses').send({ kind: 'stock_royalty_free', licensor: 'iStock', validFrom: '2025-01-01', assetIds: [licensedOnA.id] });
  expect(license.status, JSON.stringify(license.body)).toBe(201);
});

afterAll(async () => {
  await t?.close();
});

describe('two sites with the same photo, the letter names site A', () => {
  it("ranks site A's asset first by its URL, shows every candidate's site and evidence, and puts site B below", async () => {
    const letterUrl = 'https://www.harbour-a.example/wp-content/uploads/2025/03/sunrise-pier-scaled.jpg';
    const claimId = await openClaim([letterUrl]);
    const image = await attachScreenshot(claimId, photo, 'copytrack-evidence.jpg');
    const items = await match(claimId);

    expect(items.map((c) => c.asset.id)).toEqual([licensedOnA.id, sameBytesOnB.id, reencodedOnB.id]);
    const [first, ...others] = items;
    expect(first).toMatchObject({ method: 'url', site: { id: siteA.id, name: 'Harbour Photos', baseUrl: siteA.base }, siteNamedByLetter: true });
    expect(first!.evidence[0]).toEqual({
      method: 'url',
      letterUrl,
      matchedUrl: licensedOnA.url('sunrise-pier-scaled.jpg'),
      matchedFile: 'sunrise-pier.jpg',
      proofId: null,
      proofFilename: null,
      distance: null,
    });
    // The same bytes and the picture also found it; the evidence says through which claim image.
    expect(first!.methods).toEqual(['url', 'sha256', 'phash']); // best first
    expect(first!.evidence.find((e) => e.method === 'sha256')).toMatchObject({ proofId: image.id, proofFilename: 'copytrack-evidence.jpg', distance: 0 });

    for (const c of others) {
      expect(c.site).toEqual({ id: siteB.id, name: 'Quay News', baseUrl: siteB.base });
      expect(c.siteNamedByLetter).toBe(false);
      expect(c.score).toBeLessThan(first!.score);
      // Image findings name the claim image they came from; name findings have none.
      for (const e of c.evidence) expect(e.proofId).toBe(e.method === 'filename' ? null : image.id);
    }
    // Site B's byte-identical copy is still found by its bytes and by name, just not first.
    expect(others[0]!.methods).toEqual(['sha256', 'phash', 'filename']);
    expect(others[0]!.evidence.find((e) => e.method === 'filename')).toMatchObject({ letterUrl, matchedFile: 'sunrise-pier.jpg', matchedUrl: null });
    expect(others[1]).toMatchObject({ method: 'phash', methods: ['phash'] });
    expect(others[1]!.evidence[0]!.distance).toBeLessThanOrEqual(10);

    // The claim page shows the same candidates, read back from what was stored.
    const detail = (await t.http().get(`/v1/claims/${claimId}`).expect(200)).body as { candidates: Candidate[] };
    expect(detail.candidates).toEqual(items);
  });

  it("refuses to confirm site B's copy without an override, confirms it with one and says so on the timeline", async () => {
    const claimId = await openClaim(['https://www.harbour-a.example/wp-content/uploads/2025/03/sunrise-pier-scaled.jpg']);
    await attachScreenshot(claimId, photo, 'evidence.jpg');
    await match(claimId);

    const refused = await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [sameBytesOnB.id] });
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'site_not_in_letter', assetIds: [sameBytesOnB.id], letterHosts: ['harbour-a.example'] });
    expect(refused.body.detail).toContain('Quay News');
    const untouched = (await t.http().get(`/v1/claims/${claimId}`).expect(200)).body;
    expect(untouched).toMatchObject({ status: 'new', confirmedAssetIds: [] });
    expect(untouched.candidates.some((c: Candidate) => c.confirmed)).toBe(false);
    expect(untouched.events.filter((e: { type: string }) => e.type !== 'letter_received')).toEqual([]);

    // A mixed choice is refused as a whole: nothing of it is confirmed.
    const mixed = await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [licensedOnA.id, reencodedOnB.id] });
    expect(mixed.status).toBe(409);
    expect(mixed.body.assetIds).toEqual([reencodedOnB.id]);
    expect((await t.http().get(`/v1/claims/${claimId}`).expect(200)).body.confirmedAssetIds).toEqual([]);

    const overridden = await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [sameBytesOnB.id], override: true });
    expect(overridden.status, JSON.stringify(overridden.body)).toBe(200);
    expect(overridden.body).toMatchObject({ status: 'matched', confirmedAssetIds: [sameBytesOnB.id] });
    const detail = (await t.http().get(`/v1/claims/${claimId}`).expect(200)).body;
    const notes = detail.events.filter((e: { type: string; note: string | null }) => e.type === 'note' && e.note?.includes('override'));
    expect(notes).toHaveLength(1);
    expect(notes[0].note).toContain(sameBytesOnB.id);
    expect(notes[0].note).toContain('Quay News');
    expect(notes[0].note).toContain('harbour-a.example');

    // Confirming it again (with site A's asset now) needs no second override: it was already confirmed.
    const again = await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [sameBytesOnB.id, licensedOnA.id] });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const after = (await t.http().get(`/v1/claims/${claimId}`).expect(200)).body;
    expect(after.events.filter((e: { type: string; note: string | null }) => e.type === 'note' && e.note?.includes('override'))).toHaveLength(1);
  });

  it("confirming site A's asset needs no override, and the assessment finds its license", async () => {
    const claimId = await openClaim(['http://harbour-a.example/wp-content/uploads/2025/03/sunrise-pier-300x188.jpg']);
    const items = await match(claimId);
    expect(items[0]).toMatchObject({ asset: { id: licensedOnA.id }, method: 'url', siteNamedByLetter: true });
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [licensedOnA.id] }).expect(200);
    const assessment = (await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body;
    expect(assessment.assets.map((a: { asset: { id: string } }) => a.asset.id)).toEqual([licensedOnA.id]);
    expect(assessment.stance).toBe('licensed');
  });

  it.each([
    ['the -scaled copy with www', 'https://www.harbour-a.example/wp-content/uploads/2025/03/sunrise-pier-scaled.jpg'],
    ['the original over http', 'http://harbour-a.example/wp-content/uploads/2025/03/sunrise-pier.jpg'],
    ['a generated size', 'https://harbour-a.example/wp-content/uploads/2025/03/sunrise-pier-300x188.jpg'],
    ['a size WordPress was never asked for, with www', 'https://www.harbour-a.example/wp-content/uploads/2025/03/sunrise-pier-1024x768.jpg'],
    ['a format sibling with a CDN query', 'https://harbour-a.example/wp-content/uploads/2025/03/sunrise-pier-scaled.webp?w=640&ssl=1'],
  ])('a letter naming %s finds the upload on site A by URL, above the same file name on site B', async (_, letterUrl) => {
    const items = await match(await openClaim([letterUrl]));
    expect(items[0]).toMatchObject({ asset: { id: licensedOnA.id }, method: 'url', site: { id: siteA.id }, siteNamedByLetter: true });
    expect(items[0]!.evidence[0]).toMatchObject({ letterUrl, matchedUrl: expect.stringContaining('https://harbour-a.example/wp-content/uploads/2025/03/sunrise-pier') });
    expect(items.slice(1).map((c) => [c.asset.id, c.method, c.siteNamedByLetter])).toEqual([[sameBytesOnB.id, 'filename', false]]);
  });

  it("a page URL of site A in the letter puts a perceptual match on site A above an exact copy on site B", async () => {
    const claimId = await openClaim(['https://www.harbour-a.example/2025/04/morning-at-the-pier/']);
    await attachScreenshot(claimId, photo, 'evidence.jpg');
    const items = await match(claimId);
    expect(items[0]).toMatchObject({ asset: { id: licensedOnA.id }, siteNamedByLetter: true });
    expect(items.slice(1).every((c) => c.site.id === siteB.id && c.score < items[0]!.score)).toBe(true);
  });

  it('a letter with only a screenshot: phash candidates from both sites, each showing its site, ranked by distance as before; confirming needs no override', async () => {
    const claimId = await openClaim([]);
    const image = await attachScreenshot(claimId, screenshot, 'pixsy-screenshot.png');
    const items = await match(claimId);
    expect(items.map((c) => c.asset.id).sort()).toEqual([licensedOnA.id, sameBytesOnB.id, reencodedOnB.id].sort());
    for (const c of items) {
      expect(c.method).toBe('phash');
      expect(c.site.id).toBe(c.asset.siteId);
      expect(c.site.name).toBe(c.site.id === siteA.id ? 'Harbour Photos' : 'Quay News');
      // The letter names no host: whether it names this site is unknown, not "no".
      expect(c.siteNamedByLetter).toBeNull();
      expect(c.evidence).toEqual([{ method: 'phash', letterUrl: null, matchedUrl: null, matchedFile: expect.any(String), proofId: image.id, proofFilename: 'pixsy-screenshot.png', distance: c.distance }]);
      // Without a host in the letter the perceptual ranking is unchanged: 0.9 less a hundredth per differing bit.
      expect(c.score).toBeCloseTo(0.9 - c.distance! / 100, 10);
    }
    const distances = items.map((c) => c.distance!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [reencodedOnB.id] }).expect(200);
  });

  it.each([
    ['override is not a boolean', { assetIds: [], override: 'yes' }],
    ['an unknown field', { assetIds: [], force: true }],
  ])('refuses a confirmation where %s with a 400 problem', async (_, body) => {
    const claimId = await openClaim([]);
    const res = await t.http().put(`/v1/claims/${claimId}/matches`).send(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });
});

/** An upload whose files WordPress serves from `url` (an offloaded CDN copy, a multisite uploads folder), with no generated sizes. */
async function ingestAt(site: Site, cmsId: number, url: string, content: Buffer) {
  const attachment = { id: cmsId, date: '2025-03-14T09:00:00', source_url: url, mime_type: 'image/jpeg', media_details: { width: 1200, height: 800, sizes: {} } };
  const res = await sendWebhook(t, site.id, multipartDelivery(attachmentEvent('media.created', attachment), content, url.slice(url.lastIndexOf('/') + 1)), { secret: site.secret });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.assetId as string;
}

describe('a host names a site by the upload directory of its asset, never by host alone', () => {
  it('two sites on one shared image CDN: a letter about alice\'s file names alice only; bob\'s copy needs an override', async () => {
    const alice = await makeSite('Alice Travels', 'https://alice-travels.example');
    const bob = await makeSite('Bob Sails', 'https://bob-sails.example');
    const onAlice = await ingestAt(alice, 31, 'https://res.cloudinary.com/alice/image/upload/v1700000000/dawn-harbour.jpg', photo);
    const onBob = await ingestAt(bob, 41, 'https://res.cloudinary.com/bob/image/upload/v1700000000/dawn-harbour.jpg', photo);
    const claimId = await openClaim(['https://res.cloudinary.com/alice/image/upload/v1700000000/dawn-harbour.jpg']);
    await attachScreenshot(claimId, photo, 'evidence.jpg');
    const items = await match(claimId);
    const named = Object.fromEntries(items.filter((c) => [onAlice, onBob].includes(c.asset.id)).map((c) => [c.asset.id, c.siteNamedByLetter]));
    expect(named).toEqual({ [onAlice]: true, [onBob]: false });
    expect(items[0]!.asset.id).toBe(onAlice);

    const refused = await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [onBob] });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.code).toBe('site_not_in_letter');
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [onAlice] }).expect(200);
  });

  it('a WordPress multisite subdirectory site is named by its uploads folder outside its base path, and confirmed without an override', async () => {
    // The network's main site is in the instance too, at the root of the same host.
    await makeSite('Harbour Network', 'https://harbour-net.example');
    const sub = await makeSite('Harbour Network Blog', 'https://harbour-net.example/blog');
    const onSub = await ingestAt(sub, 2051, 'https://harbour-net.example/wp-content/uploads/sites/2/2025/03/quay-lights.jpg', reencoded);
    const claimId = await openClaim(['https://www.harbour-net.example/wp-content/uploads/sites/2/2025/03/quay-lights-1024x683.jpg']);
    const items = await match(claimId);
    expect(items[0]).toMatchObject({ asset: { id: onSub }, method: 'url', site: { id: sub.id }, siteNamedByLetter: true });
    const confirmed = await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [onSub] });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  });
});
