/**
 * Issue 16 review, through the public API: an override is stored on the match and a confirmation
 * made before the claim had URLs is re-checked when they arrive (PATCH and letter apply); the
 * letter's proxy URLs (Jetpack Photon) name the original site; a letter without hosts leaves
 * "named by the letter" unknown; a new received day moves the letter-received event.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { readPdf } from './claims-pack/pdf-text.ts';
import { readZip } from './claims-pack/zip-reader.ts';
import { createTestApp, downloadBytes, type TestApp } from './helpers/test-app.ts';
import { attachmentEvent, multipartDelivery, sendWebhook } from './helpers/webhooks.ts';

const photo = readFileSync(fixturePath('phash', 'originals', 'bep_sunrise.jpg'));

type Candidate = { asset: { id: string }; site: { id: string }; siteNamedByLetter: boolean | null; method: string; confirmed: boolean; confirmedByOverride: boolean };
type Event = { type: string; at: string; note: string | null; fromStatus: string | null; toStatus: string | null };

let t: TestApp;
type Site = { id: string; secret: string; base: string };
let siteA: Site;
let siteB: Site;
let onA: string;
let onB: string;

async function makeSite(name: string, base: string): Promise<Site> {
  const res = await t.http().post('/v1/sites').send({ name, baseUrl: base }).expect(201);
  return { id: res.body.id, secret: res.body.webhookSecret, base };
}

async function ingest(site: Site, cmsId: number, folder: string, name: string) {
  const url = (f: string) => `${site.base}/wp-content/uploads/${folder}/${f}`;
  const attachment = { id: cmsId, date: '2025-03-14T09:00:00', source_url: url(`${name}-scaled.jpg`), mime_type: 'image/jpeg', media_details: { width: 2560, height: 1600, original_image: `${name}.jpg`, sizes: {} } };
  const res = await sendWebhook(t, site.id, multipartDelivery(attachmentEvent('media.created', attachment), photo, `${name}.jpg`), { secret: site.secret });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.assetId as string;
}

async function openClaim(body: Record<string, unknown> = {}) {
  const res = await t.http().post('/v1/claims').send({ agency: 'copytrack', caseRef: `CT-${Math.random()}`, infringingUrls: [], ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function withScreenshot(claimId: string) {
  await t.http().post(`/v1/claims/${claimId}/proofs`).field('kind', 'screenshot').attach('file', photo, 'evidence.jpg').expect(201);
  return (await t.http().post(`/v1/claims/${claimId}/match`).expect(200)).body.items as Candidate[];
}

const detail = async (claimId: string) => (await t.http().get(`/v1/claims/${claimId}`).expect(200)).body as { status: string; confirmedAssetIds: string[]; candidates: Candidate[]; events: Event[] };
const letterA = 'https://www.harbour-a.example/wp-content/uploads/2025/03/sunrise-pier-scaled.jpg';

beforeAll(async () => {
  t = await createTestApp();
  siteA = await makeSite('Harbour Photos', 'https://harbour-a.example');
  siteB = await makeSite('Quay News', 'https://quay-b.example');
  onA = await ingest(siteA, 11, '2025/03', 'sunrise-pier');
  onB = await ingest(siteB, 21, '2025/11', 'quay-dawn');
});

afterAll(async () => {
  await t?.close();
});

describe('a confirmation made before the claim had URLs', () => {
  it('is unconfirmed, with a timeline note saying why, when a PATCH adds URLs naming another site', async () => {
    const claimId = await openClaim();
    const items = await withScreenshot(claimId);
    // No host in the letter: whether it names a site is unknown, not "no".
    expect(items.map((c) => c.siteNamedByLetter)).toEqual([null, null]);
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [onB] }).expect(200);
    expect((await detail(claimId)).candidates.find((c) => c.asset.id === onB)).toMatchObject({ confirmed: true, confirmedByOverride: false });

    const patched = await t.http().patch(`/v1/claims/${claimId}`).send({ infringingUrls: [letterA] });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ confirmedAssetIds: [], status: 'new' });
    const after = await detail(claimId);
    expect(after.candidates.find((c) => c.asset.id === onB)).toMatchObject({ confirmed: false, siteNamedByLetter: false });
    const notes = after.events.filter((e) => e.type === 'note' && e.note?.startsWith('Match unconfirmed'));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.note).toContain(onB);
    expect(notes[0]!.note).toContain('Quay News');
    expect(notes[0]!.note).toContain('harbour-a.example');
    expect(after.events.at(-1)).toMatchObject({ type: 'status_change', fromStatus: 'matched', toStatus: 'new' });
    const assessment = (await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body;
    expect(assessment.assets).toEqual([]);

    // Confirming it again now needs the override like any other asset of an unnamed site.
    const refused = await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [onB] });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('site_not_in_letter');
  });

  it('is unconfirmed when the letter proposal applied adds URLs naming another site; a confirmation on the named site stays', async () => {
    const claimId = await openClaim();
    await withScreenshot(claimId);
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [onA, onB] }).expect(200);
    const applied = await t.http().post(`/v1/claims/${claimId}/letter/apply`).send({ infringingUrls: [letterA], amount: 600, currency: 'EUR' });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ confirmedAssetIds: [onA], status: 'matched' });
    const after = await detail(claimId);
    expect(after.events.filter((e) => e.note?.startsWith('Match unconfirmed')).map((e) => e.note)).toEqual([expect.stringContaining(onB)]);
  });

  it('a PATCH that does not change the URLs leaves confirmations alone', async () => {
    const claimId = await openClaim();
    await withScreenshot(claimId);
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [onB] }).expect(200);
    await t.http().patch(`/v1/claims/${claimId}`).send({ amount: 450 }).expect(200);
    expect((await detail(claimId)).confirmedAssetIds).toEqual([onB]);
  });
});

describe('a confirmation by override', () => {
  it('is stored on the match, shown on the candidate, the assessment and the pack, and survives later URL changes', async () => {
    const claimId = await openClaim({ infringingUrls: [letterA], receivedOn: '2026-11-20' });
    await withScreenshot(claimId);
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [onA, onB], override: true }).expect(200);
    const candidates = (await detail(claimId)).candidates;
    expect(candidates.find((c) => c.asset.id === onB)).toMatchObject({ confirmed: true, confirmedByOverride: true, siteNamedByLetter: false });
    // The override flag on a named site's asset changes nothing: it stands by the letter.
    expect(candidates.find((c) => c.asset.id === onA)).toMatchObject({ confirmed: true, confirmedByOverride: false, siteNamedByLetter: true });

    const assessment = (await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body;
    expect(Object.fromEntries(assessment.assets.map((a: { asset: { id: string }; confirmedByOverride: boolean }) => [a.asset.id, a.confirmedByOverride]))).toEqual({ [onA]: false, [onB]: true });

    const pack = await downloadBytes(t, `/v1/claims/${claimId}/pack`);
    expect(pack.status).toBe(200);
    const summary = await readPdf(readZip(pack.body as Buffer).find((e) => e.name === 'summary.pdf')!.data);
    expect(summary.text.match(/Confirmed by override/g)).toHaveLength(1);

    await t.http().patch(`/v1/claims/${claimId}`).send({ infringingUrls: [letterA, 'https://harbour-a.example/2025/04/post/'] }).expect(200);
    expect((await detail(claimId)).confirmedAssetIds.sort()).toEqual([onA, onB].sort());

    // URLs that now name site B bear the override out: it is no override any more.
    await t.http().patch(`/v1/claims/${claimId}`).send({ infringingUrls: [letterA, 'https://quay-b.example/2025/11/post/'] }).expect(200);
    expect((await detail(claimId)).candidates.find((c) => c.asset.id === onB)).toMatchObject({ confirmed: true, confirmedByOverride: false, siteNamedByLetter: true });
  });
});

describe('a letter naming the image through Jetpack Photon', () => {
  it("names the original site: site A's upload is found by URL and confirmed without override, site B's copy needs one", async () => {
    const photon = 'https://i2.wp.com/www.harbour-a.example/wp-content/uploads/2025/03/sunrise-pier-scaled.jpg?resize=1024%2C640&ssl=1';
    const claimId = await openClaim({ infringingUrls: [photon] });
    const items = await withScreenshot(claimId);
    expect(items[0]).toMatchObject({ asset: { id: onA }, method: 'url', siteNamedByLetter: true });
    expect(items.find((c) => c.asset.id === onB)).toMatchObject({ siteNamedByLetter: false });
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [onA] }).expect(200);
    const refused = await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [onA, onB] });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'site_not_in_letter', assetIds: [onB], letterHosts: ['harbour-a.example'] });
  });
});

describe('the received day', () => {
  const received = async (claimId: string) => (await detail(claimId)).events.filter((e) => e.type === 'letter_received').map((e) => e.at);

  it('moves the letter-received event when a PATCH changes it: one event, on the new day', async () => {
    const claimId = await openClaim({ receivedOn: '2026-11-20' });
    expect(await received(claimId)).toEqual(['2026-11-20T00:00:00.000Z']);
    await t.http().patch(`/v1/claims/${claimId}`).send({ receivedOn: '2026-11-18' }).expect(200);
    expect(await received(claimId)).toEqual(['2026-11-18T00:00:00.000Z']);
  });

  it('records the letter-received event when a PATCH gives the first received day', async () => {
    const claimId = await openClaim();
    expect(await received(claimId)).toEqual([]);
    await t.http().patch(`/v1/claims/${claimId}`).send({ receivedOn: '2026-11-19' }).expect(200);
    expect(await received(claimId)).toEqual(['2026-11-19T00:00:00.000Z']);
  });

  it('moves it when the letter proposal applied changes the received day, and leaves a later letter logged by hand alone', async () => {
    const claimId = await openClaim({ receivedOn: '2026-11-20' });
    await t.http().post(`/v1/claims/${claimId}/events`).send({ type: 'letter_received', at: '2026-12-01T09:00:00.000Z', note: 'Reminder letter' }).expect(201);
    await t.http().post(`/v1/claims/${claimId}/letter/apply`).send({ receivedOn: '2026-11-17' }).expect(200);
    expect(await received(claimId)).toEqual(['2026-11-17T00:00:00.000Z', '2026-12-01T09:00:00.000Z']);
  });
});

describe("Copytrack's case reference", () => {
  it.each([
    ['on the same line', 'Ihr Fall: 123456'],
    ['on the next line of a letterhead table', 'Ihr Fall:\n123456'],
  ])('is read from "Ihr Fall" %s, not from the recipient\'s own "Ihr Zeichen"', async (_, line) => {
    const claimId = await openClaim();
    const text = [
      'COPYTRACK GmbH · Musterstraße 12 · 10115 Berlin',
      'Ihr Zeichen: WEB-77',
      line,
      'Berlin, 10. November 2026',
      'Sehr geehrte Damen und Herren,',
      'das folgende Bild unseres Kunden wird auf Ihrer Website verwendet: https://www.harbour-a.example/2025/04/post/',
      'Gesamtbetrag: 615,00 EUR',
    ].join('\n');
    const res = await t.http().post(`/v1/claims/${claimId}/letter/text`).send({ text });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.proposal).toMatchObject({ agency: 'copytrack', caseRef: '123456', amount: 615 });
    expect(res.body.proposal.evidence.caseRef).toContain('123456');
  });
});

describe("a site's base URL changes", () => {
  it("re-checks the confirmed matches of its open claims: a letter that no longer names the site loses the match, an override and a closed claim keep theirs", async () => {
    const moving = await makeSite('Moving Harbour', 'https://old-harbour.example');
    const onMoving = await ingest(moving, 61, '2025/06', 'moving-pier');
    const other = await makeSite('Steady Quay', 'https://steady-quay.example');
    const onOther = await ingest(other, 62, '2025/06', 'steady-pier');
    // The letters name a page of the site, not its uploads: only the base URL ties them to the site.
    const page = 'https://old-harbour.example/2025/06/a-day-at-the-pier/';
    const plain = await openClaim({ infringingUrls: [page] });
    await t.http().put(`/v1/claims/${plain}/matches`).send({ assetIds: [onMoving] }).expect(200);
    const overridden = await openClaim({ infringingUrls: ['https://steady-quay.example/2025/06/post/'] });
    await t.http().put(`/v1/claims/${overridden}/matches`).send({ assetIds: [onMoving, onOther], override: true }).expect(200);
    const closed = await openClaim({ infringingUrls: [page] });
    await t.http().put(`/v1/claims/${closed}/matches`).send({ assetIds: [onMoving] }).expect(200);
    await t.http().post(`/v1/claims/${closed}/status`).send({ status: 'withdrawn', note: 'withdrawn by the agency' }).expect(200);

    // Renaming the site changes nothing.
    await t.http().patch(`/v1/sites/${moving.id}`).send({ name: 'Moving Harbour Photos' }).expect(200);
    expect((await detail(plain)).confirmedAssetIds).toEqual([onMoving]);

    await t.http().patch(`/v1/sites/${moving.id}`).send({ baseUrl: 'https://new-harbour.example' }).expect(200);
    const after = await detail(plain);
    expect(after).toMatchObject({ status: 'new', confirmedAssetIds: [] });
    const note = after.events.find((e) => e.type === 'note' && e.note?.startsWith('Match unconfirmed'));
    expect(note?.note).toContain(onMoving);
    expect(after.events.some((e) => e.type === 'status_change' && e.fromStatus === 'matched' && e.toStatus === 'new')).toBe(true);
    expect((await detail(overridden)).confirmedAssetIds.sort()).toEqual([onMoving, onOther].sort());
    expect((await detail(closed)).confirmedAssetIds).toEqual([onMoving]);

    // Moved back, the letter names the site again: confirming needs no override.
    await t.http().patch(`/v1/sites/${moving.id}`).send({ baseUrl: 'https://old-harbour.example' }).expect(200);
    await t.http().put(`/v1/claims/${plain}/matches`).send({ assetIds: [onMoving] }).expect(200);
  });
});
