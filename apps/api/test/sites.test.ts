import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('sites', () => {
  it('creates a site with a Standard Webhooks secret and its webhook path', async () => {
    const res = await t.http().post('/v1/sites').send({ name: 'Travel blog', baseUrl: 'https://blog.example/' }).expect(201);
    expect(res.body).toMatchObject({ name: 'Travel blog', baseUrl: 'https://blog.example', webhookUrl: `/v1/hooks/wordpress/${res.body.id}` });
    const secret: string = res.body.webhookSecret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    // Listed by id and prefix; the secret itself only in this answer.
    expect(res.body.webhookSecrets).toEqual([{ id: expect.any(String), prefix: secret.slice(0, 10), createdAt: expect.any(String), expiresAt: null }]);
  });

  it('lists, gets and updates', async () => {
    const created = await t.http().post('/v1/sites').send({ name: 'Shop', baseUrl: 'https://shop.example' }).expect(201);
    const list = await t.http().get('/v1/sites').expect(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);
    const updated = await t.http().patch(`/v1/sites/${created.body.id}`).send({ name: 'Shop (EU)' }).expect(200);
    expect(updated.body.name).toBe('Shop (EU)');
    const got = await t.http().get(`/v1/sites/${created.body.id}`).expect(200);
    expect(got.body.name).toBe('Shop (EU)');
  });

  it('rotates the secret, keeping the previous one valid for the grace period', async () => {
    const site = (await t.http().post('/v1/sites').send({ name: 'Rotating', baseUrl: 'https://r.example' }).expect(201)).body;
    const old: string = site.webhookSecret;
    const rotated = await t.http().post(`/v1/sites/${site.id}/webhook-secret/rotate?graceHours=2`).expect(200);
    const fresh: string = rotated.body.webhookSecret;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    const secrets = rotated.body.webhookSecrets as { id: string; prefix: string; expiresAt: string | null }[];
    expect(secrets).toHaveLength(2);
    expect(secrets[0]).toMatchObject({ prefix: fresh.slice(0, 10), expiresAt: null });
    expect(secrets[1]).toMatchObject({ id: site.webhookSecrets[0].id, prefix: old.slice(0, 10) });
    const hoursLeft = (Date.parse(secrets[1]!.expiresAt!) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(1.9);
    expect(hoursLeft).toBeLessThanOrEqual(2);

    // With no grace, the old secrets stop at once.
    const immediate = await t.http().post(`/v1/sites/${site.id}/webhook-secret/rotate?graceHours=0`).expect(200);
    expect(immediate.body.webhookSecrets).toHaveLength(1);
    expect(immediate.body.webhookSecret).not.toBe(fresh);
    expect(immediate.body.webhookSecrets[0].prefix).toBe(immediate.body.webhookSecret.slice(0, 10));
  });

  it('rotates with the default grace of 24 hours', async () => {
    const site = (await t.http().post('/v1/sites').send({ name: 'Default grace', baseUrl: 'https://d.example' }).expect(201)).body;
    const rotated = await t.http().post(`/v1/sites/${site.id}/webhook-secret/rotate`).expect(200);
    expect(rotated.body.webhookSecrets).toHaveLength(2);
  });
});
