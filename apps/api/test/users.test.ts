/**
 * Dashboard users over real HTTP: admin-only management, the password policy, the last-admin
 * rule (also under concurrent requests), sessions ended by disabling or a new password, the
 * first admin printed by a fresh server, and `npm run users`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdmin } from '../src/modules/users/users.service.ts';
import { makeSite } from './helpers/factories.ts';
import { makeUser, signIn, testPassword } from './helpers/sessions.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function expectProblem(res: { status: number; body: { code: string } }, status: number, code: string) {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
}

const pointers = (res: { body: { errors?: { pointer: string }[] } }) => (res.body.errors ?? []).map((e) => e.pointer);

describe('creating and listing users (admin)', () => {
  it('stores the e-mail lower-case and only an Argon2id hash of the password, and answers without either', async () => {
    const res = await t.http().post('/v1/users').send({ email: '  Ines@Example.ORG', password: 'twelve chars', role: 'editor' });
    // Surrounding spaces are not part of an address: the pattern refuses them rather than guessing.
    expectProblem(res, 400, 'validation_failed');
    const created = await t.http().post('/v1/users').send({ email: 'Ines@Example.ORG', password: 'twelve chars', role: 'editor' }).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email: 'ines@example.org',
      role: 'editor',
      disabled: false,
      disabledAt: null,
      createdAt: expect.any(String),
    });
    const row = await t.app.prisma.user.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain('twelve chars');
    await signIn(t, 'INES@example.org', 'twelve chars');
  });

  it('refuses a duplicate e-mail in any case with 409 email_taken', async () => {
    await makeUser(t, 'viewer', 'dup@example.org');
    expectProblem(await t.http().post('/v1/users').send({ email: 'DUP@example.org', password: testPassword, role: 'admin' }), 409, 'email_taken');
    // At once, too: the unique index decides and the loser still gets 409.
    const email = `race-${Date.now()}@example.org`;
    const results = await Promise.all([0, 1, 2].map(() => t.http().post('/v1/users').send({ email, password: testPassword, role: 'viewer' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(['email_taken', 'email_taken']);
  });

  it('enforces the password policy and the field types', async () => {
    const short = await t.http().post('/v1/users').send({ email: 'short@example.org', password: 'elevenchars', role: 'viewer' });
    expectProblem(short, 400, 'validation_failed');
    expect(pointers(short)).toEqual(['/body/password']);
    expect(pointers(await t.http().post('/v1/users').send({ email: 'no-at-sign', password: testPassword, role: 'viewer' }))).toEqual(['/body/email']);
    expect(pointers(await t.http().post('/v1/users').send({ email: 'r@example.org', password: testPassword, role: 'owner' }))).toEqual(['/body/role']);
    expect(pointers(await t.http().post('/v1/users').send({ email: 'r@example.org', password: testPassword }))).toEqual(['/body/role']);
    expect(await t.app.prisma.user.count({ where: { email: { in: ['short@example.org', 'r@example.org'] } } })).toBe(0);
  });

  it('lists users in pages', async () => {
    for (let i = 0; i < 3; i++) await makeUser(t, 'viewer');
    const total = await t.app.prisma.user.count();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string; email: string }[]; nextCursor: string | null } } = await t
        .http()
        .get(`/v1/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      expect(JSON.stringify(res.body)).not.toContain('argon2');
      seen.push(...res.body.items.map((u) => u.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expectProblem(await t.http().get('/v1/users?cursor=nonsense'), 400, 'invalid_cursor');
  });

  it('is for admins: editors and viewers get 403 forbidden_role, a site-scoped token 403 forbidden', async () => {
    for (const role of ['editor', 'viewer'] as const) {
      const s = await signIn(t, (await makeUser(t, role)).email);
      expectProblem(await s.agent.get('/v1/users'), 403, 'forbidden_role');
      expectProblem(await s.send.post('/v1/users').send({ email: `x-${role}@example.org`, password: testPassword, role: 'admin' }), 403, 'forbidden_role');
      expectProblem(await s.send.patch(`/v1/users/${s.user.id}`).send({ role: 'admin' }), 403, 'forbidden_role');
    }
    const site = await makeSite(t);
    const token = (await t.http().post('/v1/tokens').send({ name: 'site', siteId: site.id }).expect(201)).body.token;
    expectProblem(await t.http(token).get('/v1/users'), 403, 'forbidden');
    const admin = await signIn(t, (await makeUser(t, 'admin')).email);
    const made = await admin.send.post('/v1/users').send({ email: `by-admin-${Date.now()}@example.org`, password: testPassword, role: 'viewer' }).expect(201);
    const events = await t.app.prisma.auditEvent.findMany({ where: { entityType: 'user', entityId: made.body.id } });
    expect(events.map((e) => [e.actor, e.action])).toEqual([[`user:${admin.user.id}`, 'create']]);
  });
});

describe('changing users (admin)', () => {
  it('a role change applies to the user’s open session at once', async () => {
    const user = await makeUser(t, 'viewer');
    const s = await signIn(t, user.email);
    const site = await makeSite(t);
    const body = { siteId: site.id, filename: 'promoted.jpg', mimeType: 'image/jpeg' };
    expectProblem(await s.send.post('/v1/assets').send(body), 403, 'forbidden_role');
    expect((await t.http().patch(`/v1/users/${user.id}`).send({ role: 'editor' }).expect(200)).body.role).toBe('editor');
    await s.send.post('/v1/assets').send(body).expect(201);
    expect((await s.agent.get('/v1/session').expect(200)).body.user.role).toBe('editor');
  });

  it('disabling ends every session and refuses sign-in; enabling lets the user back in', async () => {
    const user = await makeUser(t, 'editor');
    const a = await signIn(t, user.email);
    const b = await signIn(t, user.email);
    const res = await t.http().patch(`/v1/users/${user.id}`).send({ disabled: true }).expect(200);
    expect(res.body).toMatchObject({ disabled: true, disabledAt: expect.any(String) });
    expect(await t.app.prisma.session.count({ where: { userId: user.id } })).toBe(0);
    for (const s of [a, b]) expectProblem(await s.agent.get('/v1/session'), 401, 'invalid_session');
    expectProblem(await request(t.app.server).post('/v1/sessions').send({ email: user.email, password: testPassword }), 401, 'invalid_credentials');
    expect((await t.http().patch(`/v1/users/${user.id}`).send({ disabled: false }).expect(200)).body).toMatchObject({ disabled: false, disabledAt: null });
    await signIn(t, user.email);
  });

  it('a new password set by an admin ends the user’s sessions; set by the admin for themself, the admin’s own stays', async () => {
    const user = await makeUser(t, 'viewer');
    const s = await signIn(t, user.email);
    await t.http().patch(`/v1/users/${user.id}`).send({ password: 'set by the admin' }).expect(200);
    expectProblem(await s.agent.get('/v1/session'), 401, 'invalid_session');
    await signIn(t, user.email, 'set by the admin');

    const admin = await makeUser(t, 'admin');
    const here = await signIn(t, admin.email);
    const there = await signIn(t, admin.email);
    await here.send.patch(`/v1/users/${admin.id}`).send({ password: 'my own new one' }).expect(200);
    await here.agent.get('/v1/session').expect(200);
    expectProblem(await there.agent.get('/v1/session'), 401, 'invalid_session');
    const update = await t.app.prisma.auditEvent.findFirstOrThrow({
      where: { entityType: 'user', entityId: admin.id, action: 'update' },
      select: { actor: true, before: true, after: true },
    });
    expect(update.actor).toBe(`user:${admin.id}`);
    expect(update.after).toMatchObject({ passwordChanged: true, sessionsEnded: 1 });
    expect(JSON.stringify(update)).not.toMatch(/my own new one|argon2/);
  });

  it('answers 404 for an unknown user and 400 for unknown fields or a short password', async () => {
    expectProblem(await t.http().patch('/v1/users/01900000-0000-7000-8000-000000000000').send({ role: 'viewer' }), 404, 'not_found');
    const user = await makeUser(t, 'viewer');
    expect(pointers(await t.http().patch(`/v1/users/${user.id}`).send({ email: 'new@example.org' }))).toEqual(['/body/email']);
    expect(pointers(await t.http().patch(`/v1/users/${user.id}`).send({ password: 'short' }))).toEqual(['/body/password']);
    expect(pointers(await t.http().patch(`/v1/users/${user.id}`).send({ disabled: 'yes' }))).toEqual(['/body/disabled']);
  });
});

describe('the last active admin', () => {
  let local: TestApp;
  beforeAll(async () => {
    local = await createTestApp();
  });
  afterAll(() => local.close());

  it('cannot be demoted or disabled (409 last_admin), also not when two admins are demoted at once', async () => {
    const only = await makeUser(local, 'admin');
    const s = await signIn(local, only.email);
    expectProblem(await s.send.patch(`/v1/users/${only.id}`).send({ role: 'editor' }), 409, 'last_admin');
    expectProblem(await s.send.patch(`/v1/users/${only.id}`).send({ disabled: true }), 409, 'last_admin');
    // A disabled admin does not count as a second one.
    const dormant = await makeUser(local, 'admin');
    await s.send.patch(`/v1/users/${dormant.id}`).send({ disabled: true }).expect(200);
    expectProblem(await s.send.patch(`/v1/users/${only.id}`).send({ role: 'viewer' }), 409, 'last_admin');

    // Each check alone sees another admin; only taking turns keeps one.
    const second = await makeUser(local, 'admin');
    const [r1, r2] = await Promise.all([
      local.http().patch(`/v1/users/${second.id}`).send({ role: 'editor' }),
      local.http().patch(`/v1/users/${only.id}`).send({ disabled: true }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    expect([r1.body.code, r2.body.code]).toContain('last_admin');
    expect(await local.app.prisma.user.count({ where: { role: 'admin', disabledAt: null } })).toBe(1);
  });

  it('the first admin is made only on an instance without users', async () => {
    const fresh = await createTestApp();
    try {
      const first = await createFirstAdmin(fresh.app.prisma, 'admin@localhost');
      expect(first).toEqual({ email: 'admin@localhost', password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) });
      expect(await createFirstAdmin(fresh.app.prisma, 'admin@localhost')).toBeNull();
      const s = await signIn(fresh, 'admin@localhost', first!.password);
      expect(s.user.role).toBe('admin');
      const created = await fresh.app.prisma.auditEvent.findFirstOrThrow({ where: { entityType: 'user' } });
      expect([created.actor, created.action]).toEqual(['system', 'create']);
    } finally {
      await fresh.close();
    }
    // Not even when the instance has only API tokens and users are made later.
    expect(await createFirstAdmin(local.app.prisma, 'admin@localhost')).toBeNull();
  });
});

describe('a fresh server process', () => {
  it('prints the first admin token and the first admin sign-in once; both work over HTTP', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => resolve(port));
      });
    });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      API_PORT: String(port),
      CLEARANCE_DATA_DIR: mkdtempSync(join(tmpdir(), 'clearance-users-server-')),
      CLEARANCE_ADMIN_EMAIL: 'Owner@Example.org',
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    const entry = fileURLToPath(new URL('../src/server.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const base = `http://127.0.0.1:${port}`;
    try {
      const until = Date.now() + 90_000;
      while (!(await fetch(`${base}/health`).then((r) => r.ok, () => false))) {
        if (child.exitCode !== null || Date.now() > until) throw new Error(`server did not start: ${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(output).toMatch(/First admin API token[^\n]*\n\s*\n\s*clr_\S+/);
      const creds = /First admin sign-in[^\n]*\n\s*\n\s*email\s+(\S+)\n\s*password\s+(\S+)/.exec(output);
      expect(creds, output).not.toBeNull();
      expect(creds![1]).toBe('owner@example.org');
      const signedIn = await fetch(`${base}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: creds![1], password: creds![2] }),
      });
      expect(signedIn.status).toBe(201);
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      const session = await (await fetch(`${base}/v1/session`, { headers: { cookie } })).json();
      expect(session.user).toMatchObject({ email: 'owner@example.org', role: 'admin' });
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.on('exit', r)));
    }
  }, 120_000);
});

describe('npm run users', () => {
  it('creates, lists and resets passwords; refuses bad arguments before opening the database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clearance-users-cli-'));
    const cli = fileURLToPath(new URL('../src/cli/users.ts', import.meta.url));
    const env: NodeJS.ProcessEnv = { ...process.env, CLEARANCE_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { env, encoding: 'utf8', timeout: 120_000 });

    // Each run opens the embedded database, which is slow on a busy machine: few runs, each checking much.
    const bad = [run(), run('create', '--email', 'x@example.org', '--role', 'owner')];
    for (const r of bad) expect(r.status, r.stdout + r.stderr).toBe(2);

    const created = run('create', '--email', 'Cli@Example.org', '--role', 'viewer');
    expect(created.status, created.stderr).toBe(0);
    const first = /password \(shown once\): (\S+)/.exec(created.stdout)![1]!;
    const chosen = run('create', '--email', 'chosen@example.org', '--password', 'my chosen password');
    expect(chosen.status, chosen.stderr).toBe(0);
    expect(chosen.stdout).not.toContain('shown once');

    const list = run('list');
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/\tcli@example\.org\tviewer\tactive\n/);
    expect(list.stdout).toMatch(/\tchosen@example\.org\teditor\tactive\n/);

    const reset = run('reset-password', '--email', 'CLI@example.org');
    expect(reset.status, reset.stderr).toBe(0);
    const second = /password \(shown once\): (\S+)/.exec(reset.stdout)![1]!;
    expect(second).not.toBe(first);

    const app = await createTestApp({ databaseUrl: undefined, dataDir });
    try {
      expectProblem(await request(app.app.server).post('/v1/sessions').send({ email: 'cli@example.org', password: first }), 401, 'invalid_credentials');
      expect((await signIn(app, 'cli@example.org', second)).user.role).toBe('viewer');
      await signIn(app, 'chosen@example.org', 'my chosen password');
    } finally {
      await app.close();
    }
  }, 300_000);
});
