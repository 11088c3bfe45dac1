import { timingSafeEqual } from 'node:crypto';
import { csrfHeaderName, sessionCookieName, type UserRole } from '@clearance/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../lib/errors.ts';
import { clearSessionCookie } from '../modules/sessions/session-cookie.ts';
import { findActiveSession } from '../modules/sessions/sessions.service.ts';
import { findActiveToken } from '../modules/tokens/tokens.service.ts';

/**
 * Who is calling, and what they may do and see. API tokens: instance-wide ones act as admin,
 * site-scoped ones as editor of their one site. Dashboard users: their role, on the whole instance.
 */
export type Auth = {
  /** The API token used, or null for a dashboard session. */
  tokenId: string | null;
  /** The dashboard session used, or null for an API token. */
  sessionId: string | null;
  /** The signed-in user, or null for an API token. */
  userId: string | null;
  /** Null: the whole instance. */
  siteId: string | null;
  role: UserRole;
  /** Who the audit trail names: `token:<id>` or `user:<id>`. */
  actor: string;
};

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth;
  }
  interface FastifyContextConfig {
    /** Routes that answer without credentials (health checks, sign-in, signed webhooks). */
    public?: boolean;
    /**
     * The least role a route needs. Unset: viewer for GET/HEAD/OPTIONS, editor for anything that
     * changes data. `viewer` on a changing route lets viewers use it (their own session and password).
     */
    role?: UserRole;
  }
}

const rank: Record<UserRole, number> = { viewer: 0, editor: 1, admin: 2 };
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The least role a request needs: the one place where routes' role rules are decided. */
export function requiredRole(method: string, config: { role?: UserRole }): UserRole {
  return config.role ?? (safeMethods.has(method) ? 'viewer' : 'editor');
}

function sameSecret(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const lastUsedWrite = new Map<string, number>();
const lastUsedEveryMs = 60_000;

/**
 * Every route needs credentials unless it is marked `config: { public: true }`: a Bearer API token,
 * or the dashboard's session cookie. A request that carries an Authorization header is judged by
 * it alone; the cookie counts only without one.
 */
export const authPlugin = fp(
  async (app) => {
    app.decorateRequest('auth', null as unknown as Auth);

    async function fromBearer(header: string): Promise<Auth> {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>"');
      const row = await findActiveToken(app.prisma, match[1]!);
      if (!row) throw new AppError('invalid_token');
      // Recording every use would put a write on every read; once a minute per token is enough.
      const now = Date.now();
      if ((lastUsedWrite.get(row.id) ?? 0) + lastUsedEveryMs < now) {
        lastUsedWrite.set(row.id, now);
        await app.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
      }
      return { tokenId: row.id, sessionId: null, userId: null, siteId: row.siteId, role: row.siteId ? 'editor' : 'admin', actor: `token:${row.id}` };
    }

    async function fromCookie(request: FastifyRequest, reply: FastifyReply, cookie: string): Promise<Auth> {
      const session = await findActiveSession(app.prisma, cookie);
      if (!session) {
        // A dead cookie is of no use to the browser: drop it, so the dashboard shows its sign-in page.
        clearSessionCookie(request, reply);
        throw new AppError('invalid_session');
      }
      // SameSite=Lax already keeps the cookie off cross-site POSTs; the header is the second lock
      // (older browsers, same-site subdomains), and a page on another origin cannot read it.
      if (!safeMethods.has(request.method) && !sameSecret(request.headers[csrfHeaderName], session.csrfToken)) {
        throw new AppError('csrf_failed', `Send the session's csrfToken in the ${csrfHeaderName} header`);
      }
      return { tokenId: null, sessionId: session.id, userId: session.user.id, siteId: null, role: session.user.role, actor: `user:${session.user.id}` };
    }

    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.public) return;
      const header = request.headers.authorization;
      const cookie = request.cookies[sessionCookieName];
      if (header) request.auth = await fromBearer(header);
      else if (cookie) request.auth = await fromCookie(request, reply, cookie);
      else throw new AppError('unauthorized', 'Send an API token (Authorization: Bearer <token>) or sign in (POST /v1/sessions)');

      // No route matched: the 404 says so, whatever the role.
      if (request.is404) return;
      const needed = requiredRole(request.method, request.routeOptions.config);
      if (rank[request.auth.role] >= rank[needed]) return;
      // A site-scoped token is refused instance-wide work as before; people are told it is their role.
      if (request.auth.tokenId) throw new AppError('forbidden', 'Only an instance-wide credential may do this');
      throw new AppError('forbidden_role', `This needs the ${needed} role; you are ${request.auth.role}`);
    });
  },
  { name: 'auth', dependencies: ['db', '@fastify/cookie'] },
);
