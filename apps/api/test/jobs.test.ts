/**
 * The durable job queue (apps/api/src/jobs) on the real database: enqueue inside transactions,
 * idempotency keys, retries with backoff into the dead state, leases that expire and are fenced,
 * cancellation reaching the handler, progress, the schedule, and the admin-only routes. Time is a
 * test clock and the worker is driven by explicit ticks, so nothing here waits for a timer.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobContext, JobDeps, JobHandler } from '../src/jobs/job-handlers.ts';
import { enqueue } from '../src/jobs/job-queue.ts';
import { JobWorker, retryDelayMs } from '../src/jobs/job-worker.ts';
import { day, runDueSchedules, type Schedule } from '../src/jobs/schedule.ts';
import { makeSite, makeSiteToken } from './helpers/factories.ts';
import { makeUser, signIn } from './helpers/sessions.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';
import { createTestDatabase } from './helpers/test-database.ts';

let t: TestApp;
const clock = { at: new Date('2026-12-07T10:00:00.000Z'), now() { return new Date(this.at); }, advance(ms: number) { this.at = new Date(this.at.getTime() + ms); } };
let deps: JobDeps;
const workers: JobWorker[] = [];

/** A promise with its resolve, to hold a handler mid-job. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => (open = resolve));
  return { open, opened };
}

function worker(handlers: Record<string, JobHandler>, options: { leaseMs?: number; slots?: number; idleMs?: number } = {}) {
  // Jitter pinned to its middle: backoff is exactly 2^attempt seconds.
  const w = new JobWorker(deps, { handlers: new Map(Object.entries(handlers)), random: () => 0.5, ...options });
  workers.push(w);
  return w;
}

const job = (id: string) => t.app.prisma.job.findUniqueOrThrow({ where: { id: BigInt(id) } });

beforeAll(async () => {
  t = await createTestApp({ runWorker: false }, { clock });
  deps = { prisma: t.app.prisma, blobs: t.app.blobs, config: t.app.config, log: t.app.log, clock };
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop({ graceMs: 1000 })));
  await t?.close();
});
beforeEach(async () => {
  await t.app.prisma.job.deleteMany();
  await t.app.prisma.scheduledRun.deleteMany();
});

describe('enqueue', () => {
  it('writes inside the caller’s transaction: a rollback leaves no job, a commit one', async () => {
    await expect(
      t.app.prisma.$transaction(async (tx) => {
        await enqueue(tx, { queue: 'mail', payload: { to: 'a' } }, clock.now());
        throw new Error('the surrounding work failed');
      }),
    ).rejects.toThrow('the surrounding work failed');
    expect(await t.app.prisma.job.count()).toBe(0);
    const { id } = await t.app.prisma.$transaction((tx) => enqueue(tx, { queue: 'mail', payload: { to: 'b' } }, clock.now()));
    expect(await job(id)).toMatchObject({ queue: 'mail', payload: { to: 'b' }, state: 'queued', attempts: 0 });
  });

  it('gives one job per idempotency key and queue, even when both arrive at once', async () => {
    const [a, b] = await Promise.all([0, 1].map(() => enqueue(t.app.prisma, { queue: 'import', key: 'site-1:2026-12-07' }, clock.now())));
    expect(a!.id).toBe(b!.id);
    expect([a!.created, b!.created].sort()).toEqual([false, true]);
    const other = await enqueue(t.app.prisma, { queue: 'crawl', key: 'site-1:2026-12-07' }, clock.now());
    expect(other.created).toBe(true);
    expect(await t.app.prisma.job.count()).toBe(2);
  });
});

describe('a failing handler', () => {
  it('is retried with exponential backoff and jitter, then dead with its last error', async () => {
    expect(retryDelayMs(1, () => 0)).toBe(1500);
    expect(retryDelayMs(1, () => 1)).toBe(2500);
    expect(retryDelayMs(30, () => 0.5)).toBe(3_600_000);
    let calls = 0;
    const w = worker({
      flaky: async () => {
        throw new Error(`boom ${++calls}`);
      },
    });
    const { id } = await enqueue(t.app.prisma, { queue: 'flaky', maxAttempts: 3 }, clock.now());
    for (const [attempt, backoffMs] of [[1, 2000], [2, 4000]] as const) {
      expect(await w.tick()).toBe(1);
      await w.settled();
      const row = await job(id);
      expect(row).toMatchObject({ state: 'queued', attempts: attempt, lastError: `boom ${attempt}`, leaseOwner: null });
      expect(row.runAt.getTime() - clock.now().getTime()).toBe(backoffMs);
      // Not due before its backoff has passed.
      clock.advance(backoffMs - 1);
      expect(await w.tick()).toBe(0);
      clock.advance(1);
    }
    expect(await w.tick()).toBe(1);
    await w.settled();
    const dead = (await t.http().get(`/v1/jobs/${id}`).expect(200)).body;
    expect(dead).toMatchObject({ state: 'dead', attempts: 3, lastError: 'boom 3', finishedAt: clock.now().toISOString() });
    expect(dead).not.toHaveProperty('payload');
    expect(await w.tick()).toBe(0);
    expect(calls).toBe(3);
  });
});

describe('a lease', () => {
  it('that expires is reclaimed by another worker, and the first worker can no longer finish the job', async () => {
    const first = gate<string>();
    const second = gate<string>();
    const a = worker({ slow: async () => first.opened }, { leaseMs: 1000 });
    const b = worker({ slow: async () => second.opened }, { leaseMs: 1000 });
    const { id } = await enqueue(t.app.prisma, { queue: 'slow' }, clock.now());
    expect(await a.tick()).toBe(1);
    // A stops answering (no heartbeat); its lease is still good for a moment.
    clock.advance(1000);
    expect(await b.reap()).toBe(0);
    clock.advance(1);
    expect(await b.reap()).toBe(1);
    expect(await job(id)).toMatchObject({ state: 'queued', attempts: 1, lastError: expect.stringContaining('lease expired') });
    expect(await b.tick()).toBe(1);
    expect(await job(id)).toMatchObject({ state: 'running', attempts: 2, leaseOwner: b.owner });
    // A comes back and finishes: refused, and its heartbeat neither extends B's lease nor keeps A going.
    first.open('from A');
    await a.settled();
    expect(await job(id)).toMatchObject({ state: 'running', leaseOwner: b.owner, result: null });
    second.open('from B');
    await b.settled();
    expect(await job(id)).toMatchObject({ state: 'succeeded', attempts: 2, result: 'from B', leaseOwner: null });
  });

  it('is renewed by the heartbeat, which also writes progress that GET shows', async () => {
    const hold = gate();
    let context: JobContext | undefined;
    const w = worker(
      {
        long: async (ctx) => {
          context = ctx;
          ctx.progress({ done: 1, total: 3 });
          await hold.opened;
          ctx.progress({ done: 3, total: 3 });
          return { imported: 3 };
        },
      },
      { leaseMs: 1000 },
    );
    const { id } = await enqueue(t.app.prisma, { queue: 'long', ref: 'import:abc' }, clock.now());
    await w.tick();
    expect((await t.http().get(`/v1/jobs/${id}`).expect(200)).body.progress).toBeNull();
    clock.advance(900);
    await w.heartbeat();
    const running = (await t.http().get(`/v1/jobs/${id}`).expect(200)).body;
    expect(running).toMatchObject({ state: 'running', progress: { done: 1, total: 3 }, leaseOwner: w.owner, ref: 'import:abc' });
    expect(running.leaseExpiresAt).toBe(new Date(clock.now().getTime() + 1000).toISOString());
    clock.advance(900);
    expect(await w.reap()).toBe(0);
    expect(context!.signal.aborted).toBe(false);
    hold.open();
    await w.settled();
    expect((await t.http().get(`/v1/jobs/${id}`).expect(200)).body).toMatchObject({ state: 'succeeded', progress: { done: 3, total: 3 }, result: { imported: 3 } });
  });
});

describe('cancel', () => {
  it('reaches a running handler’s AbortSignal at the next heartbeat, and the job ends cancelled', async () => {
    let signal: AbortSignal | undefined;
    const w = worker({
      stoppable: async (ctx) => {
        signal = ctx.signal;
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)));
      },
    });
    const { id } = await enqueue(t.app.prisma, { queue: 'stoppable' }, clock.now());
    await w.tick();
    const asked = (await t.http().post(`/v1/jobs/${id}/cancel`).expect(200)).body;
    expect(asked).toMatchObject({ state: 'running', cancelRequested: true });
    expect(signal!.aborted).toBe(false);
    await w.heartbeat();
    expect(signal!.aborted).toBe(true);
    await w.settled();
    expect(await job(id)).toMatchObject({ state: 'cancelled', attempts: 1, lastError: null });
  });

  it('cancels a queued job at once; retry queues a cancelled or dead job again; finished or waiting jobs answer 409', async () => {
    const w = worker({ quick: async () => 'ok', broken: async () => Promise.reject(new Error('no')) });
    const queued = await enqueue(t.app.prisma, { queue: 'quick' }, clock.now());
    expect((await t.http().post(`/v1/jobs/${queued.id}/cancel`).expect(200)).body).toMatchObject({ state: 'cancelled' });
    expect((await t.http().post(`/v1/jobs/${queued.id}/cancel`).expect(200)).body).toMatchObject({ state: 'cancelled' });
    expect(await w.tick()).toBe(0);
    expect((await t.http().post(`/v1/jobs/${queued.id}/retry`).expect(200)).body).toMatchObject({ state: 'queued', attempts: 0 });
    const conflict = await t.http().post(`/v1/jobs/${queued.id}/retry`).expect(409);
    expect(conflict.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(conflict.body.code).toBe('job_not_retryable');
    expect(await w.tick()).toBe(1);
    await w.settled();
    expect((await t.http().post(`/v1/jobs/${queued.id}/cancel`).expect(409)).body.code).toBe('job_finished');

    const dead = await enqueue(t.app.prisma, { queue: 'broken', maxAttempts: 1 }, clock.now());
    await w.tick();
    await w.settled();
    expect((await job(dead.id)).state).toBe('dead');
    expect((await t.http().post(`/v1/jobs/${dead.id}/retry`).expect(200)).body).toMatchObject({ state: 'queued', attempts: 0, lastError: 'no' });
    await w.tick();
    await w.settled();
    expect((await job(dead.id)).state).toBe('dead');

    expect((await t.http().get('/v1/jobs/999999').expect(404)).body.code).toBe('not_found');
    expect((await t.http().post('/v1/jobs/999999/retry').expect(404)).body.code).toBe('not_found');
    expect((await t.http().get('/v1/jobs/abc').expect(400)).body.code).toBe('validation_failed');
  });
});

describe('workers', () => {
  it('never run one job twice: 2,000 jobs on two workers, each run once with one attempt', async () => {
    const runs = new Map<string, number>();
    const ranBy = [0, 0];
    const handler =
      (w: number): JobHandler =>
      async (ctx) => {
        ranBy[w]!++;
        runs.set(ctx.job.id, (runs.get(ctx.job.id) ?? 0) + 1);
      };
    const now = clock.now().toISOString();
    await t.app.prisma.$executeRawUnsafe(`INSERT INTO jobs (queue, payload, run_at, created_at) SELECT 'noop', '{}', $1::timestamptz, $1::timestamptz FROM generate_series(1, 2000)`, now);
    const pair = [worker({ noop: handler(0) }, { slots: 8, idleMs: 5 }), worker({ noop: handler(1) }, { slots: 8, idleMs: 5 })];
    for (const w of pair) w.start();
    while ((await t.app.prisma.job.count({ where: { state: 'succeeded' } })) < 2000) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(pair.map((w) => w.stop()));
    expect(runs.size).toBe(2000);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(await t.app.prisma.job.groupBy({ by: ['attempts', 'state'], _count: true })).toEqual([{ attempts: 1, state: 'succeeded', _count: 2000 }]);
    // Both took part, so they really competed for the same rows.
    expect(ranBy.every((n) => n > 0)).toBe(true);
  }, 60_000);

  it('stop() waits for running jobs to finish before it resolves', async () => {
    const hold = gate();
    const w = worker({ slow: async () => hold.opened.then(() => 'done') }, { idleMs: 5 });
    const { id } = await enqueue(t.app.prisma, { queue: 'slow' }, clock.now());
    w.start();
    while ((await job(id)).state !== 'running') await new Promise((r) => setTimeout(r, 10));
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    hold.open();
    await stopping;
    expect(await job(id)).toMatchObject({ state: 'succeeded', result: 'done' });
  });
});

describe('the schedule', () => {
  const daily: Schedule = { name: 'coverage-refresh', queue: 'coverage', everyMs: day };

  it('enqueues a slot once even with two schedulers at the same moment', async () => {
    const results = await Promise.all([runDueSchedules(deps, [daily]), runDueSchedules(deps, [daily])]);
    expect(results.flat()).toEqual(['coverage-refresh']);
    expect(await runDueSchedules(deps, [daily])).toEqual([]);
    clock.advance(6 * 60 * 60 * 1000);
    expect(await runDueSchedules(deps, [daily])).toEqual([]);
    const jobs = await t.app.prisma.job.findMany({ where: { queue: 'coverage' } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).toEqual({ slot: '2026-12-07T00:00:00.000Z' });
    expect((await t.app.prisma.scheduledRun.findFirstOrThrow()).jobId).toBe(jobs[0]!.id);
  });

  it('after downtime runs the one latest missed slot, not every missed one', async () => {
    clock.at = new Date('2026-12-10T09:00:00.000Z');
    expect(await runDueSchedules(deps, [daily])).toEqual(['coverage-refresh']);
    clock.at = new Date('2026-12-14T08:00:00.000Z');
    expect(await runDueSchedules(deps, [daily])).toEqual(['coverage-refresh']);
    const slots = (await t.app.prisma.job.findMany({ where: { queue: 'coverage' }, orderBy: { id: 'asc' } })).map((j) => (j.payload as { slot: string }).slot);
    expect(slots).toEqual(['2026-12-10T00:00:00.000Z', '2026-12-14T00:00:00.000Z']);
  });
});

describe('GET /v1/jobs', () => {
  it('filters by queue, state and ref, newest first, page by page', async () => {
    const ids: string[] = [];
    for (const [queue, ref] of [['import', 'import:1'], ['import', 'import:2'], ['mail', null], ['import', 'import:1']] as const) {
      ids.push((await enqueue(t.app.prisma, { queue, ref: ref ?? undefined }, clock.now())).id);
    }
    await t.http().post(`/v1/jobs/${ids[1]}/cancel`).expect(200);
    const list = async (query: string) => ((await t.http().get(`/v1/jobs?${query}`).expect(200)).body.items as { id: string }[]).map((j) => j.id);
    expect(await list('')).toEqual([...ids].reverse());
    expect(await list('queue=import')).toEqual([ids[3], ids[1], ids[0]]);
    expect(await list('ref=import:1')).toEqual([ids[3], ids[0]]);
    expect(await list('state=cancelled')).toEqual([ids[1]]);
    expect(await list('queue=import&state=queued')).toEqual([ids[3], ids[0]]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http().get(`/v1/jobs?limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...page.body.items.map((j) => j.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    expect((await t.http().get('/v1/jobs?state=lost').expect(400)).body.code).toBe('validation_failed');
    expect((await t.http().get('/v1/jobs?cursor=nope').expect(400)).body.code).toBe('invalid_cursor');
  });

  it('and every job route are for admins only: viewers, editors and site tokens get 403', async () => {
    const { id } = await enqueue(t.app.prisma, { queue: 'mail' }, clock.now());
    const site = await makeSite(t);
    const siteToken = await makeSiteToken(t, site.id);
    const viewer = await signIn(t, (await makeUser(t, 'viewer')).email);
    const editor = await signIn(t, (await makeUser(t, 'editor')).email);
    const admin = await signIn(t, (await makeUser(t, 'admin')).email);
    const calls = [
      ['get', '/v1/jobs'],
      ['get', `/v1/jobs/${id}`],
      ['post', `/v1/jobs/${id}/retry`],
      ['post', `/v1/jobs/${id}/cancel`],
    ] as const;
    for (const [method, path] of calls) {
      for (const [who, res] of [
        ['viewer', await (method === 'get' ? viewer.agent.get(path) : viewer.send.post(path))],
        ['editor', await (method === 'get' ? editor.agent.get(path) : editor.send.post(path))],
        ['site token', await t.http(siteToken)[method](path)],
      ] as const) {
        expect({ who, path, status: res.status, code: res.body.code }).toEqual({ who, path, status: 403, code: who === 'site token' ? 'forbidden' : 'forbidden_role' });
      }
      expect((await t.http(null)[method](path)).status).toBe(401);
    }
    expect((await admin.agent.get(`/v1/jobs/${id}`)).status).toBe(200);
    expect((await admin.send.post(`/v1/jobs/${id}/cancel`)).body.state).toBe('cancelled');
    expect((await job(id)).state).toBe('cancelled');
  });
});

describe('the API', () => {
  it('runs the jobs itself unless told not to, and finishes a running job before it closes', async () => {
    const hold = gate();
    const started = gate();
    const api = await createTestApp({ runWorker: true }, { jobHandlers: new Map([['echo', async (ctx: JobContext) => (started.open(), await hold.opened, ctx.payload)]]) });
    try {
      const { id } = await enqueue(api.app.prisma, { queue: 'echo', payload: { hello: 'world' } }, new Date());
      await started.opened;
      expect(api.app.jobs).not.toBeNull();
      const closing = api.app.jobs!.stop();
      hold.open();
      await closing;
      expect((await api.http().get(`/v1/jobs/${id}`).expect(200)).body).toMatchObject({ state: 'succeeded', result: { hello: 'world' } });
    } finally {
      await api.close();
    }
    const quiet = await createTestApp({ runWorker: false }, { jobHandlers: new Map([['echo', async () => 'ran']]) });
    try {
      expect(quiet.app.jobs).toBeNull();
    } finally {
      await quiet.close();
    }
  });

  it('is built by createTestApp without a worker unless the test asks for one', async () => {
    const plain = await createTestApp({}, { jobHandlers: new Map([['echo', async () => 'ran']]) });
    try {
      expect(plain.app.jobs).toBeNull();
    } finally {
      await plain.close();
    }
  });
});

describe('a result or progress the database cannot store', () => {
  it('stays with its own job: the others of the batch succeed, and it succeeds with result null and the reason', async () => {
    const results: Record<string, unknown> = { big: { n: 1n }, nul: 'a\u0000b', surrogate: { s: 'x\ud800y' }, fine: { ok: 1 } };
    const w = worker({ r: async (ctx) => results[(ctx.payload as { name: string }).name] }, { slots: 8 });
    const ids: Record<string, string> = {};
    for (const name of Object.keys(results)) ids[name] = (await enqueue(t.app.prisma, { queue: 'r', payload: { name } }, clock.now())).id;
    expect(await w.tick()).toBe(4);
    await w.settled();
    expect(await job(ids.fine!)).toMatchObject({ state: 'succeeded', attempts: 1, result: { ok: 1 }, lastError: null });
    for (const name of ['big', 'nul', 'surrogate']) {
      expect({ name, ...(await job(ids[name]!)) }).toMatchObject({ name, state: 'succeeded', attempts: 1, result: null, lastError: expect.stringContaining('result cannot be stored') });
    }
    expect(await w.tick()).toBe(0);
  });

  it('does not stop the heartbeat: the other jobs’ leases are renewed and their progress written', async () => {
    const hold = gate();
    const w = worker({ p: async (ctx) => (ctx.progress((ctx.payload as { bad: boolean }).bad ? { n: 2n, s: '\u0000' } : { done: 1 }), hold.opened) }, { leaseMs: 1000 });
    const bad = await enqueue(t.app.prisma, { queue: 'p', payload: { bad: true } }, clock.now());
    const good = await enqueue(t.app.prisma, { queue: 'p', payload: { bad: false } }, clock.now());
    expect(await w.tick()).toBe(2);
    clock.advance(900);
    await w.heartbeat();
    const renewed = new Date(clock.now().getTime() + 1000);
    expect(await job(good.id)).toMatchObject({ state: 'running', progress: { done: 1 }, leaseExpiresAt: renewed });
    expect(await job(bad.id)).toMatchObject({ state: 'running', progress: null, leaseExpiresAt: renewed });
    hold.open();
    await w.settled();
    expect((await t.app.prisma.job.findMany({ orderBy: { id: 'asc' } })).map((j) => j.state)).toEqual(['succeeded', 'succeeded']);
  });
});

describe('a job reaped while its worker still runs it', () => {
  it('and reclaimed by that same worker: the first run’s end neither frees the second’s slot nor stops its heartbeat', async () => {
    const runs = [gate<string>(), gate<string>()];
    const w = worker({ slow: async (ctx) => runs[ctx.job.attempt - 1]!.opened }, { leaseMs: 1000, slots: 2 });
    const { id } = await enqueue(t.app.prisma, { queue: 'slow' }, clock.now());
    expect(await w.tick()).toBe(1);
    clock.advance(1001);
    expect(await w.reap()).toBe(1);
    // Both runs are in this worker now; the slot count says so.
    expect(await w.tick()).toBe(1);
    expect(w.busy).toBe(2);
    runs[0]!.open('late');
    await new Promise((r) => setTimeout(r, 50));
    expect(w.busy).toBe(1);
    expect(await w.tick()).toBe(0);
    clock.advance(900);
    await w.heartbeat();
    clock.advance(900);
    expect(await w.reap()).toBe(0);
    runs[1]!.open('second');
    await w.settled();
    expect(await job(id)).toMatchObject({ state: 'succeeded', attempts: 2, result: 'second' });
  });

  it('then dead and retried: the late run cannot finish the new one (writes are fenced by the claim, not the attempt count)', async () => {
    const runs = [gate<string>(), gate<string>()];
    let run = 0;
    const w = worker({ slow: async () => runs[run++]!.opened }, { leaseMs: 1000 });
    const { id } = await enqueue(t.app.prisma, { queue: 'slow', maxAttempts: 1 }, clock.now());
    expect(await w.tick()).toBe(1);
    clock.advance(1001);
    expect(await w.reap()).toBe(1);
    expect((await job(id)).state).toBe('dead');
    await t.http().post(`/v1/jobs/${id}/retry`).expect(200);
    expect(await w.tick()).toBe(1);
    expect(await job(id)).toMatchObject({ state: 'running', attempts: 1, leaseOwner: w.owner });
    runs[0]!.open('from the old run');
    await new Promise((r) => setTimeout(r, 50));
    expect(await job(id)).toMatchObject({ state: 'running', result: null });
    runs[1]!.open('from the new run');
    await w.settled();
    expect(await job(id)).toMatchObject({ state: 'succeeded', result: 'from the new run' });
  });
});

describe('a cancel', () => {
  it('asked for while the handler is failing ends the job cancelled, not queued again', async () => {
    const hold = gate();
    const w = worker({ failing: async () => hold.opened.then(() => Promise.reject(new Error('gave up'))) });
    const { id } = await enqueue(t.app.prisma, { queue: 'failing', maxAttempts: 5 }, clock.now());
    await w.tick();
    expect((await t.http().post(`/v1/jobs/${id}/cancel`).expect(200)).body).toMatchObject({ state: 'running', cancelRequested: true });
    // No heartbeat in between: the handler fails first.
    hold.open();
    await w.settled();
    expect(await job(id)).toMatchObject({ state: 'cancelled', attempts: 1, lastError: 'gave up', leaseOwner: null, finishedAt: clock.now() });
    expect(await w.tick()).toBe(0);
  });
});

describe('stop()', () => {
  it('puts a job aborted at the grace deadline back in the queue without using up its attempt', async () => {
    const w = worker({ endless: async (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error))) }, { idleMs: 5 });
    const { id } = await enqueue(t.app.prisma, { queue: 'endless', maxAttempts: 1 }, clock.now());
    w.start();
    while ((await job(id)).state !== 'running') await new Promise((r) => setTimeout(r, 10));
    await w.stop({ graceMs: 50 });
    expect(await job(id)).toMatchObject({ state: 'queued', attempts: 0, leaseOwner: null, leaseExpiresAt: null, runAt: clock.now() });
  });
});

describe('npm run worker', () => {
  // PostgreSQL only: on PGlite the command refuses to start (the API runs the jobs there).
  it.skipIf(!process.env.DATABASE_URL?.startsWith('postgres'))('with no queue registered stays up, says it is idle, and exits 0 on SIGTERM', async () => {
    const database = await createTestDatabase();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../src/cli/worker.ts', import.meta.url))], {
        env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const deadline = Date.now() + 30_000;
      while (!output.includes('idle') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // Still there a while after it has said so (it used to exit 0 right away).
      await new Promise((r) => setTimeout(r, 1500));
      expect({ exitCode: child.exitCode, output }).toMatchObject({ exitCode: null, output: expect.stringContaining('no job queues registered yet; idle') });
      expect(output).not.toContain('job worker started');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await database.drop();
    }
  }, 60_000);
});
