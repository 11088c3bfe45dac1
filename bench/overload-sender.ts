/**
 * The load generator of bench/overload.ts, in its own process so that its work does not slow the
 * server's event loop. Each message is one phase against one route; the answer is its figures.
 *
 * - closed: `concurrency` clients, each sending its next request when the last one is answered,
 *   for `seconds`: the route's saturation rate (answers 200 per second).
 * - open: requests started at `rate` per second on a fixed schedule, whether or not earlier ones
 *   were answered (as independent users do), for `seconds`; then one request after another until
 *   the first 200: the recovery time.
 */
import { Agent, request } from 'node:http';

export type Target = { address: string; token: string; method: string; path: string };
export type Phase = Target & ({ kind: 'closed'; concurrency: number; seconds: number } | { kind: 'open'; rate: number; seconds: number });
export type PhaseResult = {
  /** Times to answer of the requests answered 200, in ms. */
  acceptedMs: number[];
  statuses: Record<string, number>;
  /** Open: from the end of the load to the first 200 answered, in ms. */
  recoveryMs?: number;
  elapsedS: number;
};

/** A request that takes longer than this counts as failed (status "timeout"). */
const timeoutMs = 60_000;

// node:http rather than fetch: it costs the sender less per request, and no pool limits how many
// requests are outstanding (each waits in the server, not here).
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

function once(target: Target): Promise<{ status: string; ms: number }> {
  const start = performance.now();
  return new Promise((resolve) => {
    const done = (status: string) => resolve({ status, ms: performance.now() - start });
    const req = request(`${target.address}${target.path}`, { method: target.method, agent, headers: { authorization: `Bearer ${target.token}` }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => done(String(res.statusCode)));
      res.on('error', () => done('error'));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done('error'));
    req.end();
  });
}

function tally(results: { status: string; ms: number }[]) {
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { statuses, acceptedMs: results.filter((r) => r.status === '200').map((r) => r.ms) };
}

async function closed(phase: Extract<Phase, { kind: 'closed' }>): Promise<PhaseResult> {
  const start = performance.now();
  const end = start + phase.seconds * 1000;
  const results: { status: string; ms: number }[] = [];
  await Promise.all(
    Array.from({ length: phase.concurrency }, async () => {
      while (performance.now() < end) results.push(await once(phase));
    }),
  );
  return { ...tally(results), elapsedS: (performance.now() - start) / 1000 };
}

async function open(phase: Extract<Phase, { kind: 'open' }>): Promise<PhaseResult> {
  const start = performance.now();
  const total = Math.round(phase.rate * phase.seconds);
  const pending: Promise<{ status: string; ms: number }>[] = [];
  for (let i = 0; i < total; i++) {
    // On schedule from the start, so a late timer does not lower the rate.
    const due = start + (i * 1000) / phase.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(once(phase));
  }
  const loadEnd = performance.now();
  let recoveryMs: number | undefined;
  while (recoveryMs === undefined && performance.now() - loadEnd < timeoutMs) {
    const r = await once(phase);
    if (r.status === '200') recoveryMs = performance.now() - loadEnd;
  }
  const results = await Promise.all(pending);
  return { ...tally(results), recoveryMs, elapsedS: (loadEnd - start) / 1000 };
}

process.on('message', (phase: Phase) => {
  const run = phase.kind === 'closed' ? closed(phase) : open(phase);
  run.then(
    (result) => process.send!(result),
    (error: unknown) => process.send!({ error: error instanceof Error ? error.message : String(error) }),
  );
});
process.send!('ready');
