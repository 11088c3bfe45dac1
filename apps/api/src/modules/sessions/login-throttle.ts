import ipaddr from 'ipaddr.js';

/**
 * Slows password guessing without letting a stranger lock the owner out. In memory (one API
 * process; replicas each keep their own counts, which only makes it laxer). Three counts of
 * failed password checks in a sliding window:
 *
 * - one e-mail from one address: a few tries free, then each further try waits twice as long as
 *   the one before (1 s, 2 s, 4 s … up to the window). This is what slows a guesser, and it
 *   touches nobody else: the owner signing in from another address is not delayed.
 * - one address, over all e-mails: a cap, so one address cannot spray many accounts.
 * - one e-mail, over all addresses: a high cap against guessing from many addresses at once.
 *   Over it, only addresses this e-mail signed in from before (within `knownForMs`) may still try,
 *   so even then the owner gets in from where they usually do.
 *
 * A throttled attempt is refused before the password is checked (right password or not) and is
 * not counted. IPv6 addresses count per /64, the block one subscriber usually gets.
 */
export type ThrottleLimits = {
  windowMs: number;
  /** Failures of one e-mail from one address before the delays start. */
  freePerPair: number;
  /** The first delay; each further failure doubles it, up to `windowMs`. */
  firstDelayMs: number;
  perAddress: number;
  perEmail: number;
  knownForMs: number;
};

export const defaultThrottleLimits: ThrottleLimits = {
  windowMs: 15 * 60_000,
  freePerPair: 5,
  firstDelayMs: 1000,
  perAddress: 50,
  perEmail: 100,
  knownForMs: 30 * 24 * 3_600_000,
};

/** Enough for any real instance; beyond it the oldest keys are forgotten so memory stays bounded. */
const maxKeys = 50_000;

/** The unit an address is counted in: itself for IPv4, its /64 for IPv6 (an IPv4-mapped one is IPv4). */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  /** `email|address` → when that pair last signed in. */
  private readonly known = new Map<string, number>();
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

  private keys(email: string, address: string) {
    const unit = addressKey(address);
    return { pair: `p:${email}|${unit}`, address: `a:${unit}`, email: `e:${email}`, known: `${email}|${unit}` };
  }

  private isKnown(key: string): boolean {
    const at = this.known.get(key);
    return at !== undefined && at > this.now() - this.limits.knownForMs;
  }

  /** Milliseconds until a capped count drops below `max` again (its oldest failure leaves the window). */
  private capWait(key: string, max: number): number {
    const list = this.recent(key);
    return list.length < max ? 0 : list[list.length - max]! + this.limits.windowMs - this.now();
  }

  /** Seconds to wait before the next attempt, or 0 when it may go ahead. */
  retryAfterSeconds(email: string, address: string): number {
    const k = this.keys(email, address);
    const pair = this.recent(k.pair);
    const extra = pair.length - this.limits.freePerPair;
    const delay = extra < 0 ? 0 : Math.min(this.limits.windowMs, this.limits.firstDelayMs * 2 ** extra);
    const waits = [extra < 0 ? 0 : pair[pair.length - 1]! + delay - this.now()];
    // Where the owner signed in before, other people's failures do not count against them.
    if (!this.isKnown(k.known)) waits.push(this.capWait(k.address, this.limits.perAddress), this.capWait(k.email, this.limits.perEmail));
    return Math.ceil(Math.max(0, ...waits) / 1000);
  }

  recordFailure(email: string, address: string) {
    const k = this.keys(email, address);
    for (const key of [k.pair, k.address, k.email]) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.delete(key); // re-inserted last: Map order is then least recently failed first
      this.failures.set(key, list);
    }
    while (this.failures.size > maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  /**
   * The right password clears this pair's delays and makes the address known for the e-mail. The
   * e-mail's and the address's counts stay: one success must not reset a spray or a distributed guess.
   */
  recordSuccess(email: string, address: string) {
    const k = this.keys(email, address);
    this.failures.delete(k.pair);
    this.known.delete(k.known);
    this.known.set(k.known, this.now());
    while (this.known.size > maxKeys) this.known.delete(this.known.keys().next().value!);
  }
}
