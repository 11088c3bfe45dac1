import type { WpAttachment } from '@clearance/contracts';
import type { FastifyInstance } from 'fastify';
import type { Auth } from '../../plugins/auth.ts';
import { OutboundBlockedError, OutboundFailedError, outboundFetch, toSiteOnly, type OutboundResponse } from '../../lib/outbound-fetch.ts';
import { fetchAndIngest } from './fetch-files.ts';
import { attachmentProblem, checkAttachment, creditOfRestAttachment, fromWpAttachment, type ImportedAttachment } from './imported-attachment.ts';
import { ImportFailure, type JobContext } from './import-runner.ts';
import { writeBatch } from './import-writer.ts';

type Site = { id: string; baseUrl: string };
export type Credentials = { username: string; applicationPassword: string };

/**
 * Where a crawl stands: the next page to fetch, and how. `route` is which form of the REST URL the
 * site answered: `/wp-json/...` needs pretty permalinks, `?rest_route=` works everywhere.
 */
export type RestCursor = { page: number; perPage: number; fetchFiles: boolean; route?: 'pretty' | 'plain' };

const retries = 2;

function siteRoot(baseUrl: string): URL {
  const root = new URL(baseUrl);
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  root.search = '';
  root.hash = '';
  return root;
}

/** `orderby=id&order=asc`: pages stay stable while the site gets new uploads (they land on later pages). */
export function mediaPageUrl(baseUrl: string, route: 'pretty' | 'plain', page: number, perPage: number): string {
  const query = `per_page=${perPage}&page=${page}&orderby=id&order=asc`;
  const root = siteRoot(baseUrl);
  return route === 'pretty' ? new URL(`wp-json/wp/v2/media?${query}`, root).toString() : new URL(`?rest_route=/wp/v2/media&${query}`, root).toString();
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

function wpError(res: OutboundResponse): string {
  try {
    const body = JSON.parse(res.body.toString('utf8')) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string') return `${body.code}${typeof body.message === 'string' ? `: ${body.message.slice(0, 300)}` : ''}`;
  } catch {
    // not JSON
  }
  return `HTTP ${res.status}`;
}

/** One GET on the site's origin only (redirects elsewhere are refused), with Basic auth; transient failures are retried. */
async function getFromSite(app: FastifyInstance, site: Site, url: string, creds: Credentials, signal: AbortSignal): Promise<OutboundResponse> {
  const authorization = `Basic ${Buffer.from(`${creds.username}:${creds.applicationPassword}`, 'utf8').toString('base64')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await outboundFetch(url, {
        ...toSiteOnly(site),
        maxBytes: app.config.outboundMaxBytes,
        timeoutMs: app.config.outboundTimeoutMs,
        headers: { authorization, accept: 'application/json' },
      });
      if (res.status < 500 || attempt >= retries || signal.aborted) return res;
    } catch (error) {
      if (error instanceof OutboundBlockedError) throw new ImportFailure(`The site's media endpoint may not be fetched: ${error.message}`);
      if (!(error instanceof OutboundFailedError)) throw error;
      if (attempt >= retries || signal.aborted) throw new ImportFailure(`The site could not be reached at ${url}: ${error.message}`);
    }
    await sleep(250 * 2 ** attempt, signal);
  }
}

const isJsonArray = (res: OutboundResponse) => {
  if (res.status !== 200) return null;
  try {
    const body = JSON.parse(res.body.toString('utf8')) as unknown;
    return Array.isArray(body) ? body : null;
  } catch {
    return null;
  }
};

/** A page of the media collection; the first call finds which URL form the site answers. */
async function fetchPage(app: FastifyInstance, site: Site, creds: Credentials, cursor: RestCursor, signal: AbortSignal) {
  const routes = cursor.route ? [cursor.route] : (['pretty', 'plain'] as const);
  let last: { url: string; res: OutboundResponse } | null = null;
  for (const route of routes) {
    const url = mediaPageUrl(site.baseUrl, route, cursor.page, cursor.perPage);
    const res = await getFromSite(app, site, url, creds, signal);
    if (res.status === 401 || res.status === 403) {
      throw new ImportFailure(`WordPress refused the credentials for user "${creds.username}" (${res.status} ${wpError(res)}). Check the user name and the application password.`);
    }
    const items = isJsonArray(res);
    if (items) return { items, route, res };
    // Past the last page WordPress answers 400 rest_post_invalid_page_number: the crawl is done.
    if (res.status === 400 && /rest_post_invalid_page_number/.test(res.body.toString('utf8'))) return { items: [], route, res };
    last = { url, res };
  }
  const { url, res } = last!;
  if (res.status >= 500) throw new ImportFailure(`The site answered ${res.status} for ${url}; resume the import when it is back.`);
  throw new ImportFailure(
    cursor.route
      ? `${url} answered ${res.status} ${wpError(res)} instead of a page of media`
      : `The site has no WordPress REST API for media: ${mediaPageUrl(site.baseUrl, 'pretty', 1, cursor.perPage)} and ?rest_route=/wp/v2/media answered ${res.status} ${wpError(res)}`,
  );
}

/**
 * Crawls `/wp/v2/media` page by page with an application password. Each page is one batch: its
 * attachments are written and the cursor moved to the next page in one transaction, so resuming
 * (with the credentials given again) carries on exactly there.
 */
export async function crawlWordPressMedia(app: FastifyInstance, site: Site, actor: Auth, creds: Credentials, start: RestCursor, ctx: JobContext) {
  let cursor = { ...start };
  while (!ctx.signal.aborted) {
    const { items, route, res } = await fetchPage(app, site, creds, cursor, ctx.signal);
    const total = Number.parseInt(res.headers['x-wp-total'] ?? '', 10);
    const totalPages = Number.parseInt(res.headers['x-wp-totalpages'] ?? '', 10);
    const records: ImportedAttachment[] = [];
    let failed = 0;
    for (const [index, raw] of items.entries()) {
      const label = typeof (raw as { id?: unknown })?.id === 'number' ? String((raw as { id: number }).id) : `page ${cursor.page} item ${index + 1}`;
      if (!checkAttachment(raw)) {
        failed++;
        ctx.noteItemError(label, attachmentProblem());
        continue;
      }
      try {
        records.push(fromWpAttachment(raw as WpAttachment, { credit: creditOfRestAttachment(raw as Record<string, unknown>) }));
      } catch (error) {
        failed++;
        ctx.noteItemError(label, `not usable: ${(error as Error).message}`);
      }
    }
    const ingested = cursor.fetchFiles ? await fetchAndIngest(app, site, actor, records, ctx.signal) : undefined;
    const next: RestCursor = { ...cursor, route, page: cursor.page + 1 };
    await writeBatch(
      app,
      {
        siteId: site.id,
        actor: actor.actor,
        createdByIngest: ingested?.created,
        updatedByIngest: ingested?.updated,
        progress: (tx, counts) => ctx.progress(tx, counts, next, Number.isInteger(total) && total >= 0 ? total : undefined),
      },
      records,
      failed,
    );
    cursor = next;
    const lastPage = Number.isInteger(totalPages) ? cursor.page > totalPages : items.length < cursor.perPage;
    if (items.length === 0 || lastPage) return;
  }
}
