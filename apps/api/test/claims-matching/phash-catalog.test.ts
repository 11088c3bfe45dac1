import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hammingDistance, MATCH_THRESHOLD } from '../../src/modules/ingest/fingerprint/index.ts';
import { PhashCatalog, phashCatalogOf, rewind, type CatalogMatch } from '../../src/modules/claims/matching/phash-catalog.ts';
import { makeSite } from '../helpers/factories.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The catalog against a real database: rows written with Prisma as ingest writes them, read back
 * by the catalog's own queries. Expected answers come from comparing every row's hashes.
 */

let t: TestApp;
let siteA: string;
let siteB: string;
type Row = { id: string; siteId: string; phash: string | null; phashVariants: string[] };

const randomHash = () => randomBytes(8).toString('hex');
/** `hash` with its lowest `k` bits flipped. */
const near = (hash: string, k: number) => (BigInt(`0x${hash}`) ^ ((1n << BigInt(k)) - 1n)).toString(16).padStart(16, '0');
/** A UUIDv7 created at `ms`, random otherwise. */
function uuidV7At(ms: number): string {
  const time = ms.toString(16).padStart(12, '0');
  const rand = randomBytes(10).toString('hex');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${rand.slice(0, 3)}-8${rand.slice(3, 6)}-${rand.slice(6, 18)}`;
}

let n = 0;
async function insertAsset(siteId: string, phash: string | null, phashVariants: string[] = [], id?: string): Promise<Row> {
  return t.app.prisma.asset.create({
    data: { ...(id ? { id } : {}), siteId, filename: `photo-${++n}.jpg`, mimeType: 'image/jpeg', phash, phashVariants },
    select: { id: true, siteId: true, phash: true, phashVariants: true },
  });
}

/** What a search must return: every hashed row within the radius of a query hash. */
async function expected(queries: string[], siteIds?: string[]): Promise<CatalogMatch[]> {
  const rows = await t.app.prisma.asset.findMany({ select: { id: true, siteId: true, phash: true, phashVariants: true } });
  return rows
    .filter((r) => r.phash !== null && (!siteIds || siteIds.includes(r.siteId)))
    .map((r) => ({
      assetId: r.id,
      siteId: r.siteId,
      distance: Math.min(...queries.flatMap((q) => [r.phash!, ...r.phashVariants].map((h) => hammingDistance(q, h)))),
    }))
    .filter((m) => m.distance <= MATCH_THRESHOLD)
    .sort((a, b) => a.distance - b.distance || (a.assetId < b.assetId ? -1 : 1));
}

const base = randomHash();

beforeAll(async () => {
  t = await createTestApp();
  siteA = (await makeSite(t)).id;
  siteB = (await makeSite(t)).id;
  // Near-copies of one picture across both sites, unrelated pictures, and assets without a hash.
  for (let i = 0; i < 24; i++) {
    const site = i % 2 ? siteA : siteB;
    if (i % 5 === 0) await insertAsset(site, null);
    else if (i % 3 === 0) await insertAsset(site, randomHash(), [near(base, i % 12)]);
    else await insertAsset(site, i % 4 === 0 ? randomHash() : near(base, i % 14));
  }
  // Rows from before the phash_variants column have NULL there (Prisma reads it as []).
  const legacy = await insertAsset(siteA, near(base, 3));
  await t.app.prisma.$executeRaw`UPDATE assets SET phash_variants = NULL WHERE id = ${legacy.id}`;
});

afterAll(async () => {
  await t?.close();
});

describe('PhashCatalog', () => {
  it('loads lazily, in batches, every hashed asset, and answers like a scan of the table', async () => {
    const catalog = new PhashCatalog(t.app.prisma, { batchSize: 4 });
    expect(catalog.size).toBe(0);
    const queries = [base, randomHash()];
    const want = await expected(queries);
    expect(want.length).toBeGreaterThan(5);
    expect(await catalog.search(queries)).toEqual(want);
    expect(catalog.size).toBe(await t.app.prisma.asset.count({ where: { phash: { not: null } } }));
  });

  it('filters by the sites the caller may see', async () => {
    const catalog = new PhashCatalog(t.app.prisma);
    const onlyA = await catalog.search([base], { siteIds: [siteA] });
    expect(onlyA).toEqual(await expected([base], [siteA]));
    expect(onlyA.length).toBeGreaterThan(0);
    expect(await catalog.search([base], { siteIds: new Set([siteA, siteB]) })).toEqual(await expected([base]));
    expect(await catalog.search([base], { siteIds: [] })).toEqual([]);
    expect(await catalog.search([base], { siteIds: ['not-a-site'] })).toEqual([]);
  });

  it('pulls assets added since the last search, removed ones included', async () => {
    const catalog = new PhashCatalog(t.app.prisma, { batchSize: 3 });
    const fresh = randomHash();
    expect(await catalog.search([fresh])).toEqual([]);
    const added = await insertAsset(siteB, near(fresh, 2), [fresh]);
    const removed = await t.app.prisma.asset.update({ where: { id: (await insertAsset(siteA, near(fresh, 6))).id }, data: { removedAt: new Date() } });
    expect(await catalog.search([fresh])).toEqual([
      { assetId: added.id, siteId: siteB, distance: 0 },
      { assetId: removed.id, siteId: siteA, distance: 6 },
    ]);
  });

  it('also finds a row committed after a later one was read (id created within the lag window)', async () => {
    const late = randomHash();
    const catalog = new PhashCatalog(t.app.prisma);
    const withoutLag = new PhashCatalog(t.app.prisma, { lagMs: 0 });
    await insertAsset(siteB, randomHash());
    await catalog.search([late]);
    await withoutLag.search([late]);
    // An id from 2 s ago, i.e. before the highest id both catalogs have read.
    const straggler = await insertAsset(siteA, late, [], uuidV7At(Date.now() - 2000));
    const highest = await t.app.prisma.asset.findFirstOrThrow({ orderBy: { id: 'desc' }, select: { id: true } });
    expect(straggler.id < highest.id).toBe(true);
    expect(await catalog.search([late])).toEqual([{ assetId: straggler.id, siteId: siteA, distance: 0 }]);
    expect(await withoutLag.search([late])).toEqual([]); // what a plain `id > last` would have done
  });

  it('takes hash changes to loaded assets from upsert and reload', async () => {
    const catalog = new PhashCatalog(t.app.prisma);
    const before = randomHash();
    const after = randomHash();
    // Created an hour ago: out of the window that pulls re-read, so only being told brings changes.
    const row = await insertAsset(siteA, before, [near(before, 4)], uuidV7At(Date.now() - 3_600_000));
    expect((await catalog.search([before])).map((m) => m.assetId)).toEqual([row.id]);

    const changed = await t.app.prisma.asset.update({ where: { id: row.id }, data: { phash: after, phashVariants: [] }, select: { id: true, siteId: true, phash: true, phashVariants: true } });
    expect((await catalog.search([before])).map((m) => m.assetId)).toEqual([row.id]); // not told yet: still the old hash
    catalog.upsert(changed);
    expect(await catalog.search([before])).toEqual([]);
    expect(await catalog.search([after])).toEqual([{ assetId: row.id, siteId: siteA, distance: 0 }]);

    const other = new PhashCatalog(t.app.prisma);
    await other.search([after]);
    await t.app.prisma.asset.update({ where: { id: row.id }, data: { phash: before } });
    await other.reload(row.id);
    expect(await other.search([before])).toEqual([{ assetId: row.id, siteId: siteA, distance: 0 }]);
  });

  it('keeps an upsert made while the first load is reading, over the older row that load read', async () => {
    const stale = randomHash();
    const current = randomHash();
    const row = await insertAsset(siteB, stale);
    const catalog = new PhashCatalog(t.app.prisma);
    // The load's first (and only) batch query has been sent when search() returns its promise;
    // the row it reads has the old hash, as a snapshot taken before an ingest committed would.
    const loading = catalog.search([current]);
    catalog.upsert({ ...row, phash: current });
    expect(await loading).toEqual([{ assetId: row.id, siteId: siteB, distance: 0 }]);
  });

  it('shares one load between concurrent searches', async () => {
    const catalog = new PhashCatalog(t.app.prisma, { batchSize: 2 });
    const results = await Promise.all([catalog.search([base]), catalog.search([base]), catalog.search([base], { siteIds: [siteB] })]);
    const want = await expected([base]);
    expect(results[0]).toEqual(want);
    expect(results[1]).toEqual(want);
    expect(results[2]).toEqual(want.filter((m) => m.siteId === siteB));
  });

  it('is one per database client', () => {
    expect(phashCatalogOf(t.app.prisma)).toBe(phashCatalogOf(t.app.prisma));
  });
});

describe('rewind', () => {
  it('starts a pull at the first UUIDv7 of the given time when that is before the cursor', () => {
    const cursor = '0190a2b3-c4d5-7abc-8def-0123456789ab';
    const cursorMs = parseInt('0190a2b3c4d5', 16);
    expect(rewind(cursor, cursorMs - 1)).toBe(`0190a2b3-c4d4-0000-0000-000000000000`);
    expect(rewind(cursor, cursorMs - 1) < cursor).toBe(true);
    expect(rewind(cursor, cursorMs)).toBe(cursor);
    expect(rewind('00000000000000000000000000000abc', 0)).toBe('00000000000000000000000000000abc');
  });
});
