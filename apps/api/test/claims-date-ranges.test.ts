/**
 * Issue 16 review: a claimed use period that ends before it starts, and a settlement dated before
 * the letter came, are refused with 422 `invalid_date_range` — on create, PATCH (checked against the
 * stored other end) and letter apply — and nothing stored changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

async function claim(fields: Record<string, unknown>) {
  const res = await t.http().post('/v1/claims').send({ agency: 'copytrack', receivedOn: '2026-11-20', amount: 600, currency: 'EUR', ...fields });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

function refused(res: { status: number; body: { code?: string }; headers: Record<string, string> }) {
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body.code).toBe('invalid_date_range');
}

describe('the claimed use period', () => {
  it('is refused on create when it ends before it starts, and no claim is stored', async () => {
    const count = await t.app.prisma.claim.count();
    refused(await t.http().post('/v1/claims').send({ agency: 'copytrack', caseRef: 'CT-INV-1', claimedUseFrom: '2025-06-01', claimedUseTo: '2025-05-31' }));
    expect(await t.app.prisma.claim.count()).toBe(count);
  });

  it('accepts a one-day period and an open end', async () => {
    await claim({ claimedUseFrom: '2025-06-01', claimedUseTo: '2025-06-01' });
    await claim({ claimedUseFrom: '2025-06-01', claimedUseTo: null });
    await claim({ claimedUseFrom: null, claimedUseTo: '2025-06-01' });
  });

  it('a PATCH of one end is checked against the stored other end; the claim is unchanged', async () => {
    const { id } = await claim({ claimedUseFrom: '2025-06-01', claimedUseTo: '2025-09-30' });
    refused(await t.http().patch(`/v1/claims/${id}`).send({ claimedUseTo: '2025-05-01' }));
    refused(await t.http().patch(`/v1/claims/${id}`).send({ claimedUseFrom: '2025-10-01' }));
    refused(await t.http().patch(`/v1/claims/${id}`).send({ claimedUseFrom: '2025-08-01', claimedUseTo: '2025-07-01', caseRef: 'CT-CHANGED' }));
    const stored = (await t.http().get(`/v1/claims/${id}`).expect(200)).body;
    expect([stored.claimedUseFrom, stored.claimedUseTo, stored.caseRef ?? null]).toEqual(['2025-06-01', '2025-09-30', null]);
    // Moving both ends together, or clearing one, is fine.
    const moved = (await t.http().patch(`/v1/claims/${id}`).send({ claimedUseFrom: '2025-10-01', claimedUseTo: '2025-12-31' }).expect(200)).body;
    expect([moved.claimedUseFrom, moved.claimedUseTo]).toEqual(['2025-10-01', '2025-12-31']);
    const cleared = (await t.http().patch(`/v1/claims/${id}`).send({ claimedUseFrom: null }).expect(200)).body;
    expect(cleared.claimedUseTo).toBe('2025-12-31');
    await t.http().patch(`/v1/claims/${id}`).send({ claimedUseFrom: '2026-01-01' }).then(refused);
  });

  it('a letter proposal applied is checked the same way, and records no event', async () => {
    const { id } = await claim({ claimedUseFrom: '2025-06-01' });
    const events = (await t.http().get(`/v1/claims/${id}`).expect(200)).body.events.length;
    refused(await t.http().post(`/v1/claims/${id}/letter/apply`).send({ claimedUseTo: '2025-03-31', amount: 900 }));
    const stored = (await t.http().get(`/v1/claims/${id}`).expect(200)).body;
    expect([stored.claimedUseTo, stored.amount, stored.events.length]).toEqual([null, 600, events]);
  });
});

describe('the settlement day', () => {
  it('before the letter was received is refused; the claim stays open', async () => {
    const { id } = await claim({ receivedOn: '2026-11-20' });
    refused(await t.http().post(`/v1/claims/${id}/settlement`).send({ outcome: 'no_future_use', amount: 0, settledOn: '2026-11-19' }));
    const stored = (await t.http().get(`/v1/claims/${id}`).expect(200)).body;
    expect(stored.status).toBe('new');
    expect(stored.settledOn ?? null).toBeNull();
  });
});
