/**
 * Every image of the corpus through the upload pipeline: never a 5xx or a crash; malformed files
 * become assets with the metadata error recorded; what is stored is what the metadata reader read.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRights } from '../src/modules/ingest/metadata/read-rights.ts';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { makeSite } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

const dir = fixturePath('images', 'files');
const files = readdirSync(dir).sort();

let t: TestApp;
let siteId: string;
beforeAll(async () => {
  t = await createTestApp();
  siteId = (await makeSite(t)).id;
});
afterAll(() => t.close());

describe('the corpus through the pipeline', () => {
  it.each(files)('%s', async (file) => {
    const content = readFileSync(join(dir, file));
    const res = await t.http().post(`/v1/sites/${siteId}/assets`).attach('file', content, file);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
    if (res.status === 415) {
      // Only formats outside the accepted image list may be refused.
      expect(res.body.code).toBe('unsupported_type');
      return;
    }
    expect(res.status).toBe(201);
    const asset = res.body;
    const { rights, error } = await readRights(content);
    const { aiGenerated, ...stored } = rights;
    expect(asset.rights).toEqual(stored);
    expect(asset.aiGenerated).toBe(aiGenerated);
    if (file.startsWith('malformed_') && error) expect(asset.metadataError).toContain(error);
    if (!error && !asset.metadataError) expect(asset.phash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('refused nothing but genuinely unsupported formats, and recorded errors for the malformed files', async () => {
    const assets = await t.app.prisma.asset.findMany({ where: { siteId }, select: { filename: true, metadataError: true } });
    const malformed = assets.filter((a) => a.filename.startsWith('malformed_'));
    expect(malformed.length).toBe(files.filter((f) => f.startsWith('malformed_')).length);
    expect(malformed.filter((a) => a.metadataError).length).toBeGreaterThan(0);
    console.log(`corpus: ${assets.length}/${files.length} files became assets; ${assets.filter((a) => a.metadataError).length} with a recorded metadata error`);
  });
});
