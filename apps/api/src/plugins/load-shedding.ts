import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from './problem.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Most requests of this route in flight at once (expensive routes); one more is refused with 503. */
    concurrency?: number;
    /** Never refused for load (health checks must answer while the API sheds). */
    unshed?: boolean;
  }
  interface FastifyInstance {
    /** Requests being worked on now: all of them, and per route with a `concurrency` limit. */
    inFlight: { total(): number; route(method: string, url: string): number };
  }
  interface FastifyRequest {
    /** Gives back this request's slots; null when it holds none. Safe to call more than once. */
    releaseLoadSlot: (() => void) | null;
  }
}

/** A refused client may try again this soon; a slot frees as soon as any request in flight ends. */
const retryAfterSeconds = 1;
/** How often the event loop's delay is sampled, in ms. */
const tickMs = 20;

/**
 * How far behind the event loop is, in ms: the lateness of the last timer tick, or the time since
 * it when longer (the loop is stuck in one long round right now).
 *
 * Counting requests alone cannot see this backlog: with the embedded database a request runs
 * from start to end without giving way to I/O, so the requests waiting are still unread on their
 * sockets, not in flight; the loop falls behind instead.
 */
function eventLoopDelay() {
  let lastTick = performance.now();
  let lastLag = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    lastLag = Math.max(0, now - lastTick - tickMs);
    lastTick = now;
  }, tickMs).unref();
  return { now: () => Math.max(lastLag, performance.now() - lastTick - tickMs), stop: () => clearInterval(timer) };
}

/**
 * Load shedding: at most `maxInFlight` requests are worked on at once, a route with
 * `config.concurrency` at most that many of its own, and none while the event loop is more than
 * `maxEventLoopDelayMs` behind. A request over a bound is answered 503
 * `service_unavailable` with Retry-After at once, before authentication or any database work;
 * nothing waits in a queue, so the ones accepted keep their latency and memory stays bounded.
 * A slot is held from onRequest until the response is sent or the connection closes (an aborted
 * request), whichever comes first, and given back exactly once.
 */
export const loadSheddingPlugin = fp(
  async (app, opts: { maxInFlight: number; maxEventLoopDelayMs: number }) => {
    let total = 0;
    const delay = eventLoopDelay();
    app.addHook('onClose', async () => delay.stop());
    const byRoute = new Map<string, number>();
    const routeKey = (method: string, url: string) => `${method} ${url}`;

    app.decorate('inFlight', { total: () => total, route: (method: string, url: string) => byRoute.get(routeKey(method, url)) ?? 0 });
    app.decorateRequest('releaseLoadSlot', null);

    function refuse(request: FastifyRequest, reply: FastifyReply, detail: string) {
      reply.header('retry-after', String(retryAfterSeconds));
      return sendProblem(reply, request, 'service_unavailable', detail);
    }

    app.addHook('onRequest', async (request, reply) => {
      const { config, url, method } = request.routeOptions;
      if (config.unshed) return;
      const limit = config.concurrency;
      const key = limit && url ? routeKey(method as string, url) : undefined;
      if (total >= opts.maxInFlight) return refuse(request, reply, 'The API is at its limit of requests in flight; try again shortly');
      if (delay.now() > opts.maxEventLoopDelayMs) return refuse(request, reply, 'The API is behind with the requests it has; try again shortly');
      if (key && (byRoute.get(key) ?? 0) >= limit!) return refuse(request, reply, `This operation is already running ${limit} at a time; try again shortly`);

      total++;
      if (key) byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        total--;
        if (key) byRoute.set(key, byRoute.get(key)! - 1);
      };
      request.releaseLoadSlot = release;
      // 'close' comes after the response is sent and also when the client goes away first.
      reply.raw.once('close', release);
    });
    app.addHook('onResponse', async (request) => request.releaseLoadSlot?.());
  },
  { name: 'load-shedding', dependencies: ['problem'] },
);
