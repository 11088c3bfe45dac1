import request from 'supertest';
import type { TestApp } from './test-app.ts';

let n = 0;
export const testPassword = 'correct horse battery staple';

/** A dashboard user made by the instance-wide test token through the API. */
export async function makeUser(t: TestApp, role: 'admin' | 'editor' | 'viewer', email = `user-${++n}-${Date.now()}@example.org`, password = testPassword) {
  const res = await t.http().post('/v1/users').send({ email, password, role });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...(res.body as { id: string; email: string; role: string }), password };
}

/**
 * Signs in over real HTTP with a cookie-keeping agent. `send` adds the CSRF header, as the
 * dashboard does; `agent` alone sends only the cookie.
 */
export async function signIn(t: TestApp, email: string, password = testPassword, headers: Record<string, string> = {}) {
  const agent = request.agent(t.app.server);
  const res = await agent.post('/v1/sessions').set(headers).send({ email, password });
  if (res.status !== 201) throw new Error(`sign-in: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = /clearance_session=([^;]+)/.exec(setCookie.join('\n'))![1]!;
  const csrf = res.body.csrfToken as string;
  const withCsrf =
    (method: 'post' | 'put' | 'patch' | 'delete') =>
    (url: string) =>
      agent[method](url).set('x-csrf-token', csrf);
  return {
    agent,
    csrf,
    cookie,
    setCookie,
    user: res.body.user as { id: string; email: string; role: string },
    send: { post: withCsrf('post'), put: withCsrf('put'), patch: withCsrf('patch'), delete: withCsrf('delete') },
  };
}
