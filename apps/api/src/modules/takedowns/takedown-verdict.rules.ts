/** 404 Not Found and 410 Gone are the only answers that show a copy is no longer served. */
export const goneStatusCodes: readonly number[] = [404, 410];

/** Errors, timeouts, 5xx and redirects prove nothing: only 404/410 count as removed. */
export const isGone = (statusCode: number | null) => statusCode !== null && goneStatusCodes.includes(statusCode);

type Check = { url: string; statusCode: number | null; checkedAt: Date };

export type TakedownVerdict<C extends Check> = {
  /** True only when at least one URL was checked and the latest answer of every URL is 404 or 410. */
  verified: boolean;
  /** The latest check of each URL, in the order the URLs were first checked. */
  latest: C[];
  /** URLs whose latest answer was not 404/410: still served, redirected, erroring or unreachable. */
  stillLive: C[];
  /** When the latest check happened, or null when nothing was checked. */
  lastCheckedAt: Date | null;
};

/**
 * The one takedown rule: derived from the checks themselves (the newest per URL), not from a stored
 * status, so neither the API nor a certificate can claim more than the checks show.
 */
export function takedownVerdict<C extends Check>(checks: readonly C[]): TakedownVerdict<C> {
  const byUrl = new Map<string, C>();
  for (const check of checks) {
    const previous = byUrl.get(check.url);
    if (!previous || check.checkedAt.getTime() >= previous.checkedAt.getTime()) byUrl.set(check.url, check);
  }
  const latest = [...byUrl.values()];
  const stillLive = latest.filter((c) => !isGone(c.statusCode));
  const lastCheckedAt = latest.reduce<Date | null>((max, c) => (!max || c.checkedAt > max ? c.checkedAt : max), null);
  return { verified: latest.length > 0 && stillLive.length === 0, latest, stillLive, lastCheckedAt };
}
