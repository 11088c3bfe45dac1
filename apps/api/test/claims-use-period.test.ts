/**
 * Issue 16, point 2 in full: an asset counts as licensed only when its licenses cover every day of
 * its use — from its first recorded use (or the claimed day, when earlier) to the letter's last day
 * of use, or to today while the image is still shown. Through the public API; the first use is
 * seeded as a usage row, as there is no usage API yet.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { today } from '../src/lib/dates.ts';
import { minimalPdf } from './helpers/documents.ts';
import { uploadProof } from './helpers/proofs.ts';
import { createTestApp, downloadBytes, type TestApp } from './helpers/test-app.ts';
import { readZip } from './claims-pack/zip-reader.ts';
import { createSite, ingestUpload, type WordPressSite } from './helpers/wordpress-site.ts';

const photo = (name: string) => readFileSync(fixturePath('phash', 'originals', name));

let t: TestApp;
let site: WordPressSite;

beforeAll(async () => {
  t = await createTestApp();
  site = await createSite(t, 'Harbour Blog', 'https://harbour-blog.example');
});

afterAll(async () => {
  await t?.close();
});

const ingest = (cmsId: number, name: string, content: Buffer) => ingestUpload(t, site, { cmsId, folder: '2026/05', name, content, date: '2026-05-01T09:00:00', scaled: false });

async function license(assetId: string, orderRef: string, validFrom: string, expiresOn: string | null) {
  const res = await t.http().post('/v1/licenses').send({ kind: 'stock_royalty_free', licensor: 'iStock by Getty Images', orderRef, validFrom, expiresOn, assetIds: [assetId] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

async function firstUse(assetId: string, day: string) {
  await t.app.prisma.usage.create({ data: { assetId, pageUrl: `${site.base}/${day.slice(0, 4)}/story/`, firstSeenAt: new Date(`${day}T08:00:00Z`) } });
}

async function assessed(assetId: string, claim: Record<string, unknown>) {
  const res = await t.http().post('/v1/claims').send({ receivedOn: '2026-11-20', amount: 600, currency: 'EUR', agency: 'copytrack', ...claim });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await t.http().put(`/v1/claims/${res.body.id}/matches`).send({ assetIds: [assetId] }).expect(200);
  const assessment = (await t.http().get(`/v1/claims/${res.body.id}/assessment`).expect(200)).body;
  return { claimId: res.body.id as string, assessment, asset: assessment.assets[0] };
}

describe('the whole use period decides the stance', () => {
  it('license A 2019–2020, license B from 2022, use from 2019: the year 2021 is uncovered, so not licensed', async () => {
    const asset = await ingest(301, 'gap-year', photo('wp_33772.jpg'));
    await license(asset.id, 'INV-A-2019', '2019-01-01', '2020-12-31');
    await license(asset.id, 'INV-B-2022', '2022-01-01', null);
    await firstUse(asset.id, '2019-06-01');
    const { claimId, assessment, asset: a } = await assessed(asset.id, { caseRef: 'CT-GAP-1', claimedUseFrom: '2023-03-01' });

    expect(a.useDay).toBe('2019-06-01');
    expect(a.usePeriod).toEqual({ from: '2019-06-01', to: today() });
    expect(a.uncoveredPeriods).toEqual([{ from: '2021-01-01', to: '2021-12-31' }]);
    // Licensed today, so nothing to remove; the uncovered year is what is left to negotiate.
    expect(a.stance).toBe('licensed_later');
    expect(a.reason).toContain('no license 2021-01-01 to 2021-12-31');
    expect(a.licensesAtUse).toEqual([]);
    expect(assessment.stance).toBe('licensed_later');
    // The reply names the uncovered year, not "the time before" the license from the claimed day.
    const pack = await downloadBytes(t, `/v1/claims/${claimId}/pack`);
    const reply = readZip(pack.body as Buffer).find((e) => e.name === 'reply.txt')!.data.toString('utf8');
    expect(reply).toContain('no license was held from 2021-01-01 to 2021-12-31');
    expect(reply).not.toMatch(/for the time before/);
  });

  it('a license ending the day before the letter\'s last day of use: that day is uncovered, remove', async () => {
    const asset = await ingest(302, 'last-day', photo('wp_canola.jpg'));
    await license(asset.id, 'INV-2019-7', '2019-01-01', '2023-02-28');
    const { asset: a } = await assessed(asset.id, { caseRef: 'CT-LASTDAY-2', claimedUseFrom: '2019-06-01', claimedUseTo: '2023-03-01' });

    expect(a.usePeriod).toEqual({ from: '2019-06-01', to: '2023-03-01' });
    expect(a.uncoveredPeriods).toEqual([{ from: '2023-03-01', to: '2023-03-01' }]);
    expect(a.stance).toBe('remove');
    expect(a.reason).toContain('uncovered 2023-03-01');
  });

  it('a license that covered the claimed day but ended while the image is still shown: the days since are uncovered', async () => {
    const asset = await ingest(303, 'still-shown', photo('wp_waffles.jpg'));
    await license(asset.id, 'INV-2019-8', '2019-01-01', '2025-12-31');
    await firstUse(asset.id, '2019-06-01');
    const { asset: a } = await assessed(asset.id, { caseRef: 'CT-STILL-3', claimedUseFrom: '2021-03-01' });

    expect(a.uncoveredPeriods).toEqual([{ from: '2026-01-01', to: today() }]);
    expect(a.stance).toBe('remove');
  });

  it('adjacent licenses (one ends 2020-12-31, the next starts 2021-01-01): licensed, and both answer for the use', async () => {
    const asset = await ingest(304, 'adjacent', photo('bep_sunrise.jpg'));
    const first = await license(asset.id, 'INV-A-2019', '2019-01-01', '2020-12-31');
    const second = await license(asset.id, 'INV-B-2021', '2021-01-01', null);
    await uploadProof(t, first.id, { content: minimalPdf('iStock invoice INV-A-2019'), filename: 'invoice-2019.pdf', kind: 'invoice' });
    await uploadProof(t, second.id, { content: minimalPdf('iStock invoice INV-B-2021'), filename: 'invoice-2021.pdf', kind: 'invoice' });
    await firstUse(asset.id, '2019-06-01');
    const { claimId, assessment, asset: a } = await assessed(asset.id, { caseRef: 'CT-ADJ-4', claimedUseFrom: '2023-03-01' });

    expect(a.uncoveredPeriods).toEqual([]);
    expect(a.stance).toBe('licensed');
    expect(assessment.stance).toBe('licensed');
    // The use runs into 2021 and on: the license from 2021 answers for it as much as the first one.
    expect(a.licensesAtUse.map((l: { id: string }) => l.id).sort()).toEqual([first.id, second.id].sort());

    const pack = await downloadBytes(t, `/v1/claims/${claimId}/pack`);
    expect(pack.status).toBe(200);
    const reply = readZip(pack.body as Buffer).find((e) => e.name === 'reply.txt')!.data.toString('utf8');
    expect(reply).toMatch(/The use you refer to was licensed/);
    expect(reply).toContain('invoice-2019.pdf');
    expect(reply).toContain('invoice-2021.pdf');
  });

  it('a use that is over, licensed only after its last day: licensed now, not remove; the whole claimed use to negotiate', async () => {
    const asset = await ingest(305, 'bought-after', photo('wp_33772.jpg'));
    await license(asset.id, 'INV-2026-11', '2026-11-15', null);
    await firstUse(asset.id, '2019-06-01');
    const { claimId, asset: a } = await assessed(asset.id, { caseRef: 'CT-AFTER-5', claimedUseFrom: '2019-06-01', claimedUseTo: '2026-10-30' });

    expect(a.uncoveredPeriods).toEqual([{ from: '2019-06-01', to: '2026-10-30' }]);
    expect(a.stance).toBe('licensed_later');
    expect(a.reason).toContain('the whole claimed use (2019-06-01 to 2026-10-30) was unlicensed');
    expect(a.licensesNow[0].validAtUse).toBe(false);
    const pack = await downloadBytes(t, `/v1/claims/${claimId}/pack`);
    const reply = readZip(pack.body as Buffer).find((e) => e.name === 'reply.txt')!.data.toString('utf8');
    expect(reply).toContain('no license was held from 2019-06-01 to 2026-10-30');
    expect(reply).not.toMatch(/remove/i);
  });

  it('license A 2022–2023 ended, license B from 2024 open, use from 2019: the reply names the uncovered days, not "before 2024"', async () => {
    const asset = await ingest(306, 'ended-then-open', photo('wp_canola.jpg'));
    await license(asset.id, 'INV-A-2022', '2022-01-01', '2023-12-31');
    await license(asset.id, 'INV-B-2024', '2024-01-01', null);
    await firstUse(asset.id, '2019-06-01');
    const { claimId, asset: a } = await assessed(asset.id, { caseRef: 'CT-ENDED-6', claimedUseFrom: '2023-03-01' });

    expect(a.uncoveredPeriods).toEqual([{ from: '2019-06-01', to: '2021-12-31' }]);
    expect(a.stance).toBe('licensed_later');
    // validAtUse: the license overlaps the use period (not: it covered the first day).
    expect(a.licensesNow.map((l: { orderRef: string; validAtUse: boolean }) => [l.orderRef, l.validAtUse])).toEqual([['INV-B-2024', true]]);
    const pack = await downloadBytes(t, `/v1/claims/${claimId}/pack`);
    const reply = readZip(pack.body as Buffer).find((e) => e.name === 'reply.txt')!.data.toString('utf8');
    expect(reply).toContain('The use was licensed only from 2022-01-01 on, however; for the time before, from 2019-06-01 to 2021-12-31, no license was held.');
    expect(reply).toContain('For the uncovered period we are open to a reasonable settlement');
    expect(reply).not.toMatch(/2023-12-31 no license|starts only on 2024-01-01/);
  });

  it('licensed 2019-03-01 to 2024-02-28, image still up: remove, but the reply says what the license covered and which days it did not', async () => {
    const asset = await ingest(307, 'mostly-covered', photo('wp_waffles.jpg'));
    const held = await license(asset.id, 'INV-2019-3', '2019-03-01', '2024-02-28');
    await uploadProof(t, held.id, { content: minimalPdf('iStock invoice INV-2019-3'), filename: 'invoice-2019-3.pdf', kind: 'invoice' });
    await firstUse(asset.id, '2019-06-01');
    const { claimId, asset: a } = await assessed(asset.id, { caseRef: 'CT-MOSTLY-7', claimedUseFrom: '2023-03-01' });

    expect(a.uncoveredPeriods).toEqual([{ from: '2024-02-29', to: today() }]);
    expect(a.stance).toBe('remove');
    const pack = await downloadBytes(t, `/v1/claims/${claimId}/pack`);
    const reply = readZip(pack.body as Buffer).find((e) => e.name === 'reply.txt')!.data.toString('utf8');
    expect(reply).not.toMatch(/could not find a license/);
    expect(reply).toContain('This use was licensed for part of its duration only:');
    expect(reply).toContain('covered the use from 2019-06-01 to 2024-02-28');
    expect(reply).toContain('invoice-2019-3.pdf');
    expect(reply).toContain(`No license was held from 2024-02-29 to ${today()}.`);
  });

  it('a license with no start day on record still counts, but the reason and the summary say to check it was held from the use day', async () => {
    const asset = await ingest(308, 'undated', photo('bep_sunrise.jpg'));
    const res = await t.http().post('/v1/licenses').send({ kind: 'stock_royalty_free', licensor: 'iStock by Getty Images', orderRef: 'INV-OLD', assetIds: [asset.id] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await firstUse(asset.id, '2019-06-01');
    const { asset: a } = await assessed(asset.id, { caseRef: 'CT-UNDATED-8', claimedUseFrom: '2023-03-01' });

    expect(a.uncoveredPeriods).toEqual([]);
    expect(a.stance).toBe('licensed');
    expect(a.reason).toContain('iStock by Getty Images INV-OLD: no start day on record: check it was held from 2019-06-01.');
  });
});
