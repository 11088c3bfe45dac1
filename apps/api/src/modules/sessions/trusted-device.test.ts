import { describe, expect, it } from 'vitest';
import { isTrustedDevice, signDevice } from './trusted-device.ts';

const user = { id: 'user-1', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA' };
const now = Date.UTC(2026, 11, 7, 12, 0, 0);
const day = 86_400_000;
const forMs = 30 * day;
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('trusted-device cookie', () => {
  const cookie = signDevice(user, now);
  const [id, issued, mac] = cookie.split('.') as [string, string, string];

  it('is trusted for its user within its lifetime', () => {
    expect(isTrustedDevice(cookie, user, now, forMs)).toBe(true);
    expect(isTrustedDevice(cookie, user, now + forMs - 1000, forMs)).toBe(true);
  });

  it('is not trusted once expired, issued in the future, for another user, or after a password change', () => {
    expect(isTrustedDevice(cookie, user, now + forMs, forMs)).toBe(false);
    expect(isTrustedDevice(signDevice(user, now + 2 * 60_000), user, now, forMs)).toBe(false);
    expect(isTrustedDevice(cookie, { ...user, id: 'user-2' }, now, forMs)).toBe(false);
    expect(isTrustedDevice(`user-2.${issued}.${mac}`, { ...user, id: 'user-2' }, now, forMs)).toBe(false);
    expect(isTrustedDevice(cookie, { ...user, passwordHash: `${user.passwordHash}x` }, now, forMs)).toBe(false);
  });

  it('refuses every other spelling of the MAC, including those base64url decoding would read as the same bytes', () => {
    for (let i = 0; i < mac.length; i++) {
      for (const c of base64url) {
        if (c === mac[i]) continue;
        const forged = `${id}.${issued}.${mac.slice(0, i)}${c}${mac.slice(i + 1)}`;
        if (isTrustedDevice(forged, user, now, forMs)) throw new Error(`accepted ${forged}`);
      }
    }
    expect(isTrustedDevice(`${cookie}=`, user, now, forMs)).toBe(false);
    // the same bytes in standard base64 (with its padding) is not the cookie that was issued
    expect(isTrustedDevice(`${id}.${issued}.${Buffer.from(mac, 'base64url').toString('base64')}`, user, now, forMs)).toBe(false);
  });

  it.each([undefined, '', 'x', `${id}.${issued}`, `${id}.${issued}.${mac}.x`, `${id}.-1.${mac}`, `${id}.1e9.${mac}`, `${id}.${issued}.`])('refuses the malformed cookie %j', (value) => {
    expect(isTrustedDevice(value, user, now, forMs)).toBe(false);
  });
});
