/**
 * Time to render the dashboard's overview and first page of assets with 100,000 assets, in real
 * Chromium against the built app (`next start`) and a separate API process (`server.ts`), both on
 * loopback, as `npm start` runs them. Prints p50/p95 of the navigation's load event and of the
 * largest contentful paint, and the p50 time to first byte (the servers' share), beside the same
 * figures for the dashboard's API status page (server-rendered, one trivial API call), measured
 * interleaved in the same run. Target: overview and assets under one second.
 *
 *   npm run build -w @clearance/web && npx tsx bench/dashboard.ts [--rows 100000] [--runs 20] [--pglite]
 *
 * PostgreSQL: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names the
 * server; the benchmark works in a throwaway database that it drops at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { buildApp } from '../apps/api/src/app.ts';
import { loadConfig } from '../apps/api/src/config.ts';
import { createTestDatabase } from '../apps/api/test/helpers/test-database.ts';
import { launchBrowser, startApi, startWeb } from '../apps/web/test/helpers/stack.ts';
import { ms, percentile, seedAssets } from './lib.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '20' }, pglite: { type: 'boolean', default: false } },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
if (!values.pglite) process.env.DATABASE_URL ||= 'postgresql://postgres@127.0.0.1:5432/postgres';
else delete process.env.DATABASE_URL;

// Seeded here, then served by a separate API process as in production (PGlite allows one process at a time).
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'clearance-bench-'));
const database = values.pglite ? { url: `pglite:${dataDir}/pglite`, drop: async () => {} } : await createTestDatabase();
const app = await buildApp(loadConfig({ ...process.env, DATABASE_URL: database.url, CLEARANCE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }));
const stops: (() => Promise<unknown>)[] = [];
let seederOpen = true;
try {
  const sites = await Promise.all(
    ['News desk', 'Shop', 'Charity'].map((name, i) => app.prisma.site.create({ data: { name, baseUrl: `https://bench-${i}.example` } })),
  );
  console.log(`seeding ${rows.toLocaleString()} assets on ${sites.length} sites, 90 days of coverage history, on ${app.db.description} ...`);
  const seedStart = performance.now();
  const siteIds = `ARRAY[${sites.map((s) => `'${s.id}'`).join(',')}]`;
  await seedAssets(app.prisma, rows, sites.map((s) => s.id));
  // A history that drifts towards coverage, so the chart has 90 real points to draw.
  await app.prisma.$executeRawUnsafe(`
    INSERT INTO coverage_snapshots (day, site_id, status, count)
    SELECT current_date - d, s, st::coverage_status, greatest(0, (${rows} / 18) + (CASE WHEN st IN ('uncovered','unproven') THEN d ELSE -d END) * 20)
    FROM generate_series(1, 89) AS d, unnest(${siteIds}) AS s,
         unnest(ARRAY['uncovered','unproven','expired','expiring','covered','removed']) AS st`);
  // PostgreSQL's autovacuum would have vacuumed a freshly filled table (visibility map: index-only
  // scans for the counts); PGlite runs no autovacuum, so it gets statistics only.
  await app.prisma.$executeRawUnsafe(values.pglite ? 'ANALYZE' : 'VACUUM ANALYZE');
  console.log(`seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const description = app.db.description;
  await app.close();
  seederOpen = false;
  const api = await startApi({ databaseUrl: database.url, dataDir });
  stops.push(api.child.stop);
  const apiUrl = api.url;
  const signIn = await fetch(`${apiUrl}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(api.admin) });
  const session = /clearance_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
  if (!session) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);

  const web = await startWeb(apiUrl);
  stops.push(web.stop);
  const browser = await launchBrowser();
  stops.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'clearance_session', value: session, url: web.url, httpOnly: true, sameSite: 'Lax' }]);

  /** One cold navigation in a fresh tab: load event and largest contentful paint, from navigation start. */
  async function measure(path: string, expectText: string): Promise<{ ttfb: number; load: number; lcp: number }> {
    const page: Page = await context.newPage();
    try {
      const res = await page.goto(`${web.url}${path}`, { waitUntil: 'load' });
      if (res?.status() !== 200) throw new Error(`${path}: HTTP ${res?.status()}`);
      if (!(await page.locator('main').innerText()).includes(expectText)) throw new Error(`${path}: "${expectText}" not on the page`);
      return await page.evaluate(
        () =>
          new Promise<{ ttfb: number; load: number; lcp: number }>((resolve) => {
            const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
            new PerformanceObserver((list) => {
              const entries = list.getEntries();
              resolve({ ttfb: nav.responseStart, load: nav.loadEventEnd, lcp: entries[entries.length - 1]!.startTime });
            }).observe({ type: 'largest-contentful-paint', buffered: true });
          }),
      );
    } finally {
      await page.close();
    }
  }

  const pages = [
    { name: 'status page (baseline: /health only)', path: '/status', text: 'Uptime' },
    { name: 'overview', path: '/', text: 'Coverage over time' },
    { name: `assets, first page (48 of ${rows.toLocaleString('en')})`, path: '/assets', text: 'Image ' },
    { name: 'assets, uncovered + table view', path: '/assets?status=uncovered&view=table', text: '.jpg' },
  ];
  for (const p of pages) for (let i = 0; i < 3; i++) await measure(p.path, p.text); // warm-up
  const samples = new Map(pages.map((p) => [p.path, { ttfb: [] as number[], load: [] as number[], lcp: [] as number[] }]));
  for (let i = 0; i < runs; i++) {
    for (const p of pages) {
      const m = await measure(p.path, p.text);
      samples.get(p.path)!.ttfb.push(m.ttfb);
      samples.get(p.path)!.load.push(m.load);
      samples.get(p.path)!.lcp.push(m.lcp);
    }
  }

  console.log(`\nChromium, built dashboard, API process on ${description}, ${rows.toLocaleString()} assets, ${runs} runs per page (interleaved), times from navigation start`);
  const base = percentile(samples.get('/status')!.load, 50);
  let met = true;
  for (const p of pages) {
    const s = samples.get(p.path)!;
    const p95 = percentile(s.load, 95);
    if (p.path !== '/status' && Math.max(p95, percentile(s.lcp, 95)) >= 1000) met = false;
    console.log(
      `  ${p.name.padEnd(40)} server (TTFB) p50 ${ms(percentile(s.ttfb, 50)).padStart(10)}   load p50 ${ms(percentile(s.load, 50)).padStart(10)}  p95 ${ms(p95).padStart(10)}   ` +
        `LCP p50 ${ms(percentile(s.lcp, 50)).padStart(10)}  p95 ${ms(percentile(s.lcp, 95)).padStart(10)}   ${(percentile(s.load, 50) / base).toFixed(1)}x baseline`,
    );
  }
  console.log(`  target p95 < 1000 ms for overview and assets: ${met ? 'met' : 'NOT met'}`);
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  if (seederOpen) await app.close();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
}
process.exit(0);
