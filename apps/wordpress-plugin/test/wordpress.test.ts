/**
 * The WordPress plugin against real WordPress (Debian's package, PHP, MariaDB) and the real
 * Clearance API, both on loopback: uploads through WordPress's REST API reach Clearance with
 * every size URL, a license logged through WordPress changes the asset's status, a deletion
 * marks it removed, and an upload made while Clearance is down still succeeds, quickly, and is
 * delivered by WP-Cron once Clearance is back.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRealPart } from '../../../test-support/real-parts.ts';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { type ClearanceApi, startClearanceApi } from './helpers/clearance-api.ts';
import { missingPrerequisites, planWordPress, startWordPress, type WordPress } from './helpers/wordpress.ts';

const missing = missingPrerequisites();
const wordpressHere = requireRealPart('WordPress (PHP, MariaDB)', missing && `${missing} (Debian: apt-get install -y wordpress php-cli php-mysql php-gd php-curl php-xml php-mbstring mariadb-server)`);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

type WpMedia = {
  id: number;
  source_url: string;
  media_details: { width: number; height: number; original_image?: string; sizes: Record<string, { source_url: string; width: number; height: number }> };
  clearance_license?: Record<string, any> | null;
};

/** Every URL WordPress serves an attachment under, as its REST API reports them. */
function urlsOf(media: WpMedia): string[] {
  const urls = new Set([media.source_url, ...Object.values(media.media_details.sizes).map((s) => s.source_url)]);
  if (media.media_details.original_image) urls.add(new URL(media.media_details.original_image, media.source_url).toString());
  return [...urls].sort();
}

