// The dashboard's server: `next start` of the production build, with one thing added in front of
// Next — the client's address and protocol are set from the connection (client-headers.mjs), so
// the /api proxy can tell the API who is signing in. Started by scripts/start.mjs, `npm start -w
// @clearance/web` and the Docker image; takes next start's `-p PORT -H HOST` (defaults: WEB_PORT
// or 3000, LISTEN_HOST or 127.0.0.1).
import http from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clientHeadersMarker, setClientHeaders, trustedProxies } from './client-headers.mjs';

// As `next start` does: the production build, whatever the environment says.
process.env.NODE_ENV = 'production';
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
const { default: next } = await import('next');

const { values } = parseArgs({ options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } } });
const port = Number(values.port ?? process.env.WEB_PORT ?? 3000);
const hostname = values.hostname || process.env.LISTEN_HOST?.trim() || '127.0.0.1';
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`The port must be a whole number from 0 to 65535 (got "${values.port ?? process.env.WEB_PORT}")`);
const trust = trustedProxies(process.env.WEB_TRUST_PROXY);

const app = next({ dev: false, dir: dirname(fileURLToPath(import.meta.url)), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
globalThis[clientHeadersMarker] = true;

const server = http.createServer((req, res) => {
  setClientHeaders(req, trust);
  handle(req, res).catch((error) => {
    console.error(`Failed to handle ${req.method} ${req.url}`, error);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('Internal Server Error');
  });
});
server.on('error', (error) => {
  console.error('The dashboard could not start:', error.message);
  process.exit(1);
});
server.listen(port, hostname, () => {
  const address = server.address();
  console.log(`Dashboard ready on http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${typeof address === 'object' && address ? address.port : port}`);
});

// Stop taking requests, let those under way finish (up to 10 s), then exit.
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), 10_000).unref();
  server.close(() => void app.close().finally(() => process.exit(0)));
  server.closeIdleConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
