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

async function forward(request: NextRequest): Promise<Response> {
  const target = `${apiBaseUrl()}${request.nextUrl.pathname.replace(/^\/api/, '')}${request.nextUrl.search}`;
  const headers = new Headers(request.headers);
  for (const name of HOP_HEADERS) headers.delete(name);
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
