/**
 * The dashboard against the real API: sign in, find an uncovered asset, log a license with a PDF
 * proof dropped on the page, see the asset turn covered; a viewer can change nothing, in the page
 * or by calling the API with their own cookie. Needs the production build (`npm run build -w
 * @clearance/web`) and Chromium (helpers/chromium.ts: CHROMIUM_PATH, /usr/bin/chromium or Playwright's own).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRealPart } from '../../../test-support/real-parts.ts';
import { chromiumMissing } from './helpers/chromium';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { launchBrowser, minimalPdf, openPage, outDir, pageOverflows, signIn, startApi, startWeb, type Api, type Web } from './helpers/stack';

const photo = readFileSync(fixturePath('images', 'files', 'ianare_Canon_40D.jpg'));
const viewer = { email: 'viola.viewer@example.org', password: 'look-but-never-touch' };

let api: Api;
let web: Web;
let browser: Browser;
let site: { id: string; name: string };
let asset: { id: string; filename: string };
let licensed: { id: string };
const ownUrl = 'https://www.harbour.example/wp-content/uploads/own-photo.jpg';
const cdnUrl = 'https://cdn.elsewhere.example/wp-content/uploads/own-photo-300x200.jpg';

beforeAll(async () => {
  api = await startApi();
  [web] = await Promise.all([
    startWeb(api.url),
    (async () => {
      site = await api.call('POST', '/v1/sites', { name: 'Harbour blog', baseUrl: 'https://harbour.example' });
      // A real upload, as the WordPress plugin sends it: stored, thumbnailed, its source detected from the name.
      const form = new FormData();
      form.append('title', 'Harbour at dawn');
      form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'iStock-1234567890.jpg');
      const res = await fetch(`${api.url}/v1/sites/${site.id}/assets`, { method: 'POST', headers: { authorization: `Bearer ${api.token}` }, body: form });
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
      asset = await res.json();
      // A second, already licensed asset, so the uncovered filter has something to leave out.
      // Served on the site (as its www. name) and on a CDN host: only the first is the site's own.
      const urls = [{ url: ownUrl, kind: 'original' }, { url: cdnUrl, kind: 'size', sizeName: 'medium' }];
      licensed = await api.call('POST', '/v1/assets', { siteId: site.id, filename: 'own-photo.jpg', mimeType: 'image/jpeg', urls });
      await api.call('POST', '/v1/licenses', { kind: 'own_work', licensor: 'Site owner', assetIds: [licensed.id] });
    })(),
  ]);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await api?.stop();
}, 60_000);

async function context(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 } });
}

describe.runIf(requireRealPart('Chromium', chromiumMissing()))('dashboard', () => {
  let admin: BrowserContext;

  it('signs in through the /api proxy and shows an uncovered asset', async () => {
    admin = await context();
    const { page, problems } = await openPage(admin);

    // Not signed in: any dashboard page leads to sign-in.
    await page.goto(`${web.url}/assets`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await signIn(page, web.url, api.admin);

    // The session cookie came back through the proxy, HttpOnly, for the whole dashboard.
    const cookie = (await admin.cookies()).find((c) => c.name === 'clearance_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

    await expect(page.getByRole('heading', { name: 'Overview', level: 1 }).isVisible()).resolves.toBe(true);
    const uncoveredCard = page.locator('a.status-card-uncovered');
    await expect(uncoveredCard.innerText()).resolves.toMatch(/^1\s+Uncovered/);
    await expect(page.locator('a.status-card-covered').innerText()).resolves.toMatch(/^1\s+Covered/);
    // The chart is drawn from the history endpoint, which now holds today's count.
    await expect(page.locator('figure.chart svg path.area-uncovered').count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: 'Riskiest uncovered assets' }).isVisible()).resolves.toBe(true);

    await Promise.all([page.waitForURL(/\/assets\?status=uncovered/), uncoveredCard.click()]);
    const cards = page.locator('.asset-card');
    await expect(cards.count()).resolves.toBe(1);
    await expect(cards.first().innerText()).resolves.toContain('Harbour at dawn');
    await expect(cards.first().locator('.badge').innerText()).resolves.toBe('Uncovered');
    // The thumbnail is the stored one, served through the proxy with the session cookie.
    const thumb = cards.first().locator('img.thumb');
    await thumb.evaluate((img: HTMLImageElement) => img.decode());
    await expect(thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).resolves.toBeGreaterThan(0);

    // The table view and a search narrow to the same asset.
    await page.goto(`${web.url}/assets?view=table&q=harbour`);
    await expect(page.locator('table.asset-table tbody tr').count()).resolves.toBe(1);
    await page.goto(`${web.url}/assets?q=no-such-image`);
    await expect(page.getByRole('heading', { name: 'No asset matches these filters' }).isVisible()).resolves.toBe(true);

    await page.goto(`${web.url}/assets?status=uncovered`);
    await page.screenshot({ path: path.join(outDir, 'assets-uncovered.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('logs a license with a PDF proof dropped on the page, and the asset turns covered', async () => {
    const { page, problems } = await openPage(admin);
    await page.goto(`${web.url}/assets?status=uncovered`);
    await page.getByRole('checkbox', { name: `Select ${asset.filename}` }).check();
    await Promise.all([page.waitForURL(/\/licenses\/new\?asset=/), page.getByRole('button', { name: 'Log a license for the selected' }).click()]);

    // Pre-filled from the detected source (an iStock file name).
    await expect(page.getByLabel('Kind').inputValue()).resolves.toBe('stock_royalty_free');
    await expect(page.getByLabel('Licensor').inputValue()).resolves.toBe('istock');
    await expect(page.getByLabel('Order or invoice reference').inputValue()).resolves.toBe('1234567890');
    await page.getByLabel('Cost').fill('33.00');
    await page.getByLabel('Currency').fill('EUR');

    // A real drop: a DataTransfer holding a PDF file, dispatched on the drop zone.
    const pdf = minimalPdf('iStock order 1234567890').toString('base64');
    await page.getByTestId('dropzone').evaluate((zone, base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'istock-order-1234567890.pdf', { type: 'application/pdf' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    }, pdf);
    const file = page.getByRole('list', { name: 'Proofs to upload' }).getByRole('listitem');
    await expect(file.innerText()).resolves.toContain('istock-order-1234567890.pdf');
    await expect(page.getByLabel('Kind of istock-order-1234567890.pdf').inputValue()).resolves.toBe('receipt');

    await page.getByRole('button', { name: 'Save license for 1 asset' }).click();
    const result = page.getByRole('status').filter({ hasText: 'License saved' });
    await result.waitFor();
    await expect(page.getByLabel('Upload of istock-order-1234567890.pdf').evaluate((p: HTMLProgressElement) => p.value)).resolves.toBe(1);
    await expect(file.innerText()).resolves.toContain('Uploaded');
    await expect(result.innerText()).resolves.toMatch(/1 proof attached[\s\S]*Covered/);

    // The asset page shows the new state, the license and its proof, downloadable through the proxy.
    await page.goto(`${web.url}/assets/${asset.id}`);
    await expect(page.locator('.lead .badge').innerText()).resolves.toBe('Covered');
    await expect(page.getByRole('region', { name: 'Licenses' }).innerText()).resolves.toMatch(/Stock \(royalty-free\) from istock[\s\S]*33\.00 EUR/);
    const proofLink = page.getByRole('link', { name: 'istock-order-1234567890.pdf' });
    const download = await proofLink.evaluate(async (a: HTMLAnchorElement) => {
      const res = await fetch(a.href);
      return { status: res.status, head: (await res.text()).slice(0, 8) };
    });
    expect(download).toEqual({ status: 200, head: '%PDF-1.4' });
    await expect(page.getByRole('region', { name: 'Detected source' }).innerText()).resolves.toContain('istock');
    await expect(page.getByRole('region', { name: 'History' }).locator('li').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: path.join(outDir, 'asset-covered.png'), fullPage: true });

    // The API agrees, and the overview moved.
    expect((await api.call('GET', `/v1/assets/${asset.id}`)).coverageStatus).toBe('covered');
    await page.goto(`${web.url}/`);
    await expect(page.locator('a.status-card-covered').innerText()).resolves.toMatch(/^2\s+Covered/);

    // Readable at phone width.
    await page.setViewportSize({ width: 375, height: 800 });
    for (const p of ['/', '/assets', `/assets/${asset.id}`, `/licenses/new?asset=${asset.id}`, '/settings']) {
      await page.goto(`${web.url}${p}`);
      expect(await pageOverflows(page), `horizontal scrolling at phone width on ${p}`).toBe(false);
    }
    await page.goto(`${web.url}/`);
    await page.screenshot({ path: path.join(outDir, 'overview-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('opens a claim with a screenshot, confirms the matching asset and downloads the response pack', async () => {
    const { page, problems } = await openPage(admin);
    await page.goto(`${web.url}/claims`);
    await expect(page.getByRole('heading', { name: 'No open claims' }).isVisible()).resolves.toBe(true);
    await page.getByLabel('From').selectOption('pixsy');
    await page.getByLabel('Case reference').fill('PX-2026-0042');
    await page.getByLabel('Amount demanded').fill('450');
    await page.getByLabel('Currency').fill('EUR');
    await Promise.all([page.waitForURL(/\/claims\/[^/]+$/), page.getByRole('button', { name: 'Open claim' }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Pixsy PX-2026-0042');

    // The screenshot the agency sent: here the very image, as claim letters often show it.
    await page.getByLabel('Upload the screenshot').setInputFiles({ name: 'pixsy-screenshot.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByRole('status').filter({ hasText: 'pixsy-screenshot.jpg uploaded' }).waitFor();
    await page.getByRole('link', { name: 'pixsy-screenshot.jpg' }).waitFor();

    await page.getByRole('button', { name: 'Find matching assets' }).click();
    const candidate = page.getByRole('checkbox', { name: `Confirm ${asset.filename}` });
    await candidate.waitFor();
    await expect(page.getByRole('img', { name: 'The image in the claim' }).evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).resolves.toBeGreaterThan(0);
    await candidate.check();
    await page.getByRole('button', { name: 'Confirm the ticked matches' }).click();
    const assessment = page.getByRole('region', { name: 'Assessment' });
    await assessment.waitFor();
    await expect(assessment.innerText()).resolves.toContain(asset.filename);

    const pack = await page.getByRole('link', { name: 'Download the response pack (ZIP)' }).evaluate(async (a: HTMLAnchorElement) => {
      const res = await fetch(a.href);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, type: res.headers.get('content-type'), magic: String.fromCharCode(bytes[0]!, bytes[1]!), size: bytes.length };
    });
    expect(pack).toMatchObject({ status: 200, magic: 'PK' });
    expect(pack.size).toBeGreaterThan(1000);
    await page.screenshot({ path: path.join(outDir, 'claim-workspace.png'), fullPage: true });

    await page.goto(`${web.url}/`);
    await expect(page.getByRole('region', { name: 'Open claims' }).innerText()).resolves.toContain('Pixsy PX-2026-0042');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it("links only the site's own served URLs; another host is shown as text", async () => {
    const { page, problems } = await openPage(admin);
    await page.goto(`${web.url}/assets/${licensed.id}`);
    const servedAt = page.locator('section[aria-labelledby="urls-heading"]');
    await expect(servedAt.locator(`a[href="${ownUrl}"]`).count()).resolves.toBe(1);
    await expect(servedAt.innerText()).resolves.toContain(cdnUrl);
    await expect(servedAt.locator('a').count()).resolves.toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('refuses a cookie-authenticated change without the CSRF header', async () => {
    const { page, problems, expectError, unmet } = await openPage(admin);
    await page.goto(`${web.url}/settings`);
    expectError('PATCH', /^\/api\/v1\/sites\//, 403);
    const res = await page.evaluate(async (id) => {
      const r = await fetch(`/api/v1/sites/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Hijacked' }) });
      return { status: r.status, code: (await r.json()).code };
    }, site.id);
    expect(res).toEqual({ status: 403, code: 'csrf_failed' });
    expect((await api.call('GET', `/v1/sites/${site.id}`)).name).toBe('Harbour blog');
    await page.screenshot({ path: path.join(outDir, 'settings-admin.png'), fullPage: true });
    expect([...problems, ...unmet()]).toEqual([]);
    await page.close();
  }, 30_000);

  it('shows a rotated webhook secret once, to the admin, and only its prefix afterwards', async () => {
    const { page, problems } = await openPage(admin);
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${web.url}/settings`);
    const sites = page.getByRole('region', { name: 'Sites' });
    const before = await sites.innerText();
    expect(before).toMatch(/whsec_\S{4}…/);
    await sites.getByRole('button', { name: 'Rotate secret' }).click();
    const revealed = sites.getByRole('status').filter({ hasText: 'The new signing secret, shown once' });
    const secret = await revealed.locator('code').innerText();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    // The page re-rendered from the server: the new prefix, and the old secret still accepted.
    await sites.getByText(`${secret.slice(0, 10)}…`).waitFor();
    await sites.getByText('1 older secret(s) still accepted').waitFor();

    await page.reload();
    const after = await page.getByRole('region', { name: 'Sites' }).innerText();
    expect(after).toContain(`${secret.slice(0, 10)}…`);
    expect(after).not.toContain(secret);
    expect(JSON.stringify(await api.call('GET', `/v1/sites/${site.id}`))).not.toContain(secret.slice(10));
    expect(problems).toEqual([]);
    await page.close();
  }, 30_000);

  it('lets a viewer look but change nothing, in the page or through the API', async () => {
    await api.call('POST', '/v1/users', { ...viewer, role: 'viewer' }, 201);
    const ctx = await context();
    const { page, problems, expectError, unmet } = await openPage(ctx);
    await signIn(page, web.url, viewer);
    await expect(page.locator('.who').innerText()).resolves.toContain('viewer');

    await page.goto(`${web.url}/assets`);
    await expect(page.locator('.asset-card').count()).resolves.toBe(2);
    await expect(page.getByRole('checkbox').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Log a license/ }).count()).resolves.toBe(0);

    await page.goto(`${web.url}/assets/${asset.id}`);
    await expect(page.getByRole('link', { name: /Log a license|Log one/ }).count()).resolves.toBe(0);
    await page.goto(`${web.url}/licenses/new?asset=${asset.id}`);
    await expect(page.getByRole('main').getByRole('alert').innerText()).resolves.toContain('can look but not change anything');
    await expect(page.locator('form.license-form').count()).resolves.toBe(0);

    await page.goto(`${web.url}/settings`);
    await expect(page.getByRole('button').filter({ hasText: /Rotate|Add|Create|Revoke|Disable/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('heading', { name: 'API tokens' }).count()).resolves.toBe(0);
    await expect(page.getByRole('heading', { name: 'Users' }).count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: 'Sites' }).innerText()).resolves.not.toContain('whsec_');
    // Their own password is theirs to change.
    await page.getByLabel('Current password').fill(viewer.password);
    await page.getByLabel('New password').fill('a-longer-viewer-passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();

    await page.goto(`${web.url}/claims`);
    await expect(page.getByRole('button', { name: 'Open claim' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Pixsy PX-2026-0042' }).click();
    await page.waitForURL(/\/claims\/[^/]+$/);
    await expect(page.getByRole('button').filter({ hasText: /Find matching|Confirm|Record settlement|Change status|Add/ }).count()).resolves.toBe(0);
    await expect(page.getByLabel('Upload the screenshot').count()).resolves.toBe(0);

    // The API refuses the viewer's own cookie and CSRF token, whatever the page shows.
    const before = await api.call('GET', `/v1/assets/${asset.id}`);
    expectError('POST', /^\/api\/v1\/licenses$/, 403);
    expectError('PATCH', /^\/api\/v1\/assets\//, 403);
    expectError('DELETE', /^\/api\/v1\/assets\//, 403);
    const attempts = await page.evaluate(async ({ assetId }) => {
      const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content;
      const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
      const calls = [
        fetch('/api/v1/licenses', { method: 'POST', headers, body: JSON.stringify({ kind: 'other', assetIds: [assetId] }) }),
        fetch(`/api/v1/assets/${assetId}`, { method: 'PATCH', headers, body: JSON.stringify({ title: 'Renamed by a viewer' }) }),
        fetch(`/api/v1/assets/${assetId}`, { method: 'DELETE', headers: { 'x-csrf-token': csrf } }),
      ];
      return Promise.all(calls.map(async (c) => {
        const r = await c;
        return { status: r.status, code: (await r.json()).code };
      }));
    }, { assetId: asset.id });
    expect(attempts).toEqual(Array(3).fill({ status: 403, code: 'forbidden_role' }));
    const after = await api.call('GET', `/v1/assets/${asset.id}`);
    expect(after).toEqual(before);

    await page.goto(`${web.url}/assets/${asset.id}`);
    await page.screenshot({ path: path.join(outDir, 'viewer-asset.png'), fullPage: true });
    expect([...problems, ...unmet()]).toEqual([]);
    await ctx.close();
  }, 60_000);
});
