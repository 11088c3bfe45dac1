/**
 * Issue 16, points 7 and 9: what a lawyer looks for in the response pack, read back from the ZIP
 * downloaded through the public API. How each image was identified (the matched region cropped and
 * enlarged), license-page snapshots with their capture facts, their age against the upload and the
 * first use, and an offline rendering by Chromium; e-mail permissions with sender, date, subject and
 * the permission as written; attribution terms; license dates and first use on one timeline; our
 * evidence apart from the claimant's material, the letter's logos and tracking pixels not stored;
 * metadata that contradicts the claimed source; a German pack in German throughout.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { readPdf } from './claims-pack/pdf-text.ts';
import { readZip } from './claims-pack/zip-reader.ts';
import { jpegWithMetadata } from './helpers/long-metadata-jpeg.ts';
import { createTestApp, downloadBytes, type TestApp } from './helpers/test-app.ts';
import { attachmentEvent, multipartDelivery, sendWebhook } from './helpers/webhooks.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pad = (n: number) => String(n).padStart(2, '0');

/** The site and the license pages: serves `files`, counts every request, 404 otherwise. */
function startServer() {
  const files = new Map<string, { type: string; body: Buffer | string }>();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '/');
    const file = files.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!file) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': file.type });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  return { files, requests, server };
}

type Env = { t: TestApp; base: string; site: { id: string; secret: string }; files: Map<string, { type: string; body: Buffer | string }>; requests: string[]; server: Server };

async function setUp(name: string, env: { chromiumPath?: string } = {}): Promise<Env> {
  const { files, requests, server } = startServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const t = await createTestApp({ outboundAllowPrivateHosts: [new URL(base).host], ...(env.chromiumPath ? { chromiumPath: env.chromiumPath } : {}) });
  const res = await t.http().post('/v1/sites').send({ name, baseUrl: base }).expect(201);
  return { t, base, site: { id: res.body.id, secret: res.body.webhookSecret }, files, requests, server };
}

async function tearDown(env: Env | undefined) {
  await env?.t.close();
  env?.server.closeAllConnections();
  await new Promise((resolve) => env?.server.close(resolve));
}

/** Uploads an image through the signed webhook as WordPress would, with the upload time WordPress reports. */
async function ingest(env: Env, cmsId: number, name: string, content: Buffer, uploadedAt: string) {
  const url = `${env.base}/wp-content/uploads/${name}.jpg`;
  env.files.set(new URL(url).pathname, { type: 'image/jpeg', body: content });
  const attachment = { id: cmsId, date: uploadedAt, source_url: url, mime_type: 'image/jpeg', media_details: { width: 1024, height: 683, sizes: {} } };
  const res = await sendWebhook(env.t, env.site.id, multipartDelivery(attachmentEvent('media.created', attachment), content, `${name}.jpg`), { secret: env.site.secret });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { id: res.body.assetId as string, url };
}

/** A claimant's screenshot: the picture scaled to `width` and pasted at (left, top) on a white 1280 x 900 "web page" with a dark header. */
async function pageScreenshot(picture: Buffer, place: { left: number; top: number; width: number }) {
  const pasted = await sharp(picture).rotate().resize({ width: place.width }).png().toBuffer();
  const { height } = await sharp(pasted).metadata();
  const header = await sharp({ create: { width: 1280, height: 90, channels: 3, background: '#203040' } }).png().toBuffer();
  const png = await sharp({ create: { width: 1280, height: 900, channels: 3, background: '#ffffff' } })
    .composite([
      { input: header, left: 0, top: 0 },
      { input: pasted, left: place.left, top: place.top },
    ])
    .png()
    .toBuffer();
  return { png, box: { ...place, height: height } };
}

async function downloadPack(t: TestApp, claimId: string, language?: 'de') {
  const res = await downloadBytes(t, `/v1/claims/${claimId}/pack${language ? `?language=${language}` : ''}`);
  expect(res.status).toBe(200);
  const entries = readZip(res.body as Buffer);
  const byName = new Map(entries.map((e) => [e.name, e.data]));
  const manifest = JSON.parse(byName.get('manifest.json')!.toString('utf8')) as {
    format: string;
    files: { path: string; sha256: string; bytes: number; kind: string; proofId?: string; assetId?: string; origin?: string }[];
  };
  expect(manifest.files.map((f) => f.path).sort()).toEqual([...byName.keys()].filter((n) => n !== 'manifest.json').sort());
  for (const f of manifest.files) expect(sha256(byName.get(f.path)!), f.path).toBe(f.sha256);
  const summary = await readPdf(byName.get('summary.pdf')!);
  return { manifest, byName, summary };
}

