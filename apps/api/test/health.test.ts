/**
 * `/health` answers anyone, so it says only that the API is up and which version it is; where the
 * data lives (the PGlite directory, the PostgreSQL host and database) is for admins, at /v1/health.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, makeSiteToken } from './helpers/factories.ts';
import { makeUser, signIn } from './helpers/sessions.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health', () => {
  it('tells an unauthenticated caller the status and version only', async () => {
    const res = await t.http(null).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', version: t.app.config.version });
    expect(res.text).not.toContain(t.app.db.description);
  });

  it('gives an admin the database and uptime at /v1/health', async () => {
    const byToken = await t.http().get('/v1/health').expect(200);
    expect(byToken.body).toEqual({ status: 'ok', version: t.app.config.version, database: t.app.db.description, uptimeSeconds: expect.any(Number) });
    expect(byToken.body.database).toMatch(/^(PGlite|PostgreSQL) \(/);
    const admin = await makeUser(t, 'admin');
    await (await signIn(t, admin.email)).agent.get('/v1/health').expect(200);
  });

  it('refuses the details to viewers, editors, site tokens and anonymous callers', async () => {
    const site = await makeSite(t);
    const siteToken = await makeSiteToken(t, site.id);
    for (const role of ['viewer', 'editor'] as const) {
      const user = await makeUser(t, role);
      const res = await (await signIn(t, user.email)).agent.get('/v1/health');
      expect([res.status, res.body.code]).toEqual([403, 'forbidden_role']);
    }
    const bySiteToken = await t.http(siteToken).get('/v1/health');
    expect([bySiteToken.status, bySiteToken.body.code]).toEqual([403, 'forbidden']);
    const anonymous = await t.http(null).get('/v1/health');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'unauthorized']);
  });
});
