import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@clearance/db';
import { AppError } from '../../lib/errors.ts';
import type { Auth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { verifyPassword } from '../users/passwords.ts';
import { normalizeEmail, updateUser } from '../users/users.service.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { isTrustedDevice, signDevice } from './trusted-device.ts';

/** The cookie carries 256 random bits; the database holds only their SHA-256, like API tokens. */
function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
const sessionTokenShape = /^[A-Za-z0-9_-]{43}$/;

function mapSession(row: { csrfToken: string; expiresAt: Date; user: { id: string; email: string; role: Auth['role'] } }) {
  return { user: { id: row.user.id, email: row.user.email, role: row.user.role }, csrfToken: row.csrfToken, expiresAt: row.expiresAt.toISOString() };
}

/** The session a cookie names, when it exists, has not expired and its user is not disabled. */
export async function findActiveSession(prisma: PrismaClient, token: string) {
  if (!sessionTokenShape.test(token)) return null;
  const row = await prisma.session.findUnique({ where: { tokenHash: hashSessionToken(token) }, include: { user: true } });
  if (!row || row.expiresAt <= new Date() || row.user.disabledAt) return null;
  return row;
}

function tooManyAttempts(retryAfter: number) {
  return new AppError('too_many_attempts', `Try again in ${Math.ceil(retryAfter / 60)} minute(s)`, { retryAfter });
}

/**
 * Checks the e-mail and password and opens a session. Unknown e-mail, wrong password and
 * disabled user get the same answer after the same work. `deviceCookie` is the caller's
 * trusted-device cookie, if any; a new one comes back as `device` on success.
 */
export async function signIn(
  prisma: PrismaClient,
  throttle: LoginThrottle,
  input: { email: string; password: string; address: string; ttlHours: number; deviceCookie?: string | undefined },
) {
  const email = normalizeEmail(input.email);
  const user = await prisma.user.findUnique({ where: { email } });
  const trusted = !!user && isTrustedDevice(input.deviceCookie, user, Date.now(), throttle.trustedDeviceForMs);
  // No await between the throttle's decision and its count (login-throttle.ts).
  const attempt = throttle.begin(email, input.address, trusted);
  if (attempt.refused) throw tooManyAttempts(attempt.retryAfterSeconds);
  const matches = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !matches || user.disabledAt) throw new AppError('invalid_credentials');
  attempt.succeeded();

  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + input.ttlHours * 3_600_000);
  const session = await prisma.$transaction(async (tx) => {
    // Expired rows are of no use to anyone; sign-in is a quiet moment to drop them.
    await tx.session.deleteMany({ where: { expiresAt: { lte: now } } });
    const row = await tx.session.create({
      data: { tokenHash: hashSessionToken(token), userId: user.id, csrfToken: randomBytes(32).toString('base64url'), expiresAt },
      include: { user: true },
    });
    const auth: Auth = { tokenId: null, sessionId: row.id, userId: user.id, siteId: null, role: user.role, actor: `user:${user.id}` };
    await recordAudit(tx, auth, { siteId: null, entityType: 'session', entityId: row.id, action: 'sign_in', after: { userId: user.id, expiresAt: expiresAt.toISOString() } });
    return row;
  });
  return { token, maxAgeSeconds: input.ttlHours * 3600, session: mapSession(session), device: signDevice(user, Date.now()) };
}

/** The session routes are about a person's own sign-in; an API token has none. */
function sessionOf(auth: Auth): { sessionId: string; userId: string } {
  if (!auth.sessionId || !auth.userId) throw new AppError('forbidden', 'An API token has no session: these routes are for signed-in users');
  return { sessionId: auth.sessionId, userId: auth.userId };
}

export async function getCurrentSession(prisma: PrismaClient, auth: Auth) {
  const { sessionId } = sessionOf(auth);
  const row = await prisma.session.findUnique({ where: { id: sessionId }, include: { user: true } });
  if (!row) throw new AppError('invalid_session'); // signed out by another request meanwhile
  return mapSession(row);
}

export async function signOut(prisma: PrismaClient, auth: Auth) {
  const { sessionId, userId } = sessionOf(auth);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: sessionId } });
    if (count > 0) await recordAudit(tx, auth, { siteId: null, entityType: 'session', entityId: sessionId, action: 'sign_out', before: { userId } });
  });
}

/** Any signed-in user, with the current password; the user's other sessions end. */
export async function changeOwnPassword(
  prisma: PrismaClient,
  throttle: LoginThrottle,
  auth: Auth,
  input: { currentPassword: string; newPassword: string; address: string; deviceCookie?: string | undefined },
) {
  const { userId } = sessionOf(auth);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
  // Someone holding a stolen session must not get to guess the password at full speed either.
  const trusted = isTrustedDevice(input.deviceCookie, user, Date.now(), throttle.trustedDeviceForMs);
  const attempt = throttle.begin(user.email, input.address, trusted);
  if (attempt.refused) throw tooManyAttempts(attempt.retryAfterSeconds);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw new AppError('wrong_password');
  attempt.succeeded();
  await updateUser(prisma, auth, userId, { password: input.newPassword });
}
