import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The browser a user signed in from: a cookie `<userId>.<issuedAt seconds>.<HMAC-SHA256>` set on
 * each successful sign-in. The HMAC key is the user's stored password hash — a secret only the
 * database holds, already there for every user, the same on every replica and after a restart —
 * so no key has to be kept anywhere else, and a password change voids every device cookie of that
 * user at once. Only someone who knew the password can hold a valid one.
 */
export const deviceCookieName = 'clearance_device';

function mac(user: { id: string; passwordHash: string }, issuedAt: number): Buffer {
  return createHmac('sha256', user.passwordHash).update(`clearance-device\n${user.id}\n${issuedAt}`).digest();
}

export function signDevice(user: { id: string; passwordHash: string }, nowMs: number): string {
  const issuedAt = Math.floor(nowMs / 1000);
  return `${user.id}.${issuedAt}.${mac(user, issuedAt).toString('base64url')}`;
}

/** Whether `value` is a device cookie this user was given less than `forMs` ago. */
export function isTrustedDevice(value: string | undefined, user: { id: string; passwordHash: string }, nowMs: number, forMs: number): boolean {
  const parts = value?.split('.');
  if (parts?.length !== 3) return false;
  const [id, issued, sent] = parts as [string, string, string];
  if (id !== user.id || !/^\d{1,12}$/.test(issued)) return false;
  const issuedAt = Number(issued);
  // A minute of clock skew between replicas; nothing issued in the future beyond that.
  if (issuedAt * 1000 <= nowMs - forMs || issuedAt * 1000 > nowMs + 60_000) return false;
  // Compared as text, not decoded: base64url decoding ignores the last character's spare bits, so
  // four spellings of one MAC would otherwise pass, and a changed character could still be valid.
  const expected = Buffer.from(mac(user, issuedAt).toString('base64url'));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
