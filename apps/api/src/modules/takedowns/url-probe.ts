import { outboundStatus, toSiteOnly } from '../../lib/outbound-fetch.ts';

/**
 * Asks a site whether it still serves a URL, reading the status line only. HEAD first; GET when
 * the server refuses HEAD (405/501), and then the connection is closed as soon as the headers
 * arrive, so a still-served image is never downloaded. Only the site's own origin is requested:
 * a redirect elsewhere is recorded, not followed. The requests go through the one outbound client
 * (`lib/outbound-fetch.ts`: address checks, DNS pinning, one total deadline for all hops), with the
 * rule for a site's own host: it may be on a private or loopback address (that is where the
 * operator configured it), nothing else private is.
 */
export type ProbeResult = { url: string; statusCode: number | null; error: string | null; checkedAt: Date };

export type ProbeOptions = { sameOrigin: string; timeoutMs: number; maxRedirects?: number };

const maxErrorChars = 500;

async function statusOf(url: URL, method: 'HEAD' | 'GET', opts: ProbeOptions, deadline: number): Promise<{ status: number; location: string | undefined }> {
  const res = await outboundStatus(url.href, {
    ...toSiteOnly({ baseUrl: opts.sameOrigin }),
    method,
    userAgent: 'Clearance/0.1 (takedown verification)',
    timeoutMs: opts.timeoutMs,
    deadline,
  });
  return { status: res.status, location: res.headers.location };
}

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);
const clip = (text: string) => (text.length > maxErrorChars ? `${text.slice(0, maxErrorChars - 1)}…` : text);

export async function probeUrl(rawUrl: string, opts: ProbeOptions): Promise<ProbeResult> {
  const deadline = Date.now() + opts.timeoutMs;
  const origin = new URL(opts.sameOrigin).origin;
  // The time the question was asked: a later check supersedes an earlier one even if it answers first.
  const checkedAt = new Date();
  const done = (statusCode: number | null, error: string | null): ProbeResult => ({ url: rawUrl, statusCode, error: error && clip(error), checkedAt });
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return done(null, 'Not a valid URL; not requested');
  }
  if (url.origin !== origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) return done(null, `Not on the site's origin ${origin}; not requested`);
  const via: string[] = [];
  try {
    for (let hop = 0; ; hop++) {
      let res = await statusOf(url, 'HEAD', opts, deadline);
      if (res.status === 405 || res.status === 501) res = await statusOf(url, 'GET', opts, deadline);
      const after = via.length ? `Answered after redirects to ${via.join(', ')}` : null;
      if (!isRedirect(res.status) || !res.location) return done(res.status, after);
      let next: URL;
      try {
        next = new URL(res.location, url);
      } catch {
        return done(res.status, `Redirects to an invalid location; not followed`);
      }
      if (next.origin !== origin) return done(res.status, `Redirects to ${next.href}, another origin; not followed`);
      if (hop >= (opts.maxRedirects ?? 5)) return done(res.status, `More than ${opts.maxRedirects ?? 5} redirects; not followed further`);
      via.push(next.href);
      url = next;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message || error.name : String(error);
    const code = (error as NodeJS.ErrnoException).code;
    return done(null, code && !message.includes(code) ? `${code}: ${message}` : message);
  }
}

/** Runs `fn` over `items` with at most `limit` at a time; results keep the items' order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
