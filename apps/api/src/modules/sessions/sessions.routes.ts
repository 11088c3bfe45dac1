import { ChangePasswordBody, CreateSessionBody, SessionSchema } from '@clearance/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../lib/errors.ts';
import { warmUpPasswords } from '../users/passwords.ts';
import { LoginThrottle } from './login-throttle.ts';
import { clearSessionCookie, deviceCookieOf, setDeviceCookie, setSessionCookie } from './session-cookie.ts';
import { changeOwnPassword, getCurrentSession, signIn, signOut } from './sessions.service.ts';

/** A throttled answer tells the client when to come back (RFC 9110 Retry-After). */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === 'too_many_attempts') reply.header('retry-after', String(error.extra.retryAfter));
    throw error;
  }
}

/**
 * Dashboard sign-in. `POST /sessions` opens one (the only public route here); `/session` is the
 * caller's own: read it, end it, change its user's password. Viewers may use all of them.
 */
export const sessionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['sessions'];
  const throttle = new LoginThrottle();
  await warmUpPasswords();

  app.post(
    '/sessions',
    {
      config: { public: true, errors: ['invalid_credentials', 'too_many_attempts'] },
      schema: {
        tags,
        summary: 'Sign in',
        description:
          'Sets the HttpOnly session cookie `clearance_session` (SameSite=Lax, Path=/, Secure over HTTPS). ' +
          'Send the returned `csrfToken` as the `x-csrf-token` header on every POST, PUT, PATCH and DELETE made with the cookie. ' +
          'Failed attempts slow down further ones (429 with Retry-After, the password unchecked): after 5 failures for one e-mail from one address, ' +
          'each further try from there waits twice as long as the one before (1 s, 2 s, 4 s … up to 15 minutes). ' +
          '50 failures from one address (over all e-mails), or 100 for one e-mail (from all addresses), in 15 minutes refuse further tries ' +
          'until the oldest is 15 minutes old — except from a browser that signed in to that account in the last 30 days ' +
          '(it holds the signed HttpOnly cookie `clearance_device`, set here), so strangers cannot lock the owner out. ' +
          'Attempts sent in parallel count as they arrive: no more of them are checked than the allowance.',
        security: [],
        body: CreateSessionBody,
        response: { 201: SessionSchema },
      },
    },
    async (request, reply) => {
      const { token, maxAgeSeconds, session, device } = await withRetryAfter(reply, () =>
        signIn(app.prisma, throttle, { ...request.body, address: request.ip, ttlHours: app.config.sessionTtlHours, deviceCookie: deviceCookieOf(request) }),
      );
      setSessionCookie(request, reply, token, maxAgeSeconds);
      setDeviceCookie(request, reply, device, Math.floor(throttle.trustedDeviceForMs / 1000));
      return reply.code(201).send(session);
    },
  );

  app.get(
    '/session',
    {
      config: { role: 'viewer', errors: ['forbidden'] },
      schema: { tags, summary: 'The signed-in user and the CSRF token', security: [{ session: [] }], response: { 200: SessionSchema } },
    },
    async (request) => getCurrentSession(app.prisma, request.auth),
  );

  app.delete(
    '/session',
    {
      config: { role: 'viewer', errors: ['forbidden'] },
      schema: { tags, summary: 'Sign out', description: 'Ends the session and clears its cookie.', security: [{ session: [] }], response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await signOut(app.prisma, request.auth);
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/session/password',
    {
      config: { role: 'viewer', errors: ['forbidden', 'wrong_password', 'too_many_attempts'] },
      schema: {
        tags,
        summary: 'Change your password',
        description: 'Needs the current password; ends your other sessions.',
        security: [{ session: [] }],
        body: ChangePasswordBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await withRetryAfter(reply, () => changeOwnPassword(app.prisma, throttle, request.auth, { ...request.body, address: request.ip, deviceCookie: deviceCookieOf(request) }));
      return reply.code(204).send(null);
    },
  );
};
