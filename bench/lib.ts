/** Small helpers shared by the benchmarks: timing, percentiles, seeding. */
import type { PrismaClient } from '@clearance/db';

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function timeRequests(n: number, run: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
}

export const ms = (x: number) => `${x.toFixed(2)} ms`;

/**
 * Seeds `rows` assets spread over the sites, each with 2 URLs, in two statements: ids shaped like
 * the app's (sortable text); statuses, risks, detected sources and upload times spread as a real
 * library's might be.
 */
export async function seedAssets(prisma: PrismaClient, rows: number, siteIds: string[]) {
  const sites = `ARRAY[${siteIds.map((id) => `'${id}'`).join(',')}]`;
  await prisma.$executeRawUnsafe(`
    INSERT INTO assets (id, site_id, filename, title, mime_type, coverage_status, risk, source_provider, uploaded_at, updated_at)
    SELECT lpad(to_hex(i), 32, '0'), (${sites})[1 + i % ${siteIds.length}], 'image-' || i || '.jpg', 'Image ' || i, 'image/jpeg',
           (ARRAY['uncovered','uncovered','unproven','covered','covered','covered','expiring','expired','removed','uncovered'])[1 + i % 10]::coverage_status,
           (ARRAY['high','medium','low'])[1 + i % 3]::risk_level,
           (ARRAY[NULL,'istock','unsplash',NULL,'getty-images'])[1 + i % 5],
           now() - (i % 1000) * interval '1 hour', now()
    FROM generate_series(1, ${rows}) AS i`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO asset_urls (id, asset_id, url, kind)
    SELECT a.id || '-' || k, a.id, 'https://bench.example/wp-content/uploads/' || a.filename || '?' || k,
           (CASE k WHEN 1 THEN 'original' ELSE 'size' END)::asset_url_kind
    FROM assets a CROSS JOIN generate_series(1, 2) AS k`);
}
