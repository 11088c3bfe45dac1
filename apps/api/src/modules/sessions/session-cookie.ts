import { sessionCookieName } from '@clearance/contracts';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deviceCookieName } from './trusted-device.ts';

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

/** The trusted-device cookie (trusted-device.ts) outlives sessions and sign-out: it names the browser, not a session. */
export function setDeviceCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSeconds: number) {
  reply.setCookie(deviceCookieName, value, { ...cookieOptions(request), sameSite: 'strict', maxAge: maxAgeSeconds });
}

export function deviceCookieOf(request: FastifyRequest): string | undefined {
  return request.cookies[deviceCookieName];
}
