import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { ApiError, apiGet } from './api';
import { SESSION_COOKIE, type Session } from './session';

/**
 * The incoming request's session cookie, exactly as the browser sent it, to forward to the API.
 * Only that cookie: the API has no business with anything else the browser keeps for this origin.
 */
async function sessionCookie(): Promise<string | null> {
  const header = (await headers()).get('cookie') ?? '';
  const match = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]*)`).exec(header);
  return match?.[1] ? `${SESSION_COOKIE}=${match[1]}` : null;
}

/** The signed-in user, or null; asked once per request however many components want it. */
export const getSession = cache(async (): Promise<Session | null> => {
  const cookie = await sessionCookie();
  if (!cookie) return null;
  try {
    return await apiGet<Session>('/v1/session', { cookie });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
});

export async function requireSession(): Promise<Session> {
  const session = await getSession();
  if (!session) redirect('/sign-in');
  return session;
}

/** GET from the API as the signed-in user; an expired session goes back to sign-in. */
export async function load<T>(path: string): Promise<T> {
  try {
    return await apiGet<T>(path, { cookie: await sessionCookie() });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) redirect('/sign-in');
    throw err;
  }
}

/** Like `load`, but a 404 (unknown id, or a route this API does not have yet) is null. */
export async function loadOptional<T>(path: string): Promise<T | null> {
  try {
    return await load<T>(path);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
