import { cleanText } from './pack-format.ts';
import type { TakedownCheckInput } from './pack.types.ts';

/** 404 Not Found and 410 Gone are the only answers that show a copy is no longer served. */
export const goneStatusCodes: readonly number[] = [404, 410];

export const isGone = (check: Pick<TakedownCheckInput, 'statusCode'>) => check.statusCode !== null && goneStatusCodes.includes(check.statusCode);

export type TakedownVerdict = {
  /** True only when at least one URL was checked and the latest answer of every URL is 404 or 410. */
  verified: boolean;
  /** The latest check of each URL, in the order the URLs were first checked. */
  latest: TakedownCheckInput[];
  /** URLs whose latest answer was not 404/410: still served, redirected, erroring or unreachable. */
  stillLive: TakedownCheckInput[];
  /** When the latest check happened, or null when nothing was checked. */
  lastCheckedAt: Date | null;
};

/**
 * The verdict is derived from the checks themselves, not from a stored status, so a certificate can never
 * claim more than its table shows. A timeout or a 5xx is not proof of removal: it counts as still live.
 */
export function takedownVerdict(checks: readonly TakedownCheckInput[]): TakedownVerdict {
  const byUrl = new Map<string, TakedownCheckInput>();
  for (const check of checks) {
    const previous = byUrl.get(check.url);
    if (!previous || check.checkedAt.getTime() >= previous.checkedAt.getTime()) byUrl.set(check.url, check);
  }
  const latest = [...byUrl.values()];
  const stillLive = latest.filter((c) => !isGone(c));
  const lastCheckedAt = latest.reduce<Date | null>((max, c) => (!max || c.checkedAt > max ? c.checkedAt : max), null);
  return { verified: latest.length > 0 && stillLive.length === 0, latest, stillLive, lastCheckedAt };
}

/** What a URL answered, in a few words: `404`, `200`, or the error (`timeout`, `connection refused`). */
export function answerOf(check: Pick<TakedownCheckInput, 'statusCode' | 'error'>): string {
  if (check.statusCode !== null) return String(check.statusCode);
  const error = cleanText(check.error, { max: 200 });
  return error ? `no answer (${error})` : 'no answer';
}
