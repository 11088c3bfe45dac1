/**
 * Issue 16, points 2, 5 and 6 through the public API: a letter's proposal carries the claim's own types
 * and the period of use, and `POST /v1/claims/:id/letter/apply` applies it (as proposed or as edited) in
 * one call with one timeline event; a bad body changes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, makeSiteToken } from './helpers/factories.ts';
import { makeUser, signIn } from './helpers/sessions.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'claims-letters', 'fixtures', name));
const claimFields = ['agency', 'caseRef', 'rightsHolder', 'amount', 'currency', 'deadlineOn', 'receivedOn', 'claimedUseFrom', 'claimedUseTo', 'infringingUrls'] as const;

let t: TestApp;
let siteId: string;

beforeAll(async () => {
  t = await createTestApp();
  siteId = (await makeSite(t)).id;
});
afterAll(() => t?.close());

async function openClaim(body: Record<string, unknown> = {}): Promise<string> {
  return (await t.http().post('/v1/claims').send({ agency: 'other', siteId, ...body }).expect(201)).body.id;
}

async function readLetter(claimId: string, name: string) {
  const res = await t.http().post(`/v1/claims/${claimId}/letter`).attach('file', fixture(name), name);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.proposal as Record<string, unknown> & { evidence: Record<string, string>; warnings: string[] };
}

/** What the user confirms: every field the letter proposed, nothing else (no evidence, no warnings). */
function confirmed(proposal: Record<string, unknown>) {
  return Object.fromEntries(claimFields.filter((f) => proposal[f] !== null && !(Array.isArray(proposal[f]) && !(proposal[f] as unknown[]).length)).map((f) => [f, proposal[f]]));
}

const claimOf = async (id: string) => (await t.http().get(`/v1/claims/${id}`).expect(200)).body;

