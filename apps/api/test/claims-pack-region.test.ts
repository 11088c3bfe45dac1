/**
 * The matched region when it cannot be shown: the claim was matched by perceptual hash on one
 * screenshot, which was later withdrawn, and the claimant screenshot left in the claim does not hold
 * the stored picture (or is cut off and cannot be decoded). The pack still builds, ships no region, and
 * its summary says the picture could not be located instead of pointing at a crop.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { readPdf } from './claims-pack/pdf-text.ts';
import { readZip } from './claims-pack/zip-reader.ts';
import { createTestApp, downloadBytes, type TestApp } from './helpers/test-app.ts';
import { createSite, ingestUpload, type WordPressSite } from './helpers/wordpress-site.ts';

const phash = (...p: string[]) => readFileSync(fixturePath('phash', ...p));

let t: TestApp;
let site: WordPressSite;

beforeAll(async () => {
  t = await createTestApp();
  site = await createSite(t, 'Harbour Blog', 'https://harbour-blog.example');
});

afterAll(async () => {
  await t?.close();
});

async function attachScreenshot(claimId: string, content: Buffer, filename: string) {
  const res = await t.http().post(`/v1/claims/${claimId}/proofs`).field('kind', 'screenshot').attach('file', content, filename);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

/** A claim matched by perceptual hash on a screenshot that is then withdrawn; `replacement` is the claimant image left. */
async function claimWithReplacedScreenshot(cmsId: number, caseRef: string, replacement: { content: Buffer; filename: string }) {
  const asset = await ingestUpload(t, site, { cmsId, folder: '2026/03', name: `sunrise-${cmsId}`, content: phash('originals', 'bep_sunrise.jpg'), date: '2026-03-14T09:00:00', scaled: true });
  const claimId = (await t.http().post('/v1/claims').send({ agency: 'pixsy', caseRef, receivedOn: '2026-11-20', amount: 450, currency: 'EUR' }).expect(201)).body.id as string;
  const first = await attachScreenshot(claimId, phash('variants', 'p01_screenshot.png'), 'pixsy-screenshot.png');
  const candidates = (await t.http().post(`/v1/claims/${claimId}/match`).expect(200)).body;
  // Both tests ingest the same photo: each claim confirms its own copy, found by perceptual hash.
  expect(candidates.items.find((c: { asset: { id: string } }) => c.asset.id === asset.id)).toMatchObject({ method: 'phash' });
  await t.http().put(`/v1/claims/${claimId}/matches`).send({ assetIds: [asset.id] }).expect(200);
  await t.http().delete(`/v1/proofs/${first.id}`).expect(200);
  await attachScreenshot(claimId, replacement.content, replacement.filename);
  return { claimId, asset };
}

async function pack(claimId: string) {
  const res = await downloadBytes(t, `/v1/claims/${claimId}/pack`);
  expect(res.status, String(res.body)).toBe(200);
  const byName = new Map(readZip(res.body as Buffer).map((e) => [e.name, e.data]));
  const manifest = JSON.parse(byName.get('manifest.json')!.toString('utf8')) as { files: { path: string; kind: string }[] };
  const summary = await readPdf(byName.get('summary.pdf')!);
  return { manifest, text: summary.text.replace(/\s+/g, ' ') };
}

describe('matched region that cannot be located', () => {
  it('a claimant screenshot that does not hold the stored picture: no region, and the summary says so', async () => {
    const { claimId } = await claimWithReplacedScreenshot(401, 'PX-REGION-1', { content: phash('originals', 'wp_canola.jpg'), filename: 'other-picture.jpg' });
    const { manifest, text } = await pack(claimId);
    expect(manifest.files.some((f) => f.kind === 'matched_region')).toBe(false);
    expect(manifest.files.some((f) => f.kind === 'claim_image')).toBe(true);
    expect(text).toContain('The picture could not be located inside the claimant image; the whole claimant image is shown.');
    expect(text).not.toMatch(/Found in other-picture\.jpg/);
  });

  it('a claimant screenshot cut off after its header (accepted as a PNG, but it cannot be decoded): the pack is still made and says so', async () => {
    const truncated = phash('variants', 'p01_screenshot.png').subarray(0, 4096);
    const { claimId } = await claimWithReplacedScreenshot(402, 'PX-REGION-2', { content: truncated, filename: 'cut-off.png' });
    const { manifest, text } = await pack(claimId);
    expect(manifest.files.some((f) => f.kind === 'matched_region')).toBe(false);
    expect(text).toContain('The picture could not be located inside the claimant image');
  });
});
