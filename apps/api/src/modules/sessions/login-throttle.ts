/**
 * Counts failed password checks per e-mail and per client address in a sliding window, in
 * memory (one API process; replicas each keep their own count, which only makes it laxer).
 * Once a key has too many failures, every attempt for it is refused until the oldest failure
 * leaves the window, right password or not, so guessing cannot continue at full speed.
 */
export type ThrottleLimits = { windowMs: number; perEmail: number; perAddress: number };

export const defaultThrottleLimits: ThrottleLimits = { windowMs: 15 * 60_000, perEmail: 10, perAddress: 50 };

/** Enough for any real instance; beyond it the oldest keys are forgotten so memory stays bounded. */
const maxKeys = 50_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limits: ThrottleLimits = defaultThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Seconds to wait before the next attempt, or 0 when it may go ahead. */
  retryAfterSeconds(email: string, address: string): number {
    const waits = (
      [
        [`e:${email}`, this.limits.perEmail],
        [`a:${address}`, this.limits.perAddress],
      ] as const
    ).map(([key, max]) => {
      const list = this.recent(key);
      return list.length < max ? 0 : list[list.length - max]! + this.limits.windowMs - this.now();
    });
    return Math.ceil(Math.max(0, ...waits) / 1000);
  }

  recordFailure(email: string, address: string) {
    for (const key of [`e:${email}`, `a:${address}`]) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.delete(key); // re-inserted last: Map order is then least recently failed first
      this.failures.set(key, list);
    }
    while (this.failures.size > maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  /** The right password clears the e-mail's count (not the address's: one success must not reset a spray). */
  recordSuccess(email: string) {
    this.failures.delete(`e:${email}`);
  }
}
