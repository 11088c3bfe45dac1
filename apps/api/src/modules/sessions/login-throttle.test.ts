import { describe, expect, it } from 'vitest';
import { addressKey, defaultThrottleLimits, LoginThrottle } from './login-throttle.ts';

function throttleWithClock() {
  const clock = { now: 1_000_000 };
  return { clock, throttle: new LoginThrottle(defaultThrottleLimits, () => clock.now) };
}

describe('LoginThrottle', () => {
  it('doubles the wait for one e-mail and address after 5 failures, up to the 15-minute window', () => {
    const { clock, throttle } = throttleWithClock();
    const waits: number[] = [];
    for (let i = 0; i < 15; i++) {
      const wait = throttle.retryAfterSeconds('a@example.org', '203.0.113.9');
      waits.push(wait);
      clock.now += wait * 1000;
      throttle.recordFailure('a@example.org', '203.0.113.9');
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
    // The sliding window forgets the oldest failures: a patient guesser gets about 15 tries in 15 minutes.
    expect(throttle.retryAfterSeconds('a@example.org', '203.0.113.9')).toBeLessThanOrEqual(15 * 60);
    // Nobody else is slowed by it.
    expect(throttle.retryAfterSeconds('a@example.org', '198.51.100.1')).toBe(0);
    expect(throttle.retryAfterSeconds('b@example.org', '203.0.113.9')).toBe(0);
  });

  it('counts IPv6 addresses per /64 and IPv4-mapped ones as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:ffff::9'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    const { throttle } = throttleWithClock();
    for (let i = 0; i < 50; i++) throttle.recordFailure(`spray-${i}@example.org`, `2001:db8:1:2::${i.toString(16)}`);
    expect(throttle.retryAfterSeconds('victim@example.org', '2001:db8:1:2::beef')).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds('victim@example.org', '2001:db8:9:9::1')).toBe(0);
  });

  it('over the e-mail cap lets in only addresses that signed in before, for 30 days', () => {
    const { clock, throttle } = throttleWithClock();
    throttle.recordSuccess('owner@example.org', '192.0.2.1');
    for (let i = 0; i < 100; i++) throttle.recordFailure('owner@example.org', `198.51.100.${i}`);
    expect(throttle.retryAfterSeconds('owner@example.org', '203.0.113.1')).toBeGreaterThan(14 * 60);
    expect(throttle.retryAfterSeconds('owner@example.org', '192.0.2.1')).toBe(0);
    clock.now += 31 * 24 * 3_600_000;
    throttle.recordFailure('owner@example.org', '198.51.100.200');
    for (let i = 0; i < 99; i++) throttle.recordFailure('owner@example.org', `198.51.100.${i}`);
    expect(throttle.retryAfterSeconds('owner@example.org', '192.0.2.1')).toBeGreaterThan(0);
  });
});
