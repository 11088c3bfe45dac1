/**
 * GET /v1/assets?status=uncovered, first page, with 100,000 assets, over real HTTP on loopback.
 * Target: p95 under 50 ms on PostgreSQL. Prints p50/p95/p99 and the ratio to GET /health served
 * by the same process (the floor of HTTP + auth-free routing), measured interleaved.
 *
 *   npx tsx bench/assets-list.ts [--rows 100000] [--requests 300] [--pglite]
 *
 * PostgreSQL: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names the
 * server; the benchmark works in a throwaway database that it drops at the end.
 */
import { parseArgs } from 'node:util';
import { buildApp } from '../apps/api/src/app.ts';
import { loadConfig } from '../apps/api/src/config.ts';
import { createToken } from '../apps/api/src/modules/tokens/tokens.service.ts';
import { createTestDatabase } from '../apps/api/test/helpers/test-database.ts';
import { ms, percentile, seedAssets, timeRequests } from './lib.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, requests: { type: 'string', default: '300' }, pglite: { type: 'boolean', default: false } },
});
const rows = Number(values.rows);
const requests = Number(values.requests);
if (!values.pglite) process.env.DATABASE_URL ||= 'postgresql://postgres@127.0.0.1:5432/postgres';
else delete process.env.DATABASE_URL;

const database = await createTestDatabase();
const app = await buildApp(loadConfig({ ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' }));
try {
  const { token } = await createToken(app.prisma, { name: 'bench' });
  const site = await app.prisma.site.create({ data: { name: 'Bench site', baseUrl: 'https://bench.example' } });

  console.log(`seeding ${rows.toLocaleString()} assets (2 URLs each) on ${app.db.description} ...`);
  const seedStart = performance.now();
  await seedAssets(app.prisma, rows, [site.id]);
  await app.prisma.$executeRawUnsafe('ANALYZE');
  console.log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const headers = { authorization: `Bearer ${token}` };
  const get = async (path: string): Promise<unknown> => {
    const res = await fetch(`${address}${path}`, { headers });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const first = (await get('/v1/assets?status=uncovered')) as { items: unknown[]; nextCursor: string };
  if (first.items.length !== 50) throw new Error(`expected a full first page, got ${first.items.length}`);

  await timeRequests(30, () => get('/v1/assets?status=uncovered')); // warm-up
  const list: number[] = [];
  const health: number[] = [];
  for (let i = 0; i < requests; i++) {
    list.push(...(await timeRequests(1, () => get('/v1/assets?status=uncovered'))));
    health.push(...(await timeRequests(1, () => get('/health'))));
  }
  const deep = await timeRequests(50, () => get(`/v1/assets?status=uncovered&cursor=${first.nextCursor}`));

  const p95 = percentile(list, 95);
  console.log(`\nGET /v1/assets?status=uncovered (first page of 50, ${rows.toLocaleString()} assets, ${requests} requests)`);
  console.log(`  p50 ${ms(percentile(list, 50))}   p95 ${ms(p95)}   p99 ${ms(percentile(list, 99))}`);
  console.log(`  second page p95 ${ms(percentile(deep, 95))}`);
  console.log(`  baseline GET /health p50 ${ms(percentile(health, 50))}   ratio list/health at p50: ${(percentile(list, 50) / percentile(health, 50)).toFixed(1)}x`);
  console.log(`  target p95 < 50 ms: ${p95 < 50 ? 'met' : 'NOT met'}`);
} finally {
  await app.close();
  await database.drop();
}
process.exit(0);
