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
 *
 * The rules that keep this sound under attack:
 *
 * - An attempt is counted as a failure the moment it is let through, before the password is
 *   checked, and taken back only when the password turns out right. So guesses sent in parallel
 *   get exactly the free allowance checked, not as many as slip in while Argon2 works.
 * - A throttled attempt is refused before the password is checked (right password or not) and is
 *   not counted; the address cap is checked first, so one address adds at most `perAddress` keys
 *   to the counts in a window.
 * - A browser holding a trusted-device cookie for the e-mail (trusted-device.ts: set on each
 *   successful sign-in, signed, valid `trustedDeviceForMs`, nothing kept in memory, so it holds
 *   across restarts and replicas) is exempt from the address and e-mail caps: a spray against the
 *   owner's e-mail, or from their shared address, does not lock the owner out where they usually
 *   sign in. The per-pair delay still applies to it.
 * - Memory is bounded per kind of count (pair, address, e-mail) and, within each, keys with at
 *   least `freePerPair` failures are kept apart from keys with fewer: a flood of junk e-mails or
 *   addresses tried once or twice evicts only other such keys (least recently failed first), never
 *   the counts that are slowing or capping a real guesser.
 *
 * IPv6 addresses count per /64, the block one subscriber usually gets.
 */
export type ThrottleLimits = {
  windowMs: number;
  /** Failures of one e-mail from one address before the delays start. */
  freePerPair: number;
  /** The first delay; each further failure doubles it, up to `windowMs`. */
  firstDelayMs: number;
  perAddress: number;
  perEmail: number;
  /** How long a trusted-device cookie exempts its browser from the caps. */
  trustedDeviceForMs: number;
  /** Keys kept per kind and tier; beyond it the least recently failed key of that tier is forgotten. */
  maxKeys: number;
};

export const defaultThrottleLimits: ThrottleLimits = {
  windowMs: 15 * 60_000,
  freePerPair: 5,
  firstDelayMs: 1000,
  perAddress: 50,
  perEmail: 100,
  trustedDeviceForMs: 30 * 24 * 3_600_000,
  maxKeys: 20_000,
};

/** The unit an address is counted in: itself for IPv4, its /64 for IPv6 (an IPv4-mapped one is IPv4). */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`;
}

/**
 * Failure times per key in a sliding window, bounded: keys with at least `heavyAt` failures live
 * in a map of their own, so that keys with fewer cannot push them out.
 */
export class FailureCounts {
  private readonly light = new Map<string, number[]>();
  private readonly heavy = new Map<string, number[]>();
  constructor(
    private readonly heavyAt: number,
    private readonly maxKeys: number,
  ) {}

  /** The failures of `key` after `since`, oldest first (expired ones are dropped). */
  recent(key: string, since: number): number[] {
    const tier = this.heavy.has(key) ? this.heavy : this.light;
    const list = (tier.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) tier.delete(key);
    else tier.set(key, list);
    return list;
  }

  add(key: string, at: number, since: number) {
    const list = [...this.recent(key, since), at];
    this.delete(key);
    // Re-inserted last: each map's order is then least recently failed first.
    const tier = list.length >= this.heavyAt ? this.heavy : this.light;
    tier.set(key, list);
    while (tier.size > this.maxKeys) tier.delete(tier.keys().next().value!);
  }

  /** Takes back one failure recorded at `at` (an attempt that turned out right). */
  remove(key: string, at: number) {
    for (const tier of [this.heavy, this.light]) {
      const list = tier.get(key);
      const i = list?.indexOf(at) ?? -1;
      if (!list || i < 0) continue;
      list.splice(i, 1);
      if (list.length === 0) tier.delete(key);
      return;
    }
  }

  delete(key: string) {
    this.heavy.delete(key);
    this.light.delete(key);
  }

  get size() {
    return this.heavy.size + this.light.size;
  }
}

/** A let-through attempt, counted as failed until `succeeded` says the password was right. */
export type Attempt = { refused: true; retryAfterSeconds: number } | { refused: false; succeeded: () => void };

export class LoginThrottle {
  readonly pairs: FailureCounts;
  readonly addresses: FailureCounts;
  readonly emails: FailureCounts;
  constructor(
    private readonly limits: ThrottleLimits = defaultThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.pairs = new FailureCounts(limits.freePerPair, limits.maxKeys);
    this.addresses = new FailureCounts(limits.freePerPair, limits.maxKeys);
    this.emails = new FailureCounts(limits.freePerPair, limits.maxKeys);
  }

  get trustedDeviceForMs() {
    return this.limits.trustedDeviceForMs;
  }

  private keys(email: string, address: string) {
    const unit = addressKey(address);
    return { pair: `${email}|${unit}`, address: unit, email };
  }

  /** Milliseconds until a capped count drops below `max` again (its oldest failure leaves the window). */
  private capWait(counts: FailureCounts, key: string, max: number, since: number): number {
    const list = counts.recent(key, since);
    return list.length < max ? 0 : list[list.length - max]! + this.limits.windowMs - this.now();
  }

  /** Seconds to wait before the next attempt, or 0 when it may go ahead. */
  retryAfterSeconds(email: string, address: string, trustedDevice = false): number {
    const k = this.keys(email, address);
    const since = this.now() - this.limits.windowMs;
    const waits: number[] = [];
    // The address cap first: a refused attempt adds no key anywhere.
    if (!trustedDevice) waits.push(this.capWait(this.addresses, k.address, this.limits.perAddress, since));
    const pair = this.pairs.recent(k.pair, since);
    const extra = pair.length - this.limits.freePerPair;
    const delay = extra < 0 ? 0 : Math.min(this.limits.windowMs, this.limits.firstDelayMs * 2 ** extra);
    waits.push(extra < 0 ? 0 : pair[pair.length - 1]! + delay - this.now());
    if (!trustedDevice) waits.push(this.capWait(this.emails, k.email, this.limits.perEmail, since));
    return Math.ceil(Math.max(0, ...waits) / 1000);
  }

  /**
   * Lets an attempt through or refuses it, in one synchronous step: a let-through attempt is
   * counted as a failure at once, so parallel attempts see each other.
   */
  begin(email: string, address: string, trustedDevice = false): Attempt {
    const wait = this.retryAfterSeconds(email, address, trustedDevice);
    if (wait > 0) return { refused: true, retryAfterSeconds: wait };
    const k = this.keys(email, address);
    const at = this.now();
    const since = at - this.limits.windowMs;
    this.pairs.add(k.pair, at, since);
    this.addresses.add(k.address, at, since);
    this.emails.add(k.email, at, since);
    let open = true;
    return {
      refused: false,
      succeeded: () => {
        if (!open) return;
        open = false;
        // The right password clears this pair's delays. The e-mail's and the address's other
        // failures stay: one success must not reset a spray or a distributed guess.
        this.pairs.delete(k.pair);
        this.addresses.remove(k.address, at);
        this.emails.remove(k.email, at);
      },
    };
  }
}
