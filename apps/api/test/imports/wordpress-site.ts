import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';

/**
 * A stand-in for a WordPress site's REST API on loopback, serving the real `/wp/v2/media` shapes
 * from the corpus, paginated as WordPress paginates (per_page, page, X-WP-Total, X-WP-TotalPages,
 * 400 rest_post_invalid_page_number past the end), behind Basic auth with an application password.
 *
 * The first path segment chooses how the "site" behaves, so that one server plays several sites:
 *   /pretty/    pretty permalinks: /wp-json/wp/v2/media
 *   /plain/     no pretty permalinks: /wp-json/ is a 404 page, only ?rest_route= answers
 *   /down/      like /pretty/, but page 3 answers 503 while `down` is set
 *   /slow/      like /pretty/, each page takes `slowMs`
 *   /redirect/  every API request is redirected to another origin (localhost instead of 127.0.0.1)
 */
export const credentials = { username: 'admin', applicationPassword: 'abcd EFGH ijkl MNOP qrst UVWX' };
const expectedAuth = `Basic ${Buffer.from(`${credentials.username}:${credentials.applicationPassword}`).toString('base64')}`;

const siteHosts = ['https://demo.worona.org', 'https://viviendosanos.com', 'https://thewing.es', 'http://example.org'];
const corpusFiles = ['rest-media_frontity_media-list.json', 'rest-media_frontity_media-581.json', 'rest-media_frontity_media-11680.json', 'rest-media_wp-api-generated_MediaModel.json'];

/** The corpus items with their site's origin replaced by a placeholder, sorted by id as `orderby=id&order=asc` sorts them. */
function corpusItems(): string[] {
  const items = corpusFiles.flatMap((f) => {
    const parsed = JSON.parse(readFileSync(fixturePath('wordpress', f), 'utf8')) as unknown;
    return Array.isArray(parsed) ? parsed : [parsed];
  }) as { id: number }[];
  items.sort((a, b) => a.id - b.id);
  // A legacy WP-API v1 object (no id, no source_url) as the last "attachment": it must be reported, not imported.
  const legacy = JSON.parse(readFileSync(fixturePath('wordpress', 'rest-media_wp-api-v1-legacy_143Construction.json'), 'utf8'));
  return [...items, legacy].map((item) => {
    let json = JSON.stringify(item);
    for (const host of siteHosts) json = json.replaceAll(host, '__SITE__').replaceAll(host.replace('/', '\\/'), '__SITE__');
    return json;
  });
}

export type FakeWordPress = {
  origin: string;
  /** Site URL for a behaviour, e.g. site('plain'). */
  site(mode: 'pretty' | 'plain' | 'down' | 'slow' | 'redirect'): string;
  itemCount: number;
  requests: { mode: string; host: string; url: string; page: number | null; auth: string | undefined }[];
  state: { down: boolean; slowMs: number };
  /** Files served under /<mode>/wp-content/uploads/…; everything else there is 404. */
  files: Map<string, Buffer>;
  close(): Promise<void>;
};

export async function startFakeWordPress(): Promise<FakeWordPress> {
  const items = corpusItems();
  const state = { down: false, slowMs: 300 };
  const requests: FakeWordPress['requests'] = [];
  const files = new Map<string, Buffer>();
  let origin = '';

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers }).end(JSON.stringify(body));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url!, origin);
    const [, mode = '', ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;
    const siteRoot = `${origin}/${mode}`;
    const restRoute = url.searchParams.get('rest_route');
    const isApi = path.startsWith('/wp-json/') || restRoute !== null;
    const page = isApi ? Number(url.searchParams.get('page') ?? '1') : null;
    requests.push({ mode, host: req.headers.host ?? '', url: req.url!, page, auth: req.headers.authorization });

    if (path.startsWith('/wp-content/uploads/')) {
      const file = files.get(path.slice('/wp-content/uploads/'.length));
      if (file) return res.writeHead(200, { 'content-type': 'image/jpeg' }).end(file);
      return res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    }
    if (!isApi) return res.writeHead(404).end();
    if (mode === 'redirect') return res.writeHead(302, { location: `${origin.replace('127.0.0.1', 'localhost')}/pretty${path}${url.search}` }).end();
    if (mode === 'plain' && path.startsWith('/wp-json/')) return res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Page not found</body></html>');
    const route = restRoute ?? path.slice('/wp-json'.length);
    if (route !== '/wp/v2/media') return json(res, 404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.' });
    if (req.headers.authorization !== expectedAuth) {
      return json(res, 401, { code: 'incorrect_password', message: 'The provided password is an invalid application password.', data: { status: 401 } });
    }
    if (mode === 'slow') await new Promise((r) => setTimeout(r, state.slowMs));
    if (mode === 'down' && state.down && page === 3) return json(res, 503, { code: 'maintenance', message: 'Briefly unavailable for scheduled maintenance.' });
    const perPage = Number(url.searchParams.get('per_page') ?? '10');
    const totalPages = Math.ceil(items.length / perPage);
    if (page! > totalPages) return json(res, 400, { code: 'rest_post_invalid_page_number', message: 'The page number requested is larger than the number of pages available.', data: { status: 400 } });
    const slice = items.slice((page! - 1) * perPage, page! * perPage).map((s) => s.replaceAll('__SITE__', siteRoot));
    res
      .writeHead(200, { 'content-type': 'application/json; charset=UTF-8', 'x-wp-total': String(items.length), 'x-wp-totalpages': String(totalPages) })
      .end(`[${slice.join(',')}]`);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    site: (mode) => `${origin}/${mode}/`,
    itemCount: items.length,
    requests,
    state,
    files,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
