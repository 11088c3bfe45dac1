import type { Takedown as TakedownContract, TakedownCheck as TakedownCheckContract, TakedownSummary } from '@clearance/contracts';
import type { Takedown, TakedownCheck } from '@clearance/db';
import type { SkippedUrl } from './takedown-urls.rules.ts';
import { isGone } from './takedown-verdict.rules.ts';

export function mapCheck(row: Pick<TakedownCheck, 'url' | 'statusCode' | 'error' | 'checkedAt'>): TakedownCheckContract {
  return { url: row.url, statusCode: row.statusCode, error: row.error, checkedAt: row.checkedAt.toISOString(), removed: isGone(row.statusCode) };
}

export function mapTakedownSummary(row: Takedown, siteId: string, lastCheckedAt: Date | null): TakedownSummary {
  return {
    id: row.id,
    assetId: row.assetId,
    siteId,
    claimId: row.claimId,
    status: row.status,
    requestedAt: row.requestedAt.toISOString(),
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    lastCheckedAt: lastCheckedAt?.toISOString() ?? null,
  };
}

export function mapTakedown(row: Takedown, siteId: string, latest: TakedownCheck[], skipped: SkippedUrl[]): TakedownContract {
  const lastCheckedAt = latest.reduce<Date | null>((max, c) => (!max || c.checkedAt > max ? c.checkedAt : max), null);
  return {
    ...mapTakedownSummary(row, siteId, lastCheckedAt),
    checks: latest.map(mapCheck),
    stillLive: latest.filter((c) => !isGone(c.statusCode)).map((c) => c.url),
    skipped,
  };
}
