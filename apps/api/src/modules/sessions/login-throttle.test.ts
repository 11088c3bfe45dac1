import { describe, expect, it } from 'vitest';
import { addressKey, defaultThrottleLimits, LoginThrottle, type ThrottleLimits } from './login-throttle.ts';

function throttleWithClock(limits: Partial<ThrottleLimits> = {}) {
  const clock = { now: 1_000_000 };
  return { clock, throttle: new LoginThrottle({ ...defaultThrottleLimits, ...limits }, () => clock.now) };
}

/** An attempt that goes ahead and turns out wrong (it fails the test when refused). */
function fail(throttle: LoginThrottle, email: string, address: string) {
  const attempt = throttle.begin(email, address);
  if (attempt.refused) throw new Error(`refused: ${email} from ${address}`);
}

describe('LoginThrottle', () => {
  it('doubles the wait for one e-mail and address after 5 failures, up to the 15-minute window', () => {
    const { clock, throttle } = throttleWithClock();
    const waits: number[] = [];
    for (let i = 0; i < 15; i++) {
      const wait = throttle.retryAfterSeconds('a@example.org', '203.0.113.9');
      waits.push(wait);
      clock.now += wait * 1000;
      fail(throttle, 'a@example.org', '203.0.113.9');
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
    // The sliding window forgets the oldest failures: a patient guesser gets about 15 tries in 15 minutes.
    expect(throttle.retryAfterSeconds('a@example.org', '203.0.113.9')).toBeLessThanOrEqual(15 * 60);
    // Nobody else is slowed by it.
    expect(throttle.retryAfterSeconds('a@example.org', '198.51.100.1')).toBe(0);
    expect(throttle.retryAfterSeconds('b@example.org', '203.0.113.9')).toBe(0);
  });

  it('counts an attempt when it is let through, so attempts begun before any answer get only the allowance', () => {
    const { throttle } = throttleWithClock();
    const attempts = Array.from({ length: 20 }, () => throttle.begin('a@example.org', '203.0.113.9'));
    expect(attempts.filter((a) => !a.refused)).toHaveLength(5);
    expect(attempts.slice(5).every((a) => a.refused && a.retryAfterSeconds === 1)).toBe(true);
  });

  it('a success clears the pair and takes back its own count from the address and the e-mail, not the others', () => {
    const { throttle } = throttleWithClock({ perAddress: 3, perEmail: 3 });
    fail(throttle, 'x@example.org', '203.0.113.9');
    fail(throttle, 'y@example.org', '203.0.113.9');
    const right = throttle.begin('z@example.org', '203.0.113.9');
    expect(right.refused).toBe(false);
    expect(throttle.retryAfterSeconds('w@example.org', '203.0.113.9')).toBeGreaterThan(0); // 3 in flight or failed
    if (!right.refused) right.succeeded();
    expect(throttle.retryAfterSeconds('w@example.org', '203.0.113.9')).toBe(0);
    expect(throttle.addresses.recent('203.0.113.9', 0)).toHaveLength(2);
  });

  it('counts IPv6 addresses per /64 and IPv4-mapped ones as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:ffff::9'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    const { throttle } = throttleWithClock();
    for (let i = 0; i < 50; i++) fail(throttle, `spray-${i}@example.org`, `2001:db8:1:2::${i.toString(16)}`);
    expect(throttle.retryAfterSeconds('victim@example.org', '2001:db8:1:2::beef')).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds('victim@example.org', '2001:db8:9:9::1')).toBe(0);
  });

  it('over the e-mail and address caps only a trusted device may still try', () => {
    const { throttle } = throttleWithClock();
    for (let i = 0; i < 100; i++) fail(throttle, 'owner@example.org', `198.51.100.${i}`);
    expect(throttle.retryAfterSeconds('owner@example.org', '203.0.113.1')).toBeGreaterThan(14 * 60);
    expect(throttle.retryAfterSeconds('owner@example.org', '203.0.113.1', true)).toBe(0);
    for (let i = 0; i < 50; i++) fail(throttle, `spray-${i}@example.org`, '192.0.2.1');
    expect(throttle.retryAfterSeconds('someone@example.org', '192.0.2.1')).toBeGreaterThan(14 * 60);
    expect(throttle.retryAfterSeconds('someone@example.org', '192.0.2.1', true)).toBe(0);
  });

  it('a flood of junk keys tried once cannot evict the counts that cap or slow a real guesser', () => {
    const { throttle } = throttleWithClock({ maxKeys: 100 });
    for (let a = 0; a < 20; a++) for (let i = 0; i < 5; i++) fail(throttle, 'victim@example.org', `198.51.100.${a}`);
    expect(throttle.retryAfterSeconds('victim@example.org', '203.0.113.1')).toBeGreaterThan(14 * 60);
    // Ten times the bound of junk e-mails from junk addresses (IPv6 /64s are cheap), once each.
    for (let i = 0; i < 1000; i++) fail(throttle, `junk-${i}@example.org`, `2001:db8:${i.toString(16)}::1`);
    expect(throttle.retryAfterSeconds('victim@example.org', '203.0.113.1')).toBeGreaterThan(14 * 60);
    expect(throttle.retryAfterSeconds('victim@example.org', '198.51.100.3')).toBeGreaterThan(0);
    // Memory stays bounded all the same.
    for (const counts of [throttle.pairs, throttle.addresses, throttle.emails]) expect(counts.size).toBeLessThanOrEqual(200);
  });
});