describe.runIf(wordpressHere)('WordPress plugin on real WordPress', () => {
  let wp: WordPress;
  let api: ClearanceApi;
  let siteId: string;
  const uploaded: Record<string, { media: WpMedia; bytes: Buffer }> = {};

  beforeAll(async () => {
    const plan = await planWordPress();
    api = await startClearanceApi({ allowPrivateHosts: [plan.hostPort] });
    const site = await api.call('POST', '/v1/sites', { name: 'WordPress under test', baseUrl: plan.origin });
    expect(site.status, JSON.stringify(site.body)).toBe(201);
    siteId = site.body.id;
    const siteToken = await api.call('POST', '/v1/tokens', { name: 'wordpress plugin', siteId });
    expect(siteToken.status, JSON.stringify(siteToken.body)).toBe(201);
    const started = Date.now();
    wp = await startWordPress(plan, {
      api_url: api.origin,
      site_id: siteId,
      secret: site.body.webhookSecret,
      api_token: siteToken.body.token,
      dashboard_url: 'http://127.0.0.1:3999',
    });
    console.log(`WordPress installed, plugin active and served at ${wp.origin} in ${Date.now() - started} ms`);
  }, 180_000);

  afterAll(async () => {
    await wp?.stop();
    await api?.close();
  });

  async function upload(filename: string, bytes: Buffer): Promise<{ media: WpMedia; ms: number }> {
    const t0 = Date.now();
    const res = await wp.rest('/wp/v2/media', {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg', 'content-disposition': `attachment; filename=${filename}` },
      body: new Uint8Array(bytes),
    });
    const text = await res.text();
    expect(res.status, `upload of ${filename}: ${text}`).toBe(201);
    return { media: JSON.parse(text) as WpMedia, ms: Date.now() - t0 };
  }

  async function assetOf(cmsId: number, timeoutMs = 5000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const page = await api.call('GET', `/v1/assets?siteId=${siteId}&cmsId=${cmsId}`);
      expect(page.status).toBe(200);
      if (page.body.items.length > 0) {
        const detail = await api.call('GET', `/v1/assets/${page.body.items[0].id}`);
        return detail.body;
      }
      if (Date.now() > until) return null;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('"Test connection" confirms the URL, the signature, the token and the site address', async () => {
    const result = await wp.inspect('test-connection');
    expect(result.lines, JSON.stringify(result.lines, null, 1)).toHaveLength(6);
    expect(result.lines.filter((l: { ok: boolean }) => !l.ok)).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('sends each upload to Clearance with every size URL, the original file and a suggestion', async () => {
    // A real photo, made larger than WordPress's 2560 px threshold (so a -scaled copy is made),
    // under an iStock download name; and a photo whose IPTC block names its agency and creator.
    const wide = await sharp(fixturePath('images', 'files', 'bep_sunrise.jpg')).resize(3200, 2000).jpeg({ quality: 85 }).toBuffer();
    const agency = readFileSync(fixturePath('images', 'files', 'exifr_iptc-agency-photographer-example.jpg'));
    for (const [name, bytes] of [['iStock-1234567890.jpg', wide], ['agency-photo.jpg', agency]] as const) {
      const { media, ms } = await upload(name, bytes);
      console.log(`upload of ${name} (${bytes.length} bytes) through WordPress's REST API: ${ms} ms`);
      uploaded[name] = { media, bytes };
    }

    const big = uploaded['iStock-1234567890.jpg']!.media;
    expect(big.source_url).toMatch(/iStock-1234567890-scaled\.jpg$/);
    expect(big.media_details.original_image).toBe('iStock-1234567890.jpg');
    expect(Object.keys(big.media_details.sizes).length).toBeGreaterThanOrEqual(5);

    for (const { media, bytes } of Object.values(uploaded)) {
      const asset = await assetOf(media.id);
      expect(asset, `Clearance has no asset for attachment ${media.id}`).not.toBeNull();
      expect(asset.coverageStatus).toBe('uncovered');
      expect(asset.urls.map((u: { url: string }) => u.url).sort()).toEqual(urlsOf(media));
      // The file sent is the untouched upload (the original, not the -scaled copy).
      expect(asset.sha256).toBe(sha256(bytes));
      expect(asset.uploadedBy).toBe('wordpress-user:1');
    }
    const bigAsset = await assetOf(big.id);
    expect(bigAsset.filename).toBe('iStock-1234567890.jpg');
    expect(bigAsset.urls.find((u: { kind: string }) => u.kind === 'scaled')?.url).toBe(big.source_url);
    expect(bigAsset.urls.find((u: { kind: string }) => u.kind === 'original_image')?.url).toMatch(/iStock-1234567890\.jpg$/);
    expect((await wp.inspect('outbox')).rows).toEqual([]);
  }, 120_000);

  it("shows Clearance's status and suggestion on the attachment in WordPress's REST API", async () => {
    const big = uploaded['iStock-1234567890.jpg']!.media;
    const res = await wp.rest(`/wp/v2/media/${big.id}?context=edit`);
    expect(res.status).toBe(200);
    const field = (await res.json()).clearance_license;
    const asset = await assetOf(big.id);
    expect(field).toMatchObject({
      asset_id: asset.id,
      coverage_status: 'uncovered',
      license_id: null,
      dashboard_url: `http://127.0.0.1:3999/assets/${asset.id}`,
      suggestion: { kind: 'stock_royalty_free', provider: 'istock' },
    });
    // Lists (view context) never carry it: reading it calls Clearance.
    const list = await (await wp.rest('/wp/v2/media')).json();
    expect(list[0]).not.toHaveProperty('clearance_license');
  });

  it('the media library shows the status column and bulk action, the edit screen the license fields with the suggestion', async () => {
    const cookie = await wp.login();
    const page = async (path: string) => {
      const res = await fetch(`${wp.origin}${path}`, { headers: { cookie }, redirect: 'manual' });
      expect(res.status, path).toBe(200);
      return res.text();
    };
    const big = uploaded['iStock-1234567890.jpg']!.media;
    const asset = await assetOf(big.id);

    // Page HTML is long: report which piece is missing, not the whole page.
    const missingFrom = (html: string, pieces: (string | RegExp)[]) => pieces.filter((p) => (typeof p === 'string' ? !html.includes(p) : !p.test(html))).map(String);

    const library = await page('/wp-admin/upload.php?mode=list');
    expect(
      missingFrom(library, [/<th scope="col" id=['"]clearance['"]/, 'clearance-status--uncovered', `href="http://127.0.0.1:3999/assets/${asset.id}"`, 'value="clearance_assign_license"']),
      'media library list view',
    ).toEqual([]);

    const edit = await page(`/wp-admin/post.php?post=${big.id}&action=edit`);
    expect(
      missingFrom(edit, [
        'enctype="multipart/form-data"',
        `name="attachments[${big.id}][clearance_kind]"`,
        /<option value="stock_royalty_free" selected=['"]selected['"]>/,
        'Save this license to Clearance',
        `name="clearance_proof_file_${big.id}"`,
      ]),
      'attachment edit screen',
    ).toEqual([]);

    const settings = await page('/wp-admin/options-general.php?page=clearance');
    expect(missingFrom(settings, ['Test connection', '0 waiting to be sent']), 'settings page').toEqual([]);
    // Credentials are never printed back into the page.
    expect(settings).not.toMatch(/whsec_[A-Za-z0-9+/=]{8,}/);
  }, 60_000);

  it('logs a license through WordPress (REST update of clearance_license) and Clearance changes the status', async () => {
    const big = uploaded['iStock-1234567890.jpg']!.media;
    const asset = await assetOf(big.id);
    const save = (value: Record<string, unknown>) =>
      wp.rest(`/wp/v2/media/${big.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clearance_license: value }) });

    const first = await save({ kind: 'stock_royalty_free', licensor: 'iStock', source_url: 'https://www.istockphoto.com/photo/1234567890', expires_on: '2099-12-31' });
    const firstBody = await first.json();
    expect(first.status, JSON.stringify(firstBody)).toBe(200);
    expect(firstBody.clearance_license).toMatchObject({ coverage_status: 'unproven', kind: 'stock_royalty_free', licensor: 'iStock', expires_on: '2099-12-31', proof_count: 0 });
    let inClearance = await assetOf(big.id);
    expect(inClearance.coverageStatus).toBe('unproven');
    expect(inClearance.licenses).toHaveLength(1);
    expect(inClearance.licenses[0]).toMatchObject({ kind: 'stock_royalty_free', licensor: 'iStock', sourceUrl: 'https://www.istockphoto.com/photo/1234567890', expiresOn: '2099-12-31' });

    // The receipt as a file: the same license gets its proof, and the asset is covered.
    const receipt = await sharp({ create: { width: 300, height: 120, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const second = await save({ kind: 'stock_royalty_free', licensor: 'iStock', source_url: 'https://www.istockphoto.com/photo/1234567890', expires_on: '2099-12-31', proof_kind: 'receipt', proof_file: { filename: 'istock-receipt.png', content_base64: receipt.toString('base64') } });
    const secondBody = await second.json();
    expect(second.status, JSON.stringify(secondBody)).toBe(200);
    expect(secondBody.clearance_license).toMatchObject({ coverage_status: 'covered', proof_count: 1, license_id: inClearance.licenses[0].id });
    inClearance = await assetOf(big.id);
    expect(inClearance.coverageStatus).toBe('covered');
    expect(inClearance.licenses).toHaveLength(1);
    expect(inClearance.proofs).toEqual([expect.objectContaining({ kind: 'receipt', sha256: sha256(receipt) })]);
    expect(inClearance.id).toBe(asset.id);

    // A wrong value is refused by WordPress with the reason, and nothing changes in Clearance.
    const bad = await save({ kind: 'stock_royalty_free', expires_on: '31.12.2099' });
    expect(bad.status).toBe(400);
    expect((await assetOf(big.id)).licenses).toHaveLength(1);
  }, 60_000);

  it('the bulk action gives several images one license, with a snapshot of the license page as proof', async () => {
    const extra = await upload('press-photo.jpg', readFileSync(fixturePath('images', 'files', 'IPTC-PhotometadataRef-Std2021.1.jpg')));
    const agency = uploaded['agency-photo.jpg']!.media;
    const ids = [agency.id, extra.media.id];
    // The licence page: any page of the site (on loopback, allowed for this test's host only).
    const result = await wp.inspect('bulk-license', { ids, input: { kind: 'press_kit', licensor: 'Agency press office', proof_url: `${wp.origin}/?page_id=2` } });
    expect(result.error, JSON.stringify(result)).toBeUndefined();
    expect(result.covered.sort()).toEqual(ids.sort());
    const license = await api.call('GET', `/v1/licenses/${result.license_id}`);
    expect(license.body.assets).toHaveLength(2);
    expect(license.body.proofs).toEqual([expect.objectContaining({ kind: 'license_page_snapshot' })]);
    for (const id of ids) expect((await assetOf(id)).coverageStatus).toBe('covered');
  }, 60_000);

  it('deleting the attachment in WordPress marks the asset removed in Clearance', async () => {
    const { media } = await upload('to-delete.jpg', readFileSync(fixturePath('images', 'files', 'ianare_Canon_40D.jpg')));
    expect((await assetOf(media.id)).coverageStatus).toBe('uncovered');
    const res = await wp.rest(`/wp/v2/media/${media.id}?force=true`, { method: 'DELETE' });
    expect(res.status, await res.clone().text()).toBe(200);
    const asset = await assetOf(media.id);
    expect(asset.coverageStatus).toBe('removed');
    expect(asset.removedAt).not.toBeNull();
  }, 60_000);

  it('with Clearance down an upload still succeeds, quickly, and WP-Cron delivers it once Clearance is back', async () => {
    const bytes = readFileSync(fixturePath('images', 'files', 'bep_sunrise.jpg'));
    const normal = await upload('baseline.jpg', bytes);
    await api.stop();
    const down = await upload('while-down.jpg', bytes);
    console.log(`upload with Clearance up: ${normal.ms} ms; with Clearance down: ${down.ms} ms`);
    expect(down.ms).toBeLessThan(Math.max(3000, normal.ms * 2));

    const queued = await wp.inspect('outbox');
    expect(queued.rows).toEqual([expect.objectContaining({ event: 'media.created', attachment_id: String(down.media.id), status: 'pending', attempts: '1' })]);
    expect(queued.rows[0].last_error).toMatch(/refused|connect/i);
    expect(queued.scheduled, 'the retry job is scheduled in WP-Cron').toBeGreaterThan(0);
    const webhookId = queued.rows[0].webhook_id;

    await api.start();
    expect(await assetOf(down.media.id, 0)).toBeNull();
    const t0 = Date.now();
    const after = await wp.inspect('cron');
    console.log(`WP-Cron run delivering the queued upload: ${Date.now() - t0} ms`);
    expect(after.rows).toEqual([]);
    const asset = await assetOf(down.media.id);
    expect(asset, 'delivered by WP-Cron').not.toBeNull();
    expect(asset.urls.map((u: { url: string }) => u.url).sort()).toEqual(urlsOf(down.media));
    expect(asset.sha256).toBe(sha256(bytes));
    // Delivered under the webhook-id it was queued with: a retry whose answer was lost is a replay.
    expect(webhookId).toMatch(/^msg_[0-9a-f]{32}$/);
    const delivery = await api.app.prisma.webhookDelivery.findUnique({ where: { siteId_webhookId: { siteId, webhookId } } });
    expect(delivery).toMatchObject({ event: 'media.created', responseStatus: 200 });
  }, 120_000);

  it('logs no PHP error, warning or notice from the plugin along the way', () => {
    const fromPlugin = wp
      .debugLog()
      .split('\n')
      .filter((line) => /clearance/i.test(line));
    expect(fromPlugin).toEqual([]);
  });
});
