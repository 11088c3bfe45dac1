import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAsset, makeLicense, makeSite, makeSiteToken } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const verify = async () => (await t.http().get('/v1/audit/verify').expect(200)).body;

describe('audit trail', () => {
  it('records who changed what, before and after, for sites, assets and licenses', async () => {
    const site = await makeSite(t);
    const asset = await makeAsset(t, site.id);
    await t.http().patch(`/v1/assets/${asset.id}`).send({ title: 'Renamed' }).expect(200);
    const license = await makeLicense(t, [asset.id]);
    await t.http().patch(`/v1/licenses/${license.id}`).send({ orderRef: 'INV-9' }).expect(200);
    await t.http().delete(`/v1/assets/${asset.id}`).expect(200);

    const history = (await t.http().get(`/v1/audit/events?entityType=asset&entityId=${asset.id}`).expect(200)).body.items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['remove', 'update', 'create']);
    expect(history[1]).toMatchObject({ before: { title: null }, after: { title: 'Renamed' } });
    expect(history[0].actor).toMatch(/^token:/);
    const licenseHistory = (await t.http().get(`/v1/audit/events?entityType=license&entityId=${license.id}`).expect(200)).body.items;
    expect(licenseHistory[0]).toMatchObject({ action: 'update', before: { orderRef: null }, after: { orderRef: 'INV-9', assetIds: [asset.id] } });
    const siteEvents = (await t.http().get(`/v1/audit/events?entityType=site&entityId=${site.id}`).expect(200)).body.items;
    // The signing secret never enters the trail (it cannot be taken out of a hash chain); its prefix may.
    expect(site.webhookSecret).toMatch(/^whsec_/);
    expect(JSON.stringify(siteEvents)).not.toContain(site.webhookSecret.slice('whsec_'.length + 4));
  });

  it('keeps one unbroken chain under concurrent writes', async () => {
    const site = await makeSite(t);
    await Promise.all(Array.from({ length: 12 }, () => makeAsset(t, site.id)));
    expect(await verify()).toMatchObject({ ok: true, firstBroken: null });
  });

  it("shows a site-scoped token only its site's events, and only an instance token may verify", async () => {
    const mine = await makeSite(t);
    const other = await makeSite(t);
    const token = await makeSiteToken(t, mine.id);
    await makeAsset(t, other.id);
    const events = (await t.http(token).get('/v1/audit/events?limit=200').expect(200)).body.items as { siteId: string }[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.siteId === mine.id)).toBe(true);
    expect((await t.http(token).get('/v1/audit/verify').expect(403)).body.code).toBe('forbidden');
  });

  it('detects an edited event, naming it', async () => {
    const before = await verify();
    expect(before.ok).toBe(true);
    const victim = await t.app.prisma.auditEvent.findFirstOrThrow({ where: { entityType: 'license', action: 'update' } });
    await t.app.prisma.$executeRawUnsafe(`UPDATE audit_events SET after = jsonb_set(after, '{orderRef}', '"FORGED"') WHERE seq = ${victim.seq}`);
    expect(await verify()).toMatchObject({ ok: false, firstBroken: { seq: String(victim.seq), reason: 'hash_mismatch' } });
    await t.app.prisma.$executeRawUnsafe(`UPDATE audit_events SET after = jsonb_set(after, '{orderRef}', '"INV-9"') WHERE seq = ${victim.seq}`);
    expect((await verify()).ok).toBe(true);
  });

  it('detects a deleted event at the one after it', async () => {
    const events = await t.app.prisma.auditEvent.findMany({ orderBy: { seq: 'asc' }, take: 4 });
    await t.app.prisma.$executeRawUnsafe(`DELETE FROM audit_events WHERE seq = ${events[2]!.seq}`);
    expect(await verify()).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: String(events[3]!.seq), reason: 'prev_hash_mismatch' } });
  });
});

describe('npm run audit:verify', () => {
  it('exits 0 on an intact chain and 1 naming the first broken event', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clearance-audit-'));
    const local = await createTestApp({ databaseUrl: undefined, dataDir });
    const site = await makeSite(local);
    await makeAsset(local, site.id);
    const victim = await local.app.prisma.auditEvent.findFirstOrThrow({ where: { entityType: 'asset' } });
    await local.close();

    const cli = fileURLToPath(new URL('../src/cli/audit-verify.ts', import.meta.url));
    const env: NodeJS.ProcessEnv = { ...process.env, CLEARANCE_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const run = () => spawnSync(process.execPath, ['--import', 'tsx', cli], { env, encoding: 'utf8', timeout: 60_000 });
    const intact = run();
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/audit chain intact: 2 events/);

    const again = await createTestApp({ databaseUrl: undefined, dataDir });
    await again.app.prisma.$executeRawUnsafe(`UPDATE audit_events SET actor = 'someone else' WHERE seq = ${victim.seq}`);
    await again.close();
    const broken = run();
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`BROKEN at event ${victim.seq} (hash_mismatch)`);
  }, 120_000);
});
