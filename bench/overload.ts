/**
 * Overload: the real API (its own process, started as `npm start` would, on PGlite) with 100,000
 * assets, driven past saturation from a separate load-generator process (bench/overload-sender.ts).
 * For a cheap route (the asset list) and an expensive one (the claim's response pack) it measures
 * the saturation rate closed-loop, then sends 2x that rate open-loop for 20 s and prints p50/p99 of
 * the accepted requests, the share refused with 503, the server's peak memory and the recovery time
 * (from the end of the load to the first 200).
 * Targets: p99 of accepted <= 2 s, peak RSS under overload <= 1.3x the peak at saturation (+50 MB),
 * recovery <= 1 s. `--check` exits 1 when one is missed.
 *
 *   npx tsx bench/overload.ts [--rows 100000] [--seconds 20] [--check]
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../apps/api/src/app.ts';
import { loadConfig } from '../apps/api/src/config.ts';
import { createToken } from '../apps/api/src/modules/tokens/tokens.service.ts';
import type { Phase, PhaseResult } from './overload-sender.ts';
import { percentile, seedAssets } from './lib.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '20' }, check: { type: 'boolean', default: false } },
});
const rows = Number(values.rows);
const seconds = Number(values.seconds);
const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'clearance-overload-'));
const databaseUrl = `pglite:${join(dataDir, 'db')}`;
const port = 4100 + Math.floor(Math.random() * 800);
const address = `http://127.0.0.1:${port}`;

/** Seeds the database in this process, then closes it: only one process may open a PGlite directory. */
async function seed(): Promise<{ token: string; claimId: string }> {
  // Seeding blocks the event loop for seconds; the requests right after it are not to be shed.
  const app = await buildApp(loadConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, { dataDir, maxEventLoopDelayMs: 60_000 }));
  try {
    const { token } = await createToken(app.prisma, { name: 'bench' });
    const site = await app.prisma.site.create({ data: { name: 'Bench site', baseUrl: 'https://bench.example' } });
    console.log(`seeding ${rows.toLocaleString()} assets on ${app.db.description} ...`);
    await seedAssets(app.prisma, rows, [site.id]);
    await app.prisma.$executeRawUnsafe('ANALYZE');
    const auth = { authorization: `Bearer ${token}` };
    const claim = await app.inject({ method: 'POST', url: '/v1/claims', headers: auth, payload: { agency: 'pixsy', siteId: site.id } });
    if (claim.statusCode !== 201) throw new Error(`claim: ${claim.statusCode} ${claim.body}`);
    const claimId = claim.json<{ id: string }>().id;
    const assets = await app.prisma.asset.findMany({ take: 20, select: { id: true }, orderBy: { id: 'asc' } });
    const confirmed = await app.inject({ method: 'PUT', url: `/v1/claims/${claimId}/matches`, headers: auth, payload: { assetIds: assets.map((a) => a.id) } });
    if (confirmed.statusCode !== 200) throw new Error(`matches: ${confirmed.statusCode} ${confirmed.body}`);
    return { token, claimId };
  } finally {
    await app.close();
  }
}

/** The API as `npm start` runs it (sources through tsx), in its own process so its memory is its own. */
async function startServer(): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, CLEARANCE_DATA_DIR: dataDir, API_PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode})`);
    if (await fetch(`${address}/health`).then((r) => r.ok, () => false)) return server;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server did not answer /health within two minutes');
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Runs a phase in the sender while sampling the server's resident memory every 100 ms. */
function runPhase(sender: ChildProcess, server: ChildProcess, phase: Phase): Promise<PhaseResult & { peakRssMb: number }> {
  let peakRssMb = rssMb(server.pid!);
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(server.pid!))), 100);
  return new Promise((resolve, reject) => {
    sender.once('message', (message: PhaseResult | { error: string }) => {
      clearInterval(sampler);
      if ('error' in message) reject(new Error(message.error));
      else resolve({ ...message, peakRssMb });
    });
    sender.send(phase);
  });
}

const s = (msValue: number) => `${(msValue / 1000).toFixed(2)} s`;
const share = (r: PhaseResult, status: string) => (r.statuses[status] ?? 0) / Object.values(r.statuses).reduce((a, b) => a + b, 0);

const { token, claimId } = await seed();
const server = await startServer();
const sender = fork(fileURLToPath(new URL('./overload-sender.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
await new Promise((resolve) => sender.once('message', resolve));
const missed: string[] = [];
try {
  const routes = [
    { name: 'cheap: GET /v1/assets?status=uncovered', method: 'GET', path: '/v1/assets?status=uncovered', concurrency: 8 },
    { name: `expensive: GET /v1/claims/:id/pack`, method: 'GET', path: `/v1/claims/${claimId}/pack`, concurrency: 2 },
  ];
  for (const route of routes) {
    const target = { address, token, method: route.method, path: route.path };
    const saturation = await runPhase(sender, server, { ...target, kind: 'closed', concurrency: route.concurrency, seconds: 5 });
    const rate = saturation.acceptedMs.length / saturation.elapsedS;
    if (rate === 0) throw new Error(`${route.name}: nothing answered 200 at saturation (${JSON.stringify(saturation.statuses)})`);
    const overload = await runPhase(sender, server, { ...target, kind: 'open', rate: 2 * rate, seconds });
    const p99 = overload.acceptedMs.length ? percentile(overload.acceptedMs, 99) : Infinity;
    const memoryBound = saturation.peakRssMb * 1.3 + 50;

    console.log(`\n${route.name}`);
    console.log(`  saturation (closed loop, ${route.concurrency} clients): ${rate.toFixed(1)} req/s, p50 ${s(percentile(saturation.acceptedMs, 50))}, peak RSS ${saturation.peakRssMb.toFixed(0)} MB`);
    console.log(`  overload (open loop, ${(2 * rate).toFixed(1)} req/s for ${seconds} s): statuses ${JSON.stringify(overload.statuses)}`);
    console.log(`    accepted p50 ${overload.acceptedMs.length ? s(percentile(overload.acceptedMs, 50)) : '-'}   p99 ${s(p99)}   503 share ${(100 * share(overload, '503')).toFixed(1)} %`);
    console.log(`    peak RSS ${overload.peakRssMb.toFixed(0)} MB (bound ${memoryBound.toFixed(0)} MB)   recovery ${overload.recoveryMs === undefined ? 'none' : s(overload.recoveryMs)}`);
    if (!(p99 <= 2000)) missed.push(`${route.name}: p99 ${s(p99)} > 2 s`);
    if (overload.peakRssMb > memoryBound) missed.push(`${route.name}: peak RSS ${overload.peakRssMb.toFixed(0)} MB > ${memoryBound.toFixed(0)} MB`);
    if (!(overload.recoveryMs !== undefined && overload.recoveryMs <= 1000)) missed.push(`${route.name}: recovery ${overload.recoveryMs === undefined ? 'none' : s(overload.recoveryMs)} > 1 s`);
    const errors = Object.keys(overload.statuses).filter((k) => k !== '200' && k !== '503');
    if (errors.length) missed.push(`${route.name}: answers other than 200 and 503: ${errors.join(', ')}`);
  }
  console.log(`\ntargets (p99 of accepted <= 2 s, memory bounded, recovery <= 1 s): ${missed.length ? `NOT met:\n  ${missed.join('\n  ')}` : 'met'}`);
} finally {
  sender.kill();
  server.kill('SIGTERM');
  await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(values.check && missed.length ? 1 : 0);
