/**
 * Imports survive the API process: a shutdown mid-crawl leaves the job paused at a page boundary,
 * a job a crashed process left `running` shows as paused at the next start, and a new process
 * resumes either from the stored cursor. One database shared by two app instances in turn.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createToken } from '../../src/modules/tokens/tokens.service.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { credentials, startFakeWordPress, type FakeWordPress } from './wordpress-site.ts';

let wp: FakeWordPress;
let databaseUrl: string;
let drop: () => Promise<void>;
const dataDir = mkdtempSync(join(tmpdir(), 'clearance-import-restart-'));

async function start(): Promise<{ app: FastifyInstance; token: string }> {
  const app = await buildApp(loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }, { dataDir }));
  await app.ready();
  const { token } = await createToken(app.prisma, { name: 'restart test' });
  return { app, token };
}

const http = (app: FastifyInstance, token: string) => ({
  get: (url: string) => request(app.server).get(url).set('authorization', `Bearer ${token}`),
  post: (url: string) => request(app.server).post(url).set('authorization', `Bearer ${token}`),
});

async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  wp = await startFakeWordPress();
  wp.state.slowMs = 250;
  if (process.env.DATABASE_URL?.startsWith('postgres')) {
    ({ url: databaseUrl, drop } = await createTestDatabase());
  } else {
    // PGlite on disk (not in memory), so that a second app instance opens the same data.
    databaseUrl = `pglite:${join(dataDir, 'pglite')}`;
    drop = async () => {};
  }
});
afterAll(async () => {
  await wp?.close();
  await drop?.();
});

it('a shutdown mid-crawl pauses the job at a page boundary; a new process resumes it from there', { timeout: 120_000 }, async () => {
  const first = await start();
  const api = http(first.app, first.token);
  const siteId = (await api.post('/v1/sites').send({ name: 'Slow WordPress', baseUrl: wp.site('slow') }).expect(201)).body.id;
  const jobId = (await api.post(`/v1/sites/${siteId}/imports/wordpress`).send({ ...credentials, perPage: 2, fetchFiles: false }).expect(202)).body.id;
  await until(() => api.get(`/v1/imports/${jobId}`).then((r) => r.body), (job) => job.processed >= 4);
  await first.app.close();

  const second = await start();
  const api2 = http(second.app, second.token);
  const paused = (await api2.get(`/v1/imports/${jobId}`).expect(200)).body;
  expect(paused).toMatchObject({ status: 'paused', resumable: true, total: 14 });
  expect(paused.processed % 2).toBe(0);
  expect(paused.processed).toBeLessThan(14);
  expect(await second.app.prisma.asset.count({ where: { siteId } })).toBe(paused.created);
  const pagesBefore = wp.requests.filter((r) => r.mode === 'slow').map((r) => r.page);

  wp.state.slowMs = 0;
  await api2.post(`/v1/imports/${jobId}/resume`).send(credentials).expect(202);
  const done = await until(() => api2.get(`/v1/imports/${jobId}`).then((r) => r.body), (job) => job.status !== 'running' && job.status !== 'queued');
  expect(done).toMatchObject({ status: 'completed', processed: 14, created: 13, failed: 1, unchanged: 0 });
  const pagesAfter = wp.requests.filter((r) => r.mode === 'slow').map((r) => r.page).slice(pagesBefore.length);
  expect(pagesAfter[0]).toBe(paused.processed / 2 + 1);
  expect(await second.app.prisma.asset.count({ where: { siteId } })).toBe(13);
  await second.app.close();
});

it('a job left running by a process that stopped shows as paused at start-up', { timeout: 120_000 }, async () => {
  const app = await buildApp(loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }, { dataDir }));
  // Plugins are loaded, start-up hooks not yet run: this is what a crash leaves behind.
  const site = await app.prisma.site.create({ data: { name: 'Crashed', baseUrl: wp.site('pretty') } });
  const job = await app.prisma.importJob.create({ data: { siteId: site.id, kind: 'wordpress_rest', status: 'running', cursor: { page: 3, perPage: 4, fetchFiles: false }, processed: 8 } });
  await app.ready();
  const { token } = await createToken(app.prisma, { name: 'crash test' });
  const shown = (await http(app, token).get(`/v1/imports/${job.id}`).expect(200)).body;
  expect(shown).toMatchObject({ status: 'paused', resumable: true, processed: 8 });
  await http(app, token).post(`/v1/imports/${job.id}/resume`).send(credentials).expect(202);
  const done = await until(() => http(app, token).get(`/v1/imports/${job.id}`).then((r) => r.body), (j) => j.status === 'completed' || j.status === 'failed');
  // Carried on from page 3 of 4: items 9-14, one of which is not an attachment.
  expect(done).toMatchObject({ status: 'completed', processed: 14, created: 5, failed: 1 });
  await app.close();
});