/** The UTC day `years` and `months` before today, on a day of the month no later than today's (so the distance is exact in years and months). */
function monthsAgo(years: number, months: number): { day: string; date: Date } {
  const now = new Date();
  const date = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth() - months, Math.min(now.getUTCDate(), 28)));
  return { day: `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`, date };
}

const licensePage = (marker: string) =>
  '<!doctype html><html><head><title>Pexels License</title><link rel="stylesheet" href="/style.css">' +
  '<script>document.documentElement.innerHTML = "SCRIPT RAN";</script></head>' +
  `<body><h1>Pexels License</h1><p>All photos on Pexels are free to use. ${marker}</p>` +
  '<img src="/hero.jpg" alt=""><img src="http://tracker.example/pixel.gif" alt=""><iframe src="http://ads.example/frame"></iframe></body></html>';

// Each pack starts Chromium to render the snapshot: on a loaded two-core machine that alone can take most of vitest's default 30 s.
vi.setConfig({ testTimeout: 90_000 });

describe('response pack evidence (English)', () => {
  let env: Env;
  beforeAll(async () => {
    env = await setUp('Harbour Blog');
  });
  afterAll(() => tearDown(env));

  it('shows how the image was found, the snapshot with its age and rendering, attribution, the timeline, and metadata contradicting the source', async () => {
    const { t, base, files, requests } = env;
    // The file says it is A. Webb's photo from 2008; the license claims it is a Pexels photo by Mark Stone.
    const picture = jpegWithMetadata({ xmp: { creator: 'A. Webb', copyrightNotice: '© 2008 A. Webb' } });
    const uploaded = monthsAgo(3, 2);
    const asset = await ingest(env, 301, 'harbour-sunset', picture, `${uploaded.day}T09:00:00`);
    const firstUse = monthsAgo(1, 0);
    await t.app.prisma.usage.create({ data: { assetId: asset.id, pageUrl: `${base}/2024/harbour-walk/`, firstSeenAt: firstUse.date, lastSeenAt: new Date() } });

    const license = (
      await t
        .http()
        .post('/v1/licenses')
        .send({
          kind: 'free_license_site',
          licensor: 'Pexels',
          sourceUrl: `${base}/photo/harbour-sunset-by-mark-stone-4411`,
          obtainedOn: uploaded.day,
          attributionRequired: true,
          attributionText: 'Photo by Mark Stone on Pexels',
          assetIds: [asset.id],
        })
        .expect(201)
    ).body;
    files.set('/license', { type: 'text/html; charset=utf-8', body: licensePage('Captured for the record.') });
    const snapshot = (await t.http().post(`/v1/licenses/${license.id}/proofs/snapshot`).send({ url: `${base}/license` }).expect(201)).body;

    const claimId = (await t.http().post('/v1/claims').send({ agency: 'pixsy', caseRef: 'PX-7001', receivedOn: '2026-11-20', amount: 450, currency: 'EUR' }).expect(201)).body.id;
    const shot = await pageScreenshot(picture, { left: 80, top: 200, width: 600 });
    const screenshot = (await t.http().post(`/v1/claims/${claimId}/proofs`).field('kind', 'screenshot').attach('file', shot.png, 'pixsy-screenshot.png').expect(201)).body;
    const candidates = (await t.http().post(`/v1/claims/${claimId}/match`).expect(200)).body;
    const found = candidates.items.find((c: { asset: { id: string } }) => c.asset.id === asset.id);
    expect(found).toMatchObject({ method: 'phash' });
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [asset.id] }).expect(200);

    const before = requests.length;
    const { manifest, byName, summary } = await downloadPack(t, claimId);
    // Rendering is offline: nothing was asked of any server while the pack was made (no style sheet, image, frame or pixel).
    expect(requests.slice(before)).toEqual([]);
    expect(manifest.format).toBe('clearance-claim-response-pack/2');

    // Our evidence and the claimant's material in separate folders.
    const snapshotEntry = manifest.files.find((f) => f.kind === 'proof' && f.proofId === snapshot.id)!;
    expect(snapshotEntry).toMatchObject({ origin: 'ours' });
    expect(snapshotEntry.path).toMatch(/^our-evidence\/license_page_snapshot\/[^/]+\.html$/);
    const screenshotEntry = manifest.files.find((f) => f.kind === 'proof' && f.proofId === screenshot.id)!;
    expect(screenshotEntry).toMatchObject({ origin: 'claimant' });
    expect(screenshotEntry.path).toMatch(/^claimant-material\/screenshot\//);
    expect(manifest.files.filter((f) => f.kind === 'claim_image').map((f) => f.path)).toEqual(['claimant-material/claim-image.png']);

    // The rendering: the stored copy, without its script, next to the snapshot.
    const rendering = manifest.files.find((f) => f.kind === 'snapshot_rendering')!;
    expect(rendering).toMatchObject({ proofId: snapshot.id });
    expect(rendering.path).toBe(snapshotEntry.path.replace(/\.html$/, '.rendering.pdf'));
    const rendered = await readPdf(byName.get(rendering.path)!);
    expect(rendered.text).toContain('All photos on Pexels are free to use. Captured for the record.');
    expect(rendered.text).not.toContain('SCRIPT RAN');

    // The matched region, cropped from the claimant's screenshot and enlarged.
    const region = manifest.files.find((f) => f.kind === 'matched_region')!;
    expect(region).toMatchObject({ assetId: asset.id, path: 'identification/asset-1-matched-region.png' });
    const crop = await sharp(byName.get(region.path)).metadata();
    expect(crop.width).toBeGreaterThanOrEqual(850);
    expect(Math.abs(crop.width / crop.height - shot.box.width / shot.box.height)).toBeLessThan(0.05);

    const text = summary.text;
    const compact = summary.compact;
    expect(text).toContain('How the image was identified');
    expect(text).toContain('Method: perceptual hash: the pictures look the same');
    expect(text).toMatch(/Distance: \d+ of 64 bits differ/);
    const at = /Found in pixsy-screenshot\.png \(1280 x 900 px\) at x (\d+), y (\d+), (\d+) x (\d+) px, shown enlarged/.exec(text.replace(/\s+/g, ' '));
    expect(at, 'region described').not.toBeNull();
    const [x, y, w, h] = at!.slice(1).map(Number) as [number, number, number, number];
    for (const [got, want] of [[x, shot.box.left], [y, shot.box.top], [w, shot.box.width], [h, shot.box.height]] as const) expect(Math.abs(got - want)).toBeLessThanOrEqual(6);
    expect(compact).toContain('Inthispack:identification/asset-1-matched-region.png');

    // The snapshot: address, capture time, status, rendering; and how old it is against the upload and the first use.
    expect(compact).toContain(`Pageaddress:${base}/license`.replace(/\s+/g, ''));
    expect(text).toMatch(/Captured: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    expect(text).toContain('HTTP status: 200');
    expect(compact).toContain(`Rendering:${rendering.path}`.replace(/\s+/g, ''));
    expect(text.replace(/\s+/g, ' ')).toContain('taken 3 years 2 months after the upload; taken 1 year after the first recorded use');
    expect(text.replace(/\s+/g, ' ')).toContain('Taken long after the image was obtained or first used');

    // Metadata that contradicts the claimed source, both fields that name A. Webb.
    expect(text.replace(/\s+/g, ' ')).toContain(`The file's Creator says "A. Webb", but the license names "Pexels".`);
    expect(text.replace(/\s+/g, ' ')).toContain(`The file's Copyright notice says "© 2008 A. Webb", but the license names "Pexels".`);

    // Attribution terms and the license timeline, in date order.
    expect(text).toContain('Attribution: required: "Photo by Mark Stone on Pexels"');
    const timeline = text.slice(text.indexOf('License dates and first use'));
    // The license was obtained on the upload day (a day, so before the upload's time of day).
    const order = [`license obtained: free-license site, Pexels`, 'uploaded', 'first use recorded', 'claimed use', 'license page snapshot taken'].map((s) => timeline.indexOf(s));
    expect(order.every((i) => i >= 0), JSON.stringify(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('does not flag metadata that agrees with the license, and makes no region for an asset confirmed by hand', async () => {
    const { t } = env;
    const picture = jpegWithMetadata({ xmp: { creator: 'Mark Stone', credit: 'Photo: Pexels' } });
    const asset = await ingest(env, 302, 'agreeing-metadata', picture, '2026-01-05T10:00:00');
    await t.http().post('/v1/licenses').send({ kind: 'free_license_site', licensor: 'Pexels', attributionText: 'Photo by Mark Stone on Pexels', assetIds: [asset.id] }).expect(201);
    const claimId = (await t.http().post('/v1/claims').send({ agency: 'other', receivedOn: '2026-11-20' }).expect(201)).body.id;
    // The claimant's image is some other picture: the asset is confirmed by hand.
    await t.http().post(`/v1/claims/${claimId}/proofs`).field('kind', 'screenshot').attach('file', readFileSync(fixturePath('phash', 'distractors', 'wp_2004-07-22-DSC_0007.jpg')), 'other.jpg').expect(201);
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [asset.id] }).expect(200);
    const { manifest, summary } = await downloadPack(t, claimId);
    expect(summary.text).not.toContain('Metadata that contradicts the claimed source');
    expect(summary.text).toContain('Method: confirmed by hand, no automatic match');
    expect(manifest.files.some((f) => f.kind === 'matched_region')).toBe(false);
  });
});

describe('response pack without Chromium', () => {
  let env: Env;
  beforeAll(async () => {
    env = await setUp('No Browser Blog', { chromiumPath: '/nonexistent/chromium-for-this-test' });
  });
  afterAll(() => tearDown(env));

  it('says there is no rendering instead of one, and still ships the snapshot', async () => {
    const { t, base, files } = env;
    const asset = await ingest(env, 401, 'no-browser', readFileSync(fixturePath('phash', 'originals', 'wp_canola.jpg')), '2026-02-01T08:00:00');
    const license = (await t.http().post('/v1/licenses').send({ kind: 'free_license_site', licensor: 'Pexels', assetIds: [asset.id] }).expect(201)).body;
    files.set('/license', { type: 'text/html', body: licensePage('No browser here.') });
    const snapshot = (await t.http().post(`/v1/licenses/${license.id}/proofs/snapshot`).send({ url: `${base}/license` }).expect(201)).body;
    const claimId = (await t.http().post('/v1/claims').send({ agency: 'other', receivedOn: '2026-11-20' }).expect(201)).body.id;
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [asset.id] }).expect(200);
    const { manifest, summary } = await downloadPack(t, claimId);
    expect(manifest.files.some((f) => f.kind === 'snapshot_rendering')).toBe(false);
    expect(manifest.files.find((f) => f.proofId === snapshot.id)?.path).toMatch(/^our-evidence\/license_page_snapshot\//);
    expect(summary.text.replace(/\s+/g, ' ')).toContain('Rendering: No rendering: Chromium is not installed at /nonexistent/chromium-for-this-test (set CHROMIUM_PATH)');
  });
});

/** A permission e-mail as the photographer sent it, with a quoted earlier message and a signature. */
function permissionEmail() {
  return [
    'From: =?UTF-8?Q?J=C3=BCrgen_Wei=C3=9F?= <juergen@weiss-foto.example>',
    'To: redaktion@baeckerei-blog.example',
    'Date: Sat, 14 Mar 2026 09:12:00 +0000',
    'Subject: =?UTF-8?Q?Re:_Foto_Hafen_im_Nebel?=',
    'Message-ID: <perm-1@weiss-foto.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Hallo Frau Müller,',
    '',
    'Sie dürfen das Foto „Hafen im Nebel“ gerne auf Ihrem Blog verwenden. Bitte nennen Sie als Bildnachweis „Foto: Jürgen Weiß“.',
    '',
    'Viele Grüße',
    'Jürgen',
    '',
    '> Dürfen wir Ihr Foto verwenden?',
    '-- ',
    'Jürgen Weiß Fotografie',
    '',
  ].join('\r\n');
}

/** A claim letter as an HTML e-mail: a remote tracking pixel, an inline logo, and the screenshot attached. */
async function claimLetterEmail(screenshot: Buffer, assetUrl: string) {
  const logo = await sharp({ create: { width: 120, height: 40, channels: 3, background: '#c00000' } }).png().toBuffer();
  const pixel = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ffffff' } }).png().toBuffer();
  const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');
  const html =
    `<html><body><img src="cid:logo@agency"><p>Sehr geehrte Damen und Herren,</p><p>auf ${assetUrl} wird ein Bild unserer Mandantin ohne Lizenz genutzt. ` +
    'Aktenzeichen CT-DE-5521. Wir fordern 300,00 EUR.</p><img src="https://track.agency.example/open.gif?id=5521" width="1" height="1"></body></html>';
  return [
    'From: Copytrack <claims@copytrack.example>',
    'To: redaktion@baeckerei-blog.example',
    'Date: Fri, 20 Nov 2026 08:00:00 +0000',
    'Subject: Bildnutzung ohne Lizenz CT-DE-5521',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '--rel',
    'Content-Type: image/png',
    'Content-ID: <logo@agency>',
    'Content-Disposition: inline; filename="logo.png"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(logo),
    '--rel',
    'Content-Type: image/png',
    'Content-ID: <pixel@agency>',
    'Content-Disposition: inline; filename="pixel.png"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(pixel),
    '--rel--',
    '--outer',
    'Content-Type: image/png',
    'Content-Disposition: attachment; filename="beweis-screenshot.png"',
    'Content-Transfer-Encoding: base64',
    '',
    b64(screenshot),
    '--outer--',
    '',
  ].join('\r\n');
}

describe('response pack in German, with an e-mail permission and an e-mailed claim letter', () => {
  let env: Env;
  beforeAll(async () => {
    env = await setUp('Bäckerei Müller Blog');
  });
  afterAll(() => tearDown(env));

  it('is German throughout, quotes the permission with sender and date, and keeps the claimant letter apart without its logo and pixel', async () => {
    const { t } = env;
    // The file names the photographer who gave the permission: nothing contradicts the claimed source.
    const picture = jpegWithMetadata({ xmp: { creator: 'Jürgen Weiß', copyrightNotice: '© 2026 Jürgen Weiß' } });
    const asset = await ingest(env, 501, 'hafen-im-nebel', picture, '2026-03-15T10:00:00');
    const license = (
      await t
        .http()
        .post('/v1/licenses')
        .send({ kind: 'written_permission', licensor: 'Jürgen Weiß', obtainedOn: '2026-03-14', attributionRequired: true, attributionText: 'Foto: Jürgen Weiß', assetIds: [asset.id] })
        .expect(201)
    ).body;
    const email = (await t.http().post(`/v1/licenses/${license.id}/proofs`).field('kind', 'permission_email').attach('file', Buffer.from(permissionEmail()), 'erlaubnis.eml').expect(201)).body;

    const claimId = (await t.http().post('/v1/claims').send({ agency: 'copytrack', caseRef: 'CT-DE-5521', receivedOn: '2026-11-20', deadlineOn: '2026-12-04', amount: 300, currency: 'EUR' }).expect(201)).body.id;
    const shot = await pageScreenshot(picture, { left: 300, top: 150, width: 500 });
    const letter = (
      await t.http().post(`/v1/claims/${claimId}/letter`).attach('file', Buffer.from(await claimLetterEmail(shot.png, asset.url)), 'copytrack-schreiben.eml').expect(201)
    ).body;
    // Only the screenshot was kept with the letter: the logo and the pixel are not stored at all.
    const letterProof = (await t.http().get(`/v1/proofs/${letter.letter.id}`).expect(200)).body;
    expect(letterProof.attachments.map((a: { filename: string; kind: string }) => [a.filename, a.kind])).toEqual([['beweis-screenshot.png', 'screenshot']]);
    const logoSha = sha256(await sharp({ create: { width: 120, height: 40, channels: 3, background: '#c00000' } }).png().toBuffer());
    expect(await t.app.prisma.blob.count({ where: { sha256: logoSha } })).toBe(0);

    await t.http().post(`/v1/claims/${claimId}/match`).expect(200);
    await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [asset.id] }).expect(200);
    const { manifest, summary } = await downloadPack(t, claimId, 'de');

    const pathOf = (proofId: string) => manifest.files.find((f) => f.kind === 'proof' && f.proofId === proofId)?.path;
    expect(pathOf(email.id)).toMatch(/^our-evidence\/permission_email\/erlaubnis\.eml$/);
    expect(pathOf(letter.letter.id)).toMatch(/^claimant-material\/claim_letter\/copytrack-schreiben\.eml$/);
    expect(pathOf(letterProof.attachments[0].id)).toMatch(/^claimant-material\/screenshot\/beweis-screenshot\.png$/);
    expect(manifest.files.filter((f) => f.path.startsWith('our-evidence/')).map((f) => f.proofId)).toEqual([email.id]);

    const text = summary.text.replace(/\s+/g, ' ');
    expect(text).toContain('Zusammenfassung zur Forderung');
    expect(text).toContain('Geforderter Betrag: 300,00 €');
    expect(text).toContain('Schreiben erhalten: 20.11.2026');
    expect(text).toContain('Frist: 04.12.2026');
    expect(text).toContain('Wie das Bild zugeordnet wurde');
    expect(text).toContain('Von: Jürgen Weiß <juergen@weiss-foto.example>');
    expect(text).toContain('Datum: 14.03.2026, 09:12:00 UTC');
    expect(text).toContain('Betreff: Re: Foto Hafen im Nebel');
    expect(text).toContain(
      'Jürgen Weiß <juergen@weiss-foto.example> schrieb am 14.03.2026, 09:12:00 UTC: „Sie dürfen das Foto „Hafen im Nebel“ gerne auf Ihrem Blog verwenden.“',
    );
    expect(text).toContain('Bitte nennen Sie als Bildnachweis „Foto: Jürgen Weiß“.');
    expect(text).not.toContain('Dürfen wir Ihr Foto verwenden'); // the quoted question is not the permission
    expect(text).toContain('Namensnennung: erforderlich: „Foto: Jürgen Weiß“');
    expect(text).toContain('Erworben: 14.03.2026');
    expect(text).toContain('Lizenzdaten und erste Nutzung 14.03.2026: Lizenz erworben: schriftliche Erlaubnis, Jürgen Weiß 15.03.2026, 10:00:00 UTC: hochgeladen');
    expect(text).toMatch(/Gefunden in beweis-screenshot\.png \(1280 x 900 px\) bei x \d+, y \d+, \d+ x \d+ px, \d+(,\d)?-fach vergrößert/);
    expect(text).toContain('Statusänderung (jetzt zugeordnet): Bilder bestätigt');
    expect(text).toContain('Urheber: Jürgen Weiß');
    expect(text).not.toContain('widersprechen');
    expect(text).toContain('Unsere Nachweise (1)');
    expect(text).toContain('Unterlagen der Gegenseite (2)');
    expect(text).toContain('Anlage zu: copytrack-schreiben.eml');
    expect(text).toMatch(/Seite 1 von \d+/);

    // No English boilerplate anywhere in the German summary.
    const english = [
      'Claim response summary', 'Case details', 'Case reference', 'Recommended stance', 'How the image was identified', 'Method', 'Distance',
      'Stored image', 'Claimant image', 'Rights metadata', 'Served under', 'Licenses held', 'License dates', 'first use', 'Usage', 'Our evidence',
      "Claimant's material", 'Timeline', 'Integrity', 'Generated', 'generated', 'page 1 of', 'Uploaded', 'uploaded', 'Attachment of', 'Attached to',
      'Permission as written', 'wrote on', 'Subject:', 'From:', 'Date:', 'Attribution', 'required', 'Valid', 'perpetual', 'Obtained',
      'claim letter received', 'deadline', 'Type and size', 'bytes', 'In this pack', 'Backs license', 'Status:', 'Agency', 'Amount',
      'No license', 'first seen', 'last seen', 'EUR', 'Assets confirmed', 'now matched',
    ];
    for (const phrase of english) expect(text, phrase).not.toContain(phrase);
  });
});
