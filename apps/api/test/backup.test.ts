/**
 * Export a whole instance from PGlite, restore it into an empty PostgreSQL instance: every asset
 * and license reads the same through the API, and every proof downloads byte for byte.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRealPart } from '../../../test-support/real-parts.ts';
import { exportInstance, restoreInstance } from '../src/modules/backup/backup.service.ts';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { dayFromToday } from './helpers/days.ts';
import { minimalPdf } from './helpers/documents.ts';
import { makeAsset, makeLicense, makeSite } from './helpers/factories.ts';
import { postgresReachable, postgresServerUrl } from './helpers/postgres.ts';
import { uploadProof } from './helpers/proofs.ts';
import { createTestApp, downloadBytes, type TestApp } from './helpers/test-app.ts';
import { createTestDatabase } from './helpers/test-database.ts';

const withPostgres = requireRealPart(
  'PostgreSQL',
  (await postgresReachable()) ? null : `no PostgreSQL answers at ${postgresServerUrl} (set TEST_POSTGRES_URL or DATABASE_URL to a server the tests may create databases on)`,
);

const binary = (res: { body: unknown }) => res.body as Buffer;
describe.runIf(withPostgres)('backup and restore, PGlite -> PostgreSQL', () => {
  let source: TestApp;
  let target: TestApp;
  let targetDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const archive = join(mkdtempSync(join(tmpdir(), 'clearance-archive-')), 'instance.tar.gz');

  beforeAll(async () => {
    source = await createTestApp({ databaseUrl: 'pglite:memory' });
    const site = await makeSite(source, 'Blog');
    const a = await makeAsset(source, site.id, { filename: 'iStock-1.jpg', urls: [{ url: 'https://blog.example/wp-content/uploads/iStock-1.jpg', kind: 'original' }], rights: { credit: 'Getty Images' } });
    const b = await makeAsset(source, site.id);
    await makeAsset(source, site.id);
    const stock = await makeLicense(source, [a.id], { cost: 33.5, currency: 'EUR', orderRef: 'INV-1', validFrom: '2020-01-01' });
    await uploadProof(source, stock.id, { content: minimalPdf('invoice one') });
    const permission = await makeLicense(source, [b.id], { kind: 'written_permission', licensor: 'Jane', expiresOn: dayFromToday(20) });
    await uploadProof(source, permission.id, { content: readFileSync(fixturePath('email', 'mikelmail_attachment_pdf.eml')), filename: 'ok.eml', kind: 'permission_email' });
    await source.http().delete(`/v1/assets/${b.id}`).expect(200);

    await exportInstance(source.app.prisma, source.app.blobs, archive);
    targetDb = await createTestDatabase(postgresServerUrl);
    target = await createTestApp({ databaseUrl: targetDb.url });
    await restoreInstance(target.app.prisma, target.app.blobs, archive);
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    await targetDb?.drop();
  });

  it('gives identical API answers for every asset and license', async () => {
    const assets = (await source.http().get('/v1/assets?limit=200').expect(200)).body.items as { id: string }[];
    expect(assets).toHaveLength(3);
    // The restored instance answers the source's own token too: tokens come along.
    for (const { id } of assets) {
      const [before, after] = await Promise.all([source.http().get(`/v1/assets/${id}`), target.http(source.token).get(`/v1/assets/${id}`)]);
      expect(after.status).toBe(200);
      expect(after.body).toEqual(before.body);
    }
    const licenses = (await source.http().get('/v1/licenses').expect(200)).body.items as { id: string }[];
    for (const { id } of licenses) {
      expect((await target.http().get(`/v1/licenses/${id}`)).body).toEqual((await source.http().get(`/v1/licenses/${id}`)).body);
    }
    expect((await target.http().get('/v1/coverage/summary')).body).toEqual((await source.http().get('/v1/coverage/summary')).body);
  });

  it('restores every proof byte for byte, and the audit chain still verifies', async () => {
    const proofs = await source.app.prisma.proof.findMany();
    expect(proofs.length).toBeGreaterThan(2);
    for (const proof of proofs) {
      const [before, after] = await Promise.all([downloadBytes(source, `/v1/proofs/${proof.id}/download`), downloadBytes(target, `/v1/proofs/${proof.id}/download`)]);
      expect(after.status).toBe(200);
      expect(Buffer.compare(binary(after), binary(before))).toBe(0);
    }
    expect((await target.http().get('/v1/audit/verify')).body).toMatchObject({ ok: true, checked: await source.app.prisma.auditEvent.count() });
    // New events continue the restored chain.
    await target.http().post('/v1/sites').send({ name: 'After restore', baseUrl: 'https://after.example' }).expect(201);
    expect((await target.http().get('/v1/audit/verify')).body.ok).toBe(true);
  });

  it('refuses to restore into an instance that has data', async () => {
    await expect(restoreInstance(target.app.prisma, target.app.blobs, archive)).rejects.toThrow(/not empty/);
  });
});
