import type { FastifyInstance } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { OutboundBlockedError, OutboundFailedError, outboundFetch, toSiteOnly } from '../../lib/outbound-fetch.ts';
import type { Auth } from '../../plugins/auth.ts';
import { ingestImage } from '../ingest/ingest.service.ts';
import type { ImportedAttachment } from './imported-attachment.ts';

type Site = { id: string; baseUrl: string };

/** Files fetched at once: enough to overlap network and image work, few enough for a small server. */
const concurrency = 4;

const sameOrigin = (url: string, base: string) => {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
};

/**
 * Fetches, for the attachments that have no stored file yet, the file from the site — only from
 * the site's own origin, with the same rules as the upload webhook — and runs it through the
 * upload pipeline. A file that is elsewhere, unreachable or not an image is simply not fetched:
 * the asset is then recorded from its metadata alone.
 */
export async function fetchAndIngest(
  app: FastifyInstance,
  site: Site,
  actor: Auth,
  items: ImportedAttachment[],
  signal: AbortSignal,
): Promise<{ created: Set<string>; updated: Set<string> }> {
  const created = new Set<string>();
  const updated = new Set<string>();
  const candidates = items.filter((i) => sameOrigin(i.fetchUrl, site.baseUrl) && (i.mimeType.startsWith('image/') || i.mimeType === 'application/octet-stream'));
  if (candidates.length === 0) return { created, updated };
  const known = await app.prisma.asset.findMany({
    where: { siteId: site.id, cmsId: { in: candidates.map((c) => c.cmsId) } },
    select: { cmsId: true, sha256: true },
  });
  const stored = new Map(known.map((k) => [k.cmsId!, k.sha256]));
  const queue = candidates.filter((c) => !stored.get(c.cmsId));
  const worker = async () => {
    for (let item = queue.shift(); item && !signal.aborted; item = queue.shift()) {
      let content: Buffer;
      try {
        const res = await outboundFetch(item.fetchUrl, {
          ...toSiteOnly(site),
          maxBytes: app.config.ingestMaxBytes,
          timeoutMs: app.config.outboundTimeoutMs,
        });
        if (res.status !== 200) continue;
        content = res.body;
      } catch (error) {
        if (error instanceof OutboundBlockedError || error instanceof OutboundFailedError) continue;
        throw error;
      }
      const input = { siteId: site.id, cmsId: item.cmsId, filename: item.filename, title: item.title, uploadedAt: item.uploadedAt, uploadedBy: item.uploadedBy, urls: item.urls, content };
      try {
        await ingestImage(app, actor, input, { waitForPictures: true });
        (stored.has(item.cmsId) ? updated : created).add(item.cmsId);
      } catch (error) {
        // Not an image after all (an HTML error page, a PDF): the metadata record will do.
        if (error instanceof AppError && error.statusCode < 500) continue;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { created, updated };
}
