import type { SessionUser } from '@clearance/contracts';

export type { Session, SessionUser, UserRole as Role } from '@clearance/contracts';
export { sessionCookieName as SESSION_COOKIE } from '@clearance/contracts';

/** Viewers change nothing; the API refuses them anyway, the dashboard just does not offer it. */
export const canEdit = (user: SessionUser) => user.role === 'admin' || user.role === 'editor';
/** Users, tokens, and creating or rotating sites. */
export const isAdmin = (user: SessionUser) => user.role === 'admin';
