import type { NextRequest } from 'next/server';
import { apiBaseUrl } from '../../../lib/api';

// Forwards the browser's /api/* to the API so the browser sees one origin. Not a next.config
// rewrite: those are frozen into .next/routes-manifest.json at build time (CLEARANCE_API_URL set
// at `next start` would be ignored) and they cut request bodies off at 10 MB.

// Connection-level headers describe this hop only; fetch computes length and framing itself.
const HOP_HEADERS = [
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'upgrade',
  'host', 'expect', 'content-length',
];

// What a client says about where it came from is never passed on as is: the API trusts this
// proxy's X-Forwarded-For for its per-address sign-in limits.
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip'];

/**
 * Set by the dashboard's server (apps/web/server.mjs, client-headers.mjs) once it has replaced the
 * request's X-Forwarded-For/-Proto with the connection's own address and protocol. Without it
 * (plain `next start`, `next dev`) those headers are the client's word, so none are sent and the
 * API counts every browser as this server.
 */
const clientHeadersMarker = Symbol.for('clearance.dashboard.clientHeaders');

function forwardingHeaders(request: NextRequest): [string, string][] {
  if ((globalThis as Record<symbol, unknown>)[clientHeadersMarker] !== true) return [];
  return ['x-forwarded-for', 'x-forwarded-proto'].flatMap((name) => {
    const value = request.headers.get(name);
    return value ? [[name, value] as [string, string]] : [];
  });
}

async function forward(request: NextRequest): Promise<Response> {
  const target = `${apiBaseUrl()}${request.nextUrl.pathname.replace(/^\/api/, '')}${request.nextUrl.search}`;
  const headers = new Headers(request.headers);
  for (const name of [...HOP_HEADERS, ...FORWARDING_HEADERS]) headers.delete(name);
  for (const [name, value] of forwardingHeaders(request)) headers.set(name, value);
  // fetch would decompress a gzipped answer but keep its content-encoding header.
  headers.set('accept-encoding', 'identity');

  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers,
    redirect: 'manual',
    signal: request.signal,
  };
  if (request.body) {
    init.body = request.body; // streamed, so large uploads are not buffered here
    init.duplex = 'half';
  }

  let upstream: Response;
  try {
    upstream = await fetch(target, init);
  } catch {
    const problem = {
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      code: 'api_unreachable',
      detail: 'The web app could not reach the API.',
    };
    return Response.json(problem, { status: 502, headers: { 'content-type': 'application/problem+json' } });
  }
  const out = new Headers(upstream.headers);
  for (const name of [...HOP_HEADERS, 'content-encoding']) out.delete(name);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: out });
}

export { forward as GET, forward as POST, forward as PUT, forward as PATCH, forward as DELETE };
