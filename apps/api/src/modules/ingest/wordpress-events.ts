import { servedUrlStanding, type WebhookResult, type WordPressWebhook } from '@clearance/contracts';
import type { FastifyInstance } from 'fastify';
import { isStorableTime } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { validationFailed } from '../../plugins/problem.ts';
import { OutboundBlockedError, OutboundFailedError, outboundFetch, toSiteOnly } from '../../lib/outbound-fetch.ts';
import { ingestImage, markRemovedByCms } from './ingest.service.ts';
import { fetchUrlOf, uploadedFilename, urlVariants, type UrlVariant } from './url-variants.ts';

type Site = { id: string; baseUrl: string };

/**
 * The file comes attached to the webhook, or is fetched from the site itself — only from the
 * site's own origin (no redirects elsewhere), with size and time limits. A site configured on a
 * private or loopback address may be fetched there; nothing else private ever is.
 */
async function fetchFromSite(app: FastifyInstance, site: Site, url: string): Promise<Buffer> {
  try {
    const res = await outboundFetch(url, {
      ...toSiteOnly(site),
      maxBytes: app.config.ingestMaxBytes,
      timeoutMs: app.config.outboundTimeoutMs,
    });
    if (res.status !== 200) throw new AppError('fetch_failed', `${url} answered ${res.status}`);
    return res.body;
  } catch (error) {
    if (error instanceof OutboundBlockedError) throw new AppError('outbound_blocked', error.message);
    if (error instanceof OutboundFailedError) throw new AppError('fetch_failed', error.message);
    throw error;
  }
}

/** WordPress's upload time; a date the database cannot hold (year 0, year 275760) is no date. */
function uploadedAtOf(attachment: WordPressWebhook['data']['attachment']): Date | null {
  const storable = (d: Date | null) => (d && isStorableTime(d) ? d : null);
  return storable(attachment.date_gmt ? new Date(`${attachment.date_gmt}Z`) : null) ?? storable(attachment.date ? new Date(attachment.date) : null);
}

/**
 * Every URL the attachment is served under, each one an http(s) URL (the rule in
 * `served-url.ts`); a `javascript:`, `data:` or unparsable one refuses the whole delivery, so
 * WordPress is told which field is wrong instead of the asset being stored half-described.
 */
function servedUrlsOf(attachment: WordPressWebhook['data']['attachment'], site: Site): UrlVariant[] {
  const variants = urlVariants(attachment);
  const refused = variants.filter((v) => servedUrlStanding(v.url, site.baseUrl) === 'refused');
  if (refused.length) {
    throw validationFailed(
      'body',
      refused.map((v) => ({ instancePath: `/data/attachment${v.from}`, keyword: 'format', params: {}, message: 'must be (or resolve to) an absolute http(s) URL' })),
    );
  }
  return variants;
}

export async function handleWordPressEvent(app: FastifyInstance, site: Site, event: WordPressWebhook, file: Buffer | null): Promise<WebhookResult> {
  const attachment = event.data.attachment;
  const cmsId = String(attachment.id);
  if (event.type === 'media.deleted') {
    const asset = await markRemovedByCms(app, 'system', site.id, cmsId);
    return asset
      ? { status: 'processed', event: event.type, assetId: asset.id, coverageStatus: asset.coverageStatus }
      : { status: 'ignored', event: event.type, assetId: null, coverageStatus: null, detail: `No asset with CMS id ${cmsId}` };
  }
  const urls = servedUrlsOf(attachment, site);
  const content = file ?? (await fetchFromSite(app, site, fetchUrlOf(attachment)));
  const asset = await ingestImage(app, 'system', {
    siteId: site.id,
    cmsId,
    filename: uploadedFilename(attachment),
    title: attachment.title?.raw ?? attachment.title?.rendered ?? null,
    uploadedAt: uploadedAtOf(attachment),
    uploadedBy: attachment.author !== undefined ? `wordpress-user:${attachment.author}` : null,
    urls,
    content,
  }, { waitForPictures: false }); // WordPress waits for the record, not for the thumbnail
  return { status: 'processed', event: event.type, assetId: asset.id, coverageStatus: asset.coverageStatus };
}
