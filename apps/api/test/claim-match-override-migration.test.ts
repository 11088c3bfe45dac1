/**
 * The migration that adds claim_matches.confirmed_by_override, on rows an older instance left: there
 * an override was recorded only as a timeline note ("Match confirmed by override: <file> (asset
 * <id>) on <site>, …"). A match still confirmed whose claim has such a note naming its asset gets
 * the flag, so changing the claim's URLs later keeps it instead of dropping it; nothing else does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '@clearance/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAsset, makeSite } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const migration = readFileSync(join(findProjectRoot(), 'prisma', 'migrations', '20261207141500_claim_match_override', 'migration.sql'), 'utf8');
/** The backfill statements (the column itself exists already: the test database is migrated). */
const backfill = migration
  .split(/;\s*\n/)
  .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
  .filter((s) => /^UPDATE/i.test(s));

/** A note as the matcher on main wrote it when the user overrode. */
const overrideNote = (asset: { id: string }, filename: string, site: { name: string }) =>
  `Match confirmed by override: ${filename} (asset ${asset.id}) on ${site.name}, https://elsewhere.example; the letter names only letter-host.example`;

describe('backfilling confirmed_by_override from the timeline', () => {
  it('flags the matches an override note names, and only those', async () => {
    expect(backfill.length).toBeGreaterThan(0);
    const p = t.app.prisma;
    const site = await makeSite(t);
    const [overridden, plain, unconfirmed, elsewhere] = await Promise.all(['over.jpg', 'plain.jpg', 'later-dropped.jpg', 'elsewhere.jpg'].map((filename) => makeAsset(t, site.id, { filename })));
    const claim = async (urls: string[]) => (await t.http().post('/v1/claims').send({ agency: 'copytrack', infringingUrls: urls }).expect(201)).body.id as string;
    const c1 = await claim(['https://letter-host.example/page/']);
    const c2 = await claim(['https://letter-host.example/other/']);
    const confirmedAt = new Date('2026-11-25T10:00:00Z');
    await p.claimMatch.createMany({
      data: [
        { claimId: c1, assetId: overridden!.id, method: 'phash', score: 0.45, confirmedAt },
        { claimId: c1, assetId: plain!.id, method: 'phash', score: 0.45, confirmedAt },
        // Overridden once, then unconfirmed: no override stands.
        { claimId: c1, assetId: unconfirmed!.id, method: 'phash', score: 0.45, confirmedAt: null },
        // The same asset confirmed on another claim, whose timeline has no override note.
        { claimId: c2, assetId: overridden!.id, method: 'phash', score: 0.45, confirmedAt },
        { claimId: c2, assetId: elsewhere!.id, method: 'phash', score: 0.45, confirmedAt },
      ],
    });
    await p.claimEvent.createMany({
      data: [
        { claimId: c1, type: 'note', note: overrideNote(overridden!, 'over.jpg', site) },
        { claimId: c1, type: 'note', note: overrideNote(unconfirmed!, 'later-dropped.jpg', site) },
        // A note that only mentions the asset is no override.
        { claimId: c2, type: 'note', note: `Asked the agency about asset ${elsewhere!.id} (asset ${elsewhere!.id})` },
      ],
    });
    const flags = async () =>
      Object.fromEntries(
        (await p.claimMatch.findMany({ where: { claimId: { in: [c1, c2] } } })).map((m) => [`${m.claimId === c1 ? 'c1' : 'c2'}:${m.assetId}`, m.confirmedByOverride]),
      );
    const none = await flags();
    expect(Object.values(none).every((f) => f === false)).toBe(true);

    for (const statement of backfill) await p.$executeRawUnsafe(statement);
    const expected = {
      [`c1:${overridden!.id}`]: true,
      [`c1:${plain!.id}`]: false,
      [`c1:${unconfirmed!.id}`]: false,
      [`c2:${overridden!.id}`]: false,
      [`c2:${elsewhere!.id}`]: false,
    };
    expect(await flags()).toEqual(expected);

    // The API says so, and a change of the letter's URLs keeps the overridden match confirmed.
    const detail = (await t.http().get(`/v1/claims/${c1}`).expect(200)).body;
    expect(detail.candidates.find((c: { asset: { id: string } }) => c.asset.id === overridden!.id).confirmedByOverride).toBe(true);
    const patched = (await t.http().patch(`/v1/claims/${c1}`).send({ infringingUrls: ['https://letter-host.example/moved/'] }).expect(200)).body;
    expect(patched.confirmedAssetIds).toEqual([overridden!.id]);

    // Running it again changes nothing.
    for (const statement of backfill) await p.$executeRawUnsafe(statement);
    expect((await flags())[`c1:${overridden!.id}`]).toBe(true);
    expect((await flags())[`c2:${elsewhere!.id}`]).toBe(false);
  });
});
