import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Fetching a URL a user (or a CMS payload) named. The server must not become a way into the
 * network it sits in (SSRF): only http(s), only public addresses unless the host is explicitly
 * allowed, the connection goes to the address that was checked (no DNS rebinding), every
 * redirect is checked again, and size and time are bounded: `timeoutMs` is a total deadline for
 * everything a call does (DNS, connections, redirects, the whole body).
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

/** What every request checks and sends, whatever it reads of the answer. */
type RequestRules = Pick<OutboundOptions, 'timeoutMs' | 'allowPrivateHosts' | 'sameOrigin' | 'headers'>;

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

/** Rejects with `OutboundFailedError(message)` once `deadline` (epoch ms) has passed, unless `work` settled first. */
function beforeDeadline<T>(work: Promise<T>, deadline: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new OutboundFailedError(message)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function checkedAddress(url: URL, opts: RequestRules, deadline: number): Promise<{ address: string; family: number }> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundBlockedError(`Only http and https URLs can be fetched (got ${url.protocol})`);
  if (url.username || url.password) throw new OutboundBlockedError('URLs with credentials are not fetched');
  if (opts.sameOrigin && url.origin !== new URL(opts.sameOrigin).origin) {
    throw new OutboundBlockedError(`${url.origin} is not the site's origin ${new URL(opts.sameOrigin).origin}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const allowed = (opts.allowPrivateHosts ?? []).some((h) => h === url.host || h === host);
  const { address, family } = ipaddr.isValid(host)
    ? { address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }
    : await beforeDeadline(
        dnsLookup(host).catch((error: NodeJS.ErrnoException) => {
          throw new OutboundFailedError(`${host} could not be resolved (${error.code ?? error.message})`);
        }),
        deadline,
        `${host} could not be resolved within ${opts.timeoutMs} ms`,
      );
  if (!allowed && !isPublic(address)) throw new OutboundBlockedError(`${host} resolves to a private or reserved address`);
  return { address, family };
}

type Exchange = { method: 'GET' | 'HEAD'; userAgent: string; deadline: number; timeoutMessage: string };

/**
 * One request to the checked address. `onResponse` reads what it needs of the answer; the whole
 * exchange (connect, headers, body) ends at `deadline` — a total deadline, not an idle timeout, so
 * a server trickling a byte at a time cannot stretch it.
 */
function requestOnce<T>(
  url: URL,
  pinned: { address: string; family: number },
  opts: RequestRules,
  exchange: Exchange,
  onResponse: (res: http.IncomingMessage, req: http.ClientRequest, resolve: (value: T) => void, reject: (error: Error) => void) => void,
) {
  return new Promise<T>((resolve, reject) => {
    const lookup: LookupFunction = (_host, options, callback) => {
      if (typeof options === 'object' && options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
      else callback(null, pinned.address, pinned.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: exchange.method,
      lookup,
      headers: { 'user-agent': exchange.userAgent, accept: '*/*', ...(opts.sameOrigin ? opts.headers : {}) },
    });
    const timer = setTimeout(() => req.destroy(new OutboundFailedError(exchange.timeoutMessage)), Math.max(1, exchange.deadline - Date.now()));
    const settle = <A>(fn: (a: A) => void) => (a: A) => {
      clearTimeout(timer);
      fn(a);
    };
    const fail = settle((error: Error) => reject(error instanceof OutboundFailedError ? error : new OutboundFailedError(error.message)));
    req.on('response', (res) => {
      res.on('error', fail);
      onResponse(res, req, settle(resolve), fail);
    });
    req.on('error', fail);
    req.end();
  });
}

const headersOf = (res: http.IncomingMessage) =>
  Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));

function readWhole(url: URL, pinned: { address: string; family: number }, opts: OutboundOptions, deadline: number) {
  const exchange: Exchange = { method: 'GET', userAgent: 'Clearance/0.1 (license evidence snapshot)', deadline, timeoutMessage: `No complete answer within ${opts.timeoutMs} ms` };
  return requestOnce<{ status: number; headers: Record<string, string>; body: Buffer }>(url, pinned, opts, exchange, (res, req, resolve) => {
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
    res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: headersOf(res), body: Buffer.concat(chunks) }));
  });
}

const parsedUrl = (rawUrl: string) => {
  try {
    return new URL(rawUrl);
  } catch {
    throw new OutboundBlockedError('Not a valid URL');
  }
};

/**
 * The status line and headers of one URL, never its body: the connection is closed as soon as
 * the headers arrive. Redirects are answered, not followed (the caller decides). `deadline`
 * (epoch ms, default now + `timeoutMs`) lets a caller share one deadline over several requests.
 */
export async function outboundStatus(
  rawUrl: string,
  opts: RequestRules & { method: 'GET' | 'HEAD'; userAgent: string; deadline?: number },
): Promise<{ status: number; headers: Record<string, string> }> {
  const deadline = opts.deadline ?? Date.now() + opts.timeoutMs;
  const url = parsedUrl(rawUrl);
  const pinned = await checkedAddress(url, opts, deadline);
  const exchange: Exchange = { method: opts.method, userAgent: opts.userAgent, deadline, timeoutMessage: `No answer within ${opts.timeoutMs} ms` };
  return requestOnce(url, pinned, opts, exchange, (res, _req, resolve) => {
    resolve({ status: res.statusCode ?? 0, headers: headersOf(res) });
    res.destroy();
  });
}

export async function outboundFetch(rawUrl: string, opts: OutboundOptions): Promise<OutboundResponse> {
  const deadline = Date.now() + opts.timeoutMs;
  let url = parsedUrl(rawUrl);
  for (let hop = 0; hop <= (opts.maxRedirects ?? 5); hop++) {
    const pinned = await checkedAddress(url, opts, deadline);
    const res = await readWhole(url, pinned, opts, deadline);
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