describe('applying a letter proposal in one call', () => {
  it('applies the proposal unchanged: the claim then holds exactly the proposed values, with one timeline event', async () => {
    const claimId = await openClaim();
    const proposal = await readLetter(claimId, 'kanzlei-wrapped-de.eml');
    // the claim's own types: a number, a currency code, days, an array of URLs
    expect(proposal).toMatchObject({ amount: 1958, currency: 'EUR', deadlineOn: '2026-12-15', receivedOn: '2026-12-01', claimedUseFrom: '2021-03-12', claimedUseTo: '2026-11-28', rightsHolder: 'Ralf Keller' });
    expect(proposal.evidence.claimedUseFrom).toContain('12.03.2021');
    const before = await claimOf(claimId);

    const applied = await t.http().post(`/v1/claims/${claimId}/letter/apply`).send(confirmed(proposal));
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    const after = await claimOf(claimId);
    for (const field of claimFields) expect(after[field], field).toEqual(proposal[field]);
    expect(applied.body).toMatchObject(Object.fromEntries(claimFields.map((f) => [f, proposal[f]])));

    const events = after.events.slice(before.events.length);
    expect(events).toHaveLength(1);
    // the claim had no "letter received" yet: the one event is that, on the letter's day, listing what was applied
    expect(events[0]).toMatchObject({ type: 'letter_received', at: '2026-12-01T00:00:00.000Z' });
    expect(events[0].note).toContain('amount 1958');
    expect(events[0].note).toContain('claimedUseFrom 2021-03-12');

    // the assessment judges the use on the day it began, not on the day the letter came
    expect((await t.http().get(`/v1/claims/${claimId}/assessment`).expect(200)).body.useDay).toBe('2021-03-12');
  });

  it('stores the values the user edited before applying, and notes the second application once', async () => {
    const claimId = await openClaim({ receivedOn: '2026-12-02' });
    const proposal = await readLetter(claimId, 'copytrack-reminder-en.eml');
    expect(proposal).toMatchObject({ amount: 890, deadlineOn: '2026-12-16', claimedUseFrom: '2021-03-14' });
    const before = await claimOf(claimId);
    const edited = { ...confirmed(proposal), amount: 750.5, deadlineOn: '2026-12-31', claimedUseFrom: '2021-01-02', claimedUseTo: '2026-11-24' };
    const res = await t.http().post(`/v1/claims/${claimId}/letter/apply`).send(edited).expect(200);
    expect(res.body).toMatchObject({ amount: 750.5, deadlineOn: '2026-12-31', claimedUseFrom: '2021-01-02', claimedUseTo: '2026-11-24', caseRef: 'CT-5521-2026-EN', agency: 'copytrack' });
    const after = await claimOf(claimId);
    expect(after).toMatchObject({ amount: 750.5, deadlineOn: '2026-12-31', claimedUseFrom: '2021-01-02', claimedUseTo: '2026-11-24' });
    const events = after.events.slice(before.events.length);
    // "letter received" is already on the timeline (the claim was logged with its day): a note, not a second one
    expect(events.map((e: { type: string }) => e.type)).toEqual(['note']);
    expect(events[0].note).toMatch(/^Fields applied from the letter: .*amount 750\.5/);
  });

  it.each([
    ['amount as the old string form', { amount: '1958.00' }, '/body/amount'],
    ['a day that is no day', { deadlineOn: '15.12.2026' }, '/body/deadlineOn'],
    ['a currency that is no code', { currency: '€' }, '/body/currency'],
    ['a URL that is no http(s) URL', { infringingUrls: ['javascript:alert(1)'] }, '/body/infringingUrls/0'],
    ['the proposal as returned, evidence and all', { evidence: { amount: 'x' } }, '/body/evidence'],
    ['nothing to apply', {}, '/body'],
  ])('refuses %s with 400 and a pointer, changing nothing', async (_label, body, pointer) => {
    const claimId = await openClaim({ caseRef: 'KEEP-1', amount: 100, currency: 'EUR' });
    const before = await claimOf(claimId);
    const res = await t.http().post(`/v1/claims/${claimId}/letter/apply`).send(Object.keys(body).length ? { caseRef: 'CHANGED', ...body } : body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    const after = await claimOf(claimId);
    expect(after).toEqual({ ...before, daysLeft: after.daysLeft });
    expect(after.caseRef).toBe('KEEP-1');
  });

  it("lets only a caller who may change the claim apply to it: another site's token gets 404, a viewer 403, and nothing changes", async () => {
    const claimId = await openClaim({ caseRef: 'KEEP-2', amount: 100, currency: 'EUR' });
    const before = await claimOf(claimId);
    const otherSiteToken = await makeSiteToken(t, (await makeSite(t)).id);
    const foreign = await t.http(otherSiteToken).post(`/v1/claims/${claimId}/letter/apply`).send({ caseRef: 'STOLEN-1', amount: 1 });
    expect([foreign.status, foreign.headers['content-type'], foreign.body.code]).toEqual([404, expect.stringMatching(/^application\/problem\+json/), 'not_found']);
    const viewer = await makeUser(t, 'viewer');
    const session = await signIn(t, viewer.email);
    const readOnly = await session.send.post(`/v1/claims/${claimId}/letter/apply`).send({ caseRef: 'STOLEN-2' });
    expect([readOnly.status, readOnly.body.code]).toEqual([403, 'forbidden_role']);
    const unchanged = await claimOf(claimId);
    expect(unchanged).toEqual({ ...before, daysLeft: unchanged.daysLeft });
    // The claim's own site token may apply: one note, by that token.
    const ownToken = await makeSiteToken(t, siteId);
    expect((await t.http(ownToken).post(`/v1/claims/${claimId}/letter/apply`).send({ caseRef: 'MINE-1' })).status).toBe(200);
    const after = await claimOf(claimId);
    expect(after.caseRef).toBe('MINE-1');
    expect(after.events.map((e: { type: string; note: string; createdBy: string }) => [e.type, e.note, e.createdBy.startsWith('token:')])).toEqual([['note', 'Fields applied from the letter: caseRef MINE-1', true]]);
  });

  it('answers 404 for a claim that does not exist', async () => {
    const res = await t.http().post('/v1/claims/01900000-0000-7000-8000-000000000000/letter/apply').send({ caseRef: 'X-1' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });
});

describe('reading a letter against the claim it belongs to', () => {
  it('counts "innerhalb von 14 Tagen" from the claim\'s received day when the pasted letter has no date, and says so', async () => {
    const claimId = await openClaim({ receivedOn: '2026-11-10' });
    const text = [
      'Sehr geehrte Damen und Herren,',
      '',
      'wir vertreten die Rechte der Fotografin Henrike Saal. Ihr Bild wurde am 05.02.2024 auf Ihrer Webseite festgestellt:',
      'https://www.site-example-shop.example/produkte/teekanne/',
      '',
      'Für die Nutzung berechnen wir eine Lizenzgebühr von 300,00 EUR. Bitte zahlen Sie innerhalb von 14 Tagen.',
    ].join('\n');
    const res = await t.http().post(`/v1/claims/${claimId}/letter/text`).send({ text }).expect(200);
    expect(res.body.proposal).toMatchObject({ receivedOn: null, deadlineOn: '2026-11-24', claimedUseFrom: '2024-02-05', rightsHolder: 'Henrike Saal', amount: 300, warnings: [] });
    expect(res.body.proposal.evidence.deadlineOn).toMatch(/counted from the claim's received day, 2026-11-10/);
  });

  it('warns instead of guessing when the deadline phrase has no readable date', async () => {
    const claimId = await openClaim();
    const text = 'November 3, 2026\n\nYour website uses our client\'s photograph without a license:\nhttps://www.site-x.example/blog/post/\nWe ask for a license fee of USD 500.00. Please remove it by\nthe end of next month.';
    const res = await t.http().post(`/v1/claims/${claimId}/letter/text`).send({ text }).expect(200);
    expect(res.body.proposal.deadlineOn).toBeNull();
    expect(res.body.proposal.warnings.join(' ')).toMatch(/names a deadline but no date could be read/);
  });
});
