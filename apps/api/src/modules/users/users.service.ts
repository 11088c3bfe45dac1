import type { User as UserRow, UserRole } from '@clearance/db';
import { Prisma, type PrismaClient } from '@clearance/db';
import { AppError, notFound } from '../../lib/errors.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import type { Auth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { generatePassword, hashPassword } from './passwords.ts';

/** E-mails compare case-insensitively: stored and looked up lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Never the password hash. */
export function mapUser(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    disabled: row.disabledAt !== null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Role and disabled changes take turns, so two admins cannot demote each other at once and leave none. */
const usersLock = 0x7573657273; // "users"

function isActiveAdmin(user: { role: UserRole; disabledAt: Date | null }) {
  return user.role === 'admin' && user.disabledAt === null;
}

export async function createUser(prisma: PrismaClient, actor: Auth | 'system', input: { email: string; password: string; role: UserRole }) {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw emailTaken(email);
      const row = await tx.user.create({ data: { email, passwordHash, role: input.role } });
      const user = mapUser(row);
      await recordAudit(tx, actor, { siteId: null, entityType: 'user', entityId: row.id, action: 'create', after: user });
      return user;
    });
  } catch (error) {
    // Two creations of one e-mail at once: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw emailTaken(email);
    throw error;
  }
}

const emailTaken = (email: string) => new AppError('email_taken', `A user with the e-mail ${email} already exists`);

export async function listUsers(prisma: PrismaClient, query: { limit?: number; cursor?: string }) {
  const limit = query.limit ?? 50;
  const cursor = decodeCursor(query.cursor);
  const rows = await prisma.user.findMany({
    where: cursor ? { id: { gt: cursor } } : {},
    orderBy: { id: 'asc' },
    take: limit + 1,
  });
  return toPage(rows, limit, mapUser);
}

export async function findUserByEmail(prisma: PrismaClient, email: string) {
  return prisma.user.findUnique({ where: { email: normalizeEmail(email) } });
}

/**
 * Changes a user's role, disabled state or password. The last active admin can be neither
 * demoted nor disabled. Disabling or a new password ends the user's sessions, except the one
 * making the change.
 */
export async function updateUser(
  prisma: PrismaClient,
  actor: Auth | 'system',
  id: string,
  input: { role?: UserRole; disabled?: boolean; password?: string },
) {
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${usersLock})`);
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw notFound('User', id);
    const role = input.role ?? before.role;
    const disabledAt = input.disabled === undefined ? before.disabledAt : input.disabled ? (before.disabledAt ?? new Date()) : null;
    if (isActiveAdmin(before) && !isActiveAdmin({ role, disabledAt })) {
      const otherAdmins = await tx.user.count({ where: { role: 'admin', disabledAt: null, id: { not: id } } });
      if (otherAdmins === 0) throw new AppError('last_admin', 'Make another user an active admin first');
    }
    const row = await tx.user.update({ where: { id }, data: { role, disabledAt, ...(passwordHash ? { passwordHash } : {}) } });
    let sessionsEnded = 0;
    if (passwordHash || (disabledAt && !before.disabledAt)) {
      const keep = actor !== 'system' && actor.sessionId ? { id: { not: actor.sessionId } } : {};
      sessionsEnded = (await tx.session.deleteMany({ where: { userId: id, ...keep } })).count;
    }
    const user = mapUser(row);
    await recordAudit(tx, actor, {
      siteId: null,
      entityType: 'user',
      entityId: id,
      action: 'update',
      before: mapUser(before),
      // That the password changed, never the password or its hash.
      after: { ...user, ...(passwordHash ? { passwordChanged: true } : {}), sessionsEnded },
    });
    return user;
  });
}

/** For the CLI: a new random password, shown once; every session of the user ends. */
export async function resetPassword(prisma: PrismaClient, email: string) {
  const row = await findUserByEmail(prisma, email);
  if (!row) throw notFound('User', normalizeEmail(email));
  const password = generatePassword();
  const user = await updateUser(prisma, 'system', row.id, { password });
  return { user, password };
}

/**
 * On an instance without users there is no way into the dashboard: make the first admin with a
 * random password, to be printed once. Null when any user exists (or another replica just made one).
 */
export async function createFirstAdmin(prisma: PrismaClient, email: string): Promise<{ email: string; password: string } | null> {
  if ((await prisma.user.count()) > 0) return null;
  const password = generatePassword();
  try {
    const user = await createUser(prisma, 'system', { email, password, role: 'admin' });
    return { email: user.email, password };
  } catch (error) {
    if (error instanceof AppError && error.code === 'email_taken') return null;
    throw error;
  }
}
