import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromToday } from './helpers/days.ts';
import { makeAsset, makeLicense, makeSite, makeSiteToken } from './helpers/factories.ts';
import { uploadProof } from './helpers/proofs.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const zero = { uncovered: 0, unproven: 0, expired: 0, expiring: 0, covered: 0, removed: 0 };
type Point = { day: string; recorded: boolean; total: number; byStatus: typeof zero };

/** A count taken on an earlier day, written behind the API's back as the calendar would have. */
async function pastSnapshot(siteId: string, daysAgo: number, counts: Partial<typeof zero>) {
  const day = new Date(`${dayFromToday(-daysAgo)}T00:00:00Z`);
  await t.app.prisma.coverageSnapshot.createMany({
    data: Object.entries({ ...zero, ...counts }).map(([status, count]) => ({ day, siteId, status: status as 'uncovered', count })),
  });
}

describe('coverage history', () => {
  let siteA: { id: string };
  let siteB: { id: string };
  let a1: { id: string };
  beforeAll(async () => {
    siteA = await makeSite(t, 'History A');
    siteB = await makeSite(t, 'History B');
    a1 = await makeAsset(t, siteA.id);
    await makeAsset(t, siteA.id);
    await makeAsset(t, siteB.id);
  });

  it('ends with today, counted when asked, equal to the summary', async () => {
    const res = await t.http().get('/v1/coverage/history').expect(200);
    expect(res.body).toMatchObject({ asOf: dayFromToday(0), days: 30, siteId: null });
    expect(res.body.points).toEqual([{ day: dayFromToday(0), recorded: true, total: 3, byStatus: { ...zero, uncovered: 3 } }]);
    const summary = await t.http().get('/v1/coverage/summary').expect(200);
    expect(res.body.points.at(-1).byStatus).toEqual(summary.body.byStatus);
  });

  it('stores one row per site and status for the day, rewritten in place when counts change', async () => {
    const today = new Date(`${dayFromToday(0)}T00:00:00Z`);
    const rows = () => t.app.prisma.coverageSnapshot.findMany({ where: { day: today, siteId: { in: [siteA.id, siteB.id] } } });
    expect(await rows()).toHaveLength(2 * 6);

    const license = await makeLicense(t, [a1.id]);
    await uploadProof(t, license.id);
    await t.http().get('/v1/coverage/summary').expect(200);
    await t.http().get('/v1/coverage/summary').expect(200);
    const after = await rows();
    expect(after).toHaveLength(2 * 6);
    const ofA = Object.fromEntries(after.filter((r) => r.siteId === siteA.id).map((r) => [r.status, r.count]));
    expect(ofA).toEqual({ ...zero, uncovered: 1, covered: 1 });

    const history = await t.http().get(`/v1/coverage/history?siteId=${siteA.id}`).expect(200);
    expect(history.body.points.at(-1).byStatus).toEqual({ ...zero, uncovered: 1, covered: 1 });
  });

  it('gives one point per day, carrying counts over days nobody looked', async () => {
    await pastSnapshot(siteA.id, 3, { uncovered: 2 });
    await pastSnapshot(siteB.id, 3, { uncovered: 1 });
    await pastSnapshot(siteB.id, 1, { uncovered: 4, expired: 1 });
    const res = await t.http().get('/v1/coverage/history?days=7').expect(200);
    const points = res.body.points as Point[];
    expect(points.map((p) => [p.day, p.recorded, p.total])).toEqual([
      [dayFromToday(-3), true, 3],
      [dayFromToday(-2), false, 3],
      [dayFromToday(-1), true, 2 + 5], // site A carried from 3 days ago, site B counted that day
      [dayFromToday(0), true, 3],
    ]);
    expect(points[2]!.byStatus).toEqual({ ...zero, uncovered: 6, expired: 1 });
    // Outside the window, nothing is listed.
    const twoDays = await t.http().get('/v1/coverage/history?days=2').expect(200);
    expect(twoDays.body.points.map((p: Point) => p.day)).toEqual([dayFromToday(-1), dayFromToday(0)]);
  });

  it('starts the window with the last counts taken before it', async () => {
    const site = await makeSite(t, 'History C');
    await pastSnapshot(site.id, 40, { covered: 9 });
    const res = await t.http().get(`/v1/coverage/history?days=5&siteId=${site.id}`).expect(200);
    const points = res.body.points as Point[];
    expect(points).toHaveLength(5);
    expect(points[0]).toEqual({ day: dayFromToday(-4), recorded: false, total: 9, byStatus: { ...zero, covered: 9 } });
    expect(points.at(-1)).toEqual({ day: dayFromToday(0), recorded: true, total: 0, byStatus: zero });
  });

  it("shows a site token only its site's history", async () => {
    const token = await makeSiteToken(t, siteB.id);
    const res = await t.http(token).get('/v1/coverage/history?days=7').expect(200);
    expect(res.body.siteId).toBe(siteB.id);
    expect(res.body.points.map((p: Point) => p.total)).toEqual([1, 1, 5, 1]);
    const refused = await t.http(token).get(`/v1/coverage/history?siteId=${siteA.id}`).expect(403);
    expect(refused.body.code).toBe('site_forbidden');
  });

  it.each(['days=0', 'days=367', 'days=abc', 'siteId='])('refuses %s with 400 validation_failed', async (query) => {
    const res = await t.http().get(`/v1/coverage/history?${query}`).expect(400);
    expect(res.body.code).toBe('validation_failed');
  });
});
