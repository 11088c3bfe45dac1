import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Fetching a URL a user (or a CMS payload) named. The server must not become a way into the
 * network it sits in (SSRF): only http(s), only public addresses unless the host is explicitly
 * allowed, the connection goes to the address that was checked (no DNS rebinding), every
 * redirect is checked again, and size and time are bounded.
 */
export class OutboundBlockedError extends Error {}
export class OutboundFailedError extends Error {}

export type OutboundOptions = {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
  /** `host` or `host:port` entries that may resolve to private or loopback addresses. */
  allowPrivateHosts?: readonly string[];
  /** When set, every URL (redirects included) must be on this origin. */
  sameOrigin?: string;
  /** Extra request headers (e.g. a site's Basic credentials); only sent together with `sameOrigin`, so never to another origin. */
  headers?: Record<string, string>;
};

/**
 * The rule for requests to a site (ingest, imports): only its own origin, redirects included, and
 * its own host even when that is private or loopback (a site on a LAN); nothing else private.
 */
export function toSiteOnly(site: { baseUrl: string }): Pick<OutboundOptions, 'sameOrigin' | 'allowPrivateHosts'> {
  return { sameOrigin: site.baseUrl, allowPrivateHosts: [new URL(site.baseUrl).host] };
}

export type OutboundResponse = { url: string; finalUrl: string; status: number; headers: Record<string, string>; body: Buffer; fetchedAt: Date };

function isPublic(address: string): boolean {
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
}

async function checkedAddress(url: URL, opts: OutboundOptions): Promise<{ address: string; family: number }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundBlockedError(`Only http and https URLs can be fetched (got ${url.protocol})`);
  if (url.username || url.password) throw new OutboundBlockedError('URLs with credentials are not fetched');
  if (opts.sameOrigin && url.origin !== new URL(opts.sameOrigin).origin) {
    throw new OutboundBlockedError(`${url.origin} is not the site's origin ${new URL(opts.sameOrigin).origin}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const allowed = (opts.allowPrivateHosts ?? []).some((h) => h === url.host || h === host);
  const { address, family } = ipaddr.isValid(host)
    ? { address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }
    : await dnsLookup(host).catch((error: NodeJS.ErrnoException) => {
        throw new OutboundFailedError(`${host} could not be resolved (${error.code ?? error.message})`);
      });
  if (!allowed && !isPublic(address)) throw new OutboundBlockedError(`${host} resolves to a private or reserved address`);
  return { address, family };
}

function requestOnce(url: URL, pinned: { address: string; family: number }, opts: OutboundOptions, deadline: number) {
  return new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
    const lookup: LookupFunction = (_host, options, callback) => {
      if (typeof options === 'object' && options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
      else callback(null, pinned.address, pinned.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(url, { lookup, headers: { 'user-agent': 'Clearance/0.1 (license evidence snapshot)', accept: '*/*', ...(opts.sameOrigin ? opts.headers : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBytes) {
          req.destroy(new OutboundFailedError(`The response is larger than ${opts.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.setTimeout(Math.max(1, deadline - Date.now()), () => req.destroy(new OutboundFailedError(`No complete answer within ${opts.timeoutMs} ms`)));
    req.on('error', (error) => reject(error instanceof OutboundFailedError ? error : new OutboundFailedError(error.message)));
  });
}

export async function outboundFetch(rawUrl: string, opts: OutboundOptions): Promise<OutboundResponse> {
  const deadline = Date.now() + opts.timeoutMs;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new OutboundBlockedError('Not a valid URL');
  }
  for (let hop = 0; hop <= (opts.maxRedirects ?? 5); hop++) {
    const pinned = await checkedAddress(url, opts);
    const res = await requestOnce(url, pinned, opts, deadline);
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && location) {
      try {
        url = new URL(location, url);
      } catch {
        throw new OutboundFailedError(`The redirect to ${JSON.stringify(location.slice(0, 200))} is not a valid URL`);
      }
      continue;
    }
    return { url: rawUrl, finalUrl: url.toString(), status: res.status, headers: res.headers, body: res.body, fetchedAt: new Date() };
  }
  throw new OutboundFailedError(`More than ${opts.maxRedirects ?? 5} redirects`);
}
