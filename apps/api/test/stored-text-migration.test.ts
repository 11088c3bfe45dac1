/**
 * The migration that cuts text stored by older instances to today's limits: a row written before
 * the limits (inserted here with raw SQL, as an old instance left it) makes the asset routes answer
 * 500; after the migration's SQL it reads back within the response schema, cut, with a note per
 * cut appended to the notes it already had.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '@clearance/db';
import { textLimits } from '@clearance/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAsset, makeSite } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const migration = readFileSync(join(findProjectRoot(), 'prisma', 'migrations', '20261207113000_cut_stored_text_to_limits', 'migration.sql'), 'utf8');
/** The file's statements one by one (neither backend's driver takes several in one call). */
const statements = migration
  .split(/;\s*\n/)
  .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
  .filter(Boolean);

const chars = (s: string) => [...s].length;

describe('cutting stored text to its limits', () => {
  it('makes over-long rows from older instances readable, cut at a character boundary with notes', async () => {
    const site = await makeSite(t);
    const old = await makeAsset(t, site.id, { filename: 'old-row.jpg' });
    const fine = await makeAsset(t, site.id, { filename: 'fine-row.jpg' });
    const usageTerms = `${'😀'.repeat(10)}${'u'.repeat(textLimits.rightsValue + 5000)}`;
    const title = 't'.repeat(textLimits.title + 1);
    const sizeName = 's'.repeat(textLimits.sizeName + 50);
    const earlier = [{ field: 'rights.creator', keptLength: textLimits.rightsValue, originalLength: 70_000 }];
    const p = t.app.prisma;
    await p.$executeRawUnsafe(
      'UPDATE assets SET usage_terms = $1, title = $2, credit = $3, text_truncations = $4::jsonb WHERE id = $5',
      usageTerms, title, 'c'.repeat(textLimits.rightsValue), JSON.stringify(earlier), old.id,
    );
    await p.$executeRawUnsafe(
      `INSERT INTO asset_urls (id, asset_id, url, kind, size_name) VALUES (gen_random_uuid()::text, $1, 'https://blog.example/old-row-150x150.jpg', 'size', $2)`,
      old.id, sizeName,
    );
    // What an upgraded instance answered before the migration: the row breaks its response schema.
    expect((await t.http().get(`/v1/assets/${old.id}`)).status).toBe(500);
    expect((await t.http().get(`/v1/assets?siteId=${site.id}`)).status).toBe(500);

    for (const statement of statements) await p.$executeRawUnsafe(statement);

    const list = await t.http().get(`/v1/assets?siteId=${site.id}&limit=200`).expect(200);
    const listed = list.body.items.find((a: { id: string }) => a.id === old.id);
    const one = (await t.http().get(`/v1/assets/${old.id}`).expect(200)).body;
    expect(listed.rights.usageTerms).toBe(one.rights.usageTerms);
    expect(chars(one.rights.usageTerms)).toBe(textLimits.rightsValue);
    expect(one.rights.usageTerms).toBe([...usageTerms].slice(0, textLimits.rightsValue).join(''));
    expect(one.title).toBe(title.slice(0, textLimits.title));
    // At the limit exactly is not cut.
    expect(one.rights.credit).toHaveLength(textLimits.rightsValue);
    expect(one.urls.find((u: { url: string }) => u.url.endsWith('old-row-150x150.jpg')).sizeName).toBe(sizeName.slice(0, textLimits.sizeName));
    expect(one.truncatedText).toEqual([
      ...earlier,
      { field: 'urls.sizeName', keptLength: textLimits.sizeName, originalLength: chars(sizeName) },
      { field: 'rights.usageTerms', keptLength: textLimits.rightsValue, originalLength: chars(usageTerms) },
      { field: 'title', keptLength: textLimits.title, originalLength: chars(title) },
    ]);
    // A row within its limits is left as it was.
    expect((await t.http().get(`/v1/assets/${fine.id}`).expect(200)).body.truncatedText).toEqual([]);

    // Running it again changes nothing.
    for (const statement of statements) await p.$executeRawUnsafe(statement);
    expect((await t.http().get(`/v1/assets/${old.id}`).expect(200)).body).toEqual(one);
  });
});
