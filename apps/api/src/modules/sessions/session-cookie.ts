import { sessionCookieName } from '@clearance/contracts';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * HttpOnly: page scripts never see the session. SameSite=Lax: other sites' forms and scripts do
 * not send it. Secure over HTTPS, which a proxy tells through X-Forwarded-Proto only when it is
 * trusted (TRUST_PROXY); on plain http://127.0.0.1 a Secure cookie would not come back.
 */
function cookieOptions(request: FastifyRequest): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https' };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number) {
  reply.setCookie(sessionCookieName, token, { ...cookieOptions(request), maxAge: maxAgeSeconds });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(sessionCookieName, cookieOptions(request));
}
