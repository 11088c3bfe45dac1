import type { Problem } from '@clearance/contracts';

export const DEFAULT_API_URL = 'http://127.0.0.1:4000';

// A hung API must not hang page rendering with it.
const TIMEOUT_MS = 5_000;

/** Server code calls the API directly; the browser goes through the same-origin `/api` rewrite. */
export function apiBaseUrl(): string {
  if (typeof window !== 'undefined') return '/api';
  return (process.env.CLEARANCE_API_URL || DEFAULT_API_URL).replace(/\/+$/, '');
}

/** The API answered with a non-2xx status; `code` is the stable RFC 9457 problem code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly problem: Partial<Problem> | null,
  ) {
    super(`${status} ${code}: ${problem?.detail ?? title}`);
  }
}

/** No HTTP answer at all (refused, DNS, timeout): a different failure from an error response. */
export class ApiUnreachableError extends Error {
  override readonly name = 'ApiUnreachableError';
  constructor(readonly baseUrl: string, options?: { cause?: unknown }) {
    super(`API unreachable at ${baseUrl}`, options);
  }
}

export type ApiRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Server side: the caller's session cookie, forwarded so the API acts as that user. */
  cookie?: string | null;
  /** Cookie-authenticated mutations must carry the session's CSRF token. */
  csrfToken?: string;
};

export async function apiRequest<T>(path: string, options: ApiRequest = {}): Promise<T> {
  const base = apiBaseUrl();
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
  let res: Response;
  try {
    res = await fetch(`${base}${path.startsWith('/') ? path : `/${path}`}`, {
      method: options.method ?? 'GET',
      cache: 'no-store',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      // The browser sends the session cookie to its own origin (the /api proxy) by itself.
      credentials: 'same-origin',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (cause) {
    throw new ApiUnreachableError(base, { cause });
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export function apiGet<T>(path: string, options: Omit<ApiRequest, 'method' | 'body'> = {}): Promise<T> {
  return apiRequest<T>(path, options);
}

export async function toApiError(res: Response): Promise<ApiError> {
  let problem: Partial<Problem> | null = null;
  // A proxy in front of the API may answer with HTML; only trust JSON bodies.
  if (/json/i.test(res.headers.get('content-type') ?? '')) {
    problem = (await res.json().catch(() => null)) as Partial<Problem> | null;
  }
  return new ApiError(
    res.status,
    typeof problem?.code === 'string' ? problem.code : `http_${res.status}`,
    typeof problem?.title === 'string' ? problem.title : res.statusText || 'Request failed',
    problem,
  );
}
