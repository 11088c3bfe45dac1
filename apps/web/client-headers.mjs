// Who the browser is, decided once where the connection arrives (server.mjs), before Next sees
// the request. Next keeps an X-Forwarded-For a client sent (it only fills the header in when it
// is absent) and gives route handlers no socket address, so without this anyone could name their
// own address to the API and dodge its per-address sign-in limits.
import proxyaddr from '@fastify/proxy-addr';

/**
 * Set on globalThis by server.mjs: the /api proxy route forwards X-Forwarded-For/-Proto only when
 * they were set here (under plain `next start` they would be the client's own).
 */
export const clientHeadersMarker = Symbol.for('clearance.dashboard.clientHeaders');

/**
 * WEB_TRUST_PROXY: the reverse proxies in front of the dashboard whose X-Forwarded-For/-Proto are
 * believed — addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`, comma-separated, as
 * the API's TRUST_PROXY. Unset (the default), the dashboard faces browsers itself and believes nobody.
 */
export function trustedProxies(raw) {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === 'none') return () => false;
  try {
    return proxyaddr.compile(value.split(',').map((entry) => entry.trim()));
  } catch (error) {
    throw new Error(`WEB_TRUST_PROXY must be false or a comma-separated list of addresses, CIDR ranges, loopback, linklocal, uniquelocal (got "${raw}"): ${error.message}`, { cause: error });
  }
}

const forwardingHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip'];

/**
 * Replaces whatever the client said about itself with what this server knows: X-Forwarded-For is
 * the one client address (the socket's peer, or — through trusted proxies — the nearest address
 * they vouch for), X-Forwarded-Proto how it connected. From an untrusted peer every forwarding
 * header is dropped; from a trusted proxy its Host/Port headers are kept.
 */
export function setClientHeaders(req, trust) {
  const peerTrusted = trust(req.socket.remoteAddress ?? '', 0);
  const address = proxyaddr(req, trust);
  const claimedProto = String(req.headers['x-forwarded-proto'] ?? '').split(',').pop()?.trim().toLowerCase();
  const proto = peerTrusted && (claimedProto === 'https' || claimedProto === 'http') ? claimedProto : req.socket.encrypted ? 'https' : 'http';
  for (const name of peerTrusted ? ['forwarded', 'x-real-ip'] : forwardingHeaders) delete req.headers[name];
  req.headers['x-forwarded-for'] = address;
  req.headers['x-forwarded-proto'] = proto;
}
