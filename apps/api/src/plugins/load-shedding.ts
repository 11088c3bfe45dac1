import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
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
    /** This request's slots; null when it holds none. */
    loadSlot: LoadSlot | null;
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
 * The slots one request holds. They come back once, when both are true: the connection is closed
 * (the response went out, or the client went away), and the work is over — the handler has
 * settled and Fastify has sent (or tried to send) its answer. A client that aborts therefore
 * frees nothing while its handler still works; the bound is on work, not on open sockets.
 */
class LoadSlot {
  private closed = false;
  private handlers = 0;
  private answered = false;
  private held = true;
  constructor(private readonly giveBack: () => void) {}

  connectionClosed() {
    this.closed = true;
    this.check();
  }
  handlerStarted() {
    this.handlers++;
  }
  handlerSettled(reply: FastifyReply) {
    this.handlers--;
    // A reply that was sent (or hijacked) by the handler itself gets no further answer from Fastify.
    if (reply.sent) this.answered = true;
    this.check();
  }
  /** Fastify is sending an answer: the handler's or an error's (also to a client already gone). */
  answering() {
    this.answered = true;
    this.check();
  }
  private check() {
    if (!this.held || !this.closed || !this.answered || this.handlers > 0) return;
    this.held = false;
    this.giveBack();
  }
}

/** Wraps a route's handler so that its slot knows when the handler's work has settled. */
function trackHandler(handler: RouteHandlerMethod): RouteHandlerMethod {
  return function (this: unknown, request: FastifyRequest, reply: FastifyReply) {
    const slot = request.loadSlot;
    if (!slot) return handler.call(this as never, request, reply);
    slot.handlerStarted();
    let result: unknown;
    try {
      result = handler.call(this as never, request, reply);
    } catch (error) {
      slot.handlerSettled(reply);
      throw error;
    }
    if (result instanceof Promise) {
      const settled = () => slot.handlerSettled(reply);
      result.then(settled, settled);
    } else slot.handlerSettled(reply);
    return result;
  };
}

/**
 * Load shedding: at most `maxInFlight` requests are worked on at once, a route with
 * `config.concurrency` at most that many of its own, and none while the event loop is more than
 * `maxEventLoopDelayMs` behind. A request over a bound is answered 503 `overloaded` with
 * Retry-After at once, before authentication or any database work; nothing waits in a queue, so
 * the ones accepted keep their latency and memory stays bounded. A slot is taken in onRequest and
 * held until the connection is closed and the request's work is over (LoadSlot).
 */
export const loadSheddingPlugin = fp(
  async (app, opts: { maxInFlight: number; maxEventLoopDelayMs: number }) => {
    let total = 0;
    const delay = eventLoopDelay();
    app.addHook('onClose', async () => delay.stop());
    const byRoute = new Map<string, number>();
    const routeKey = (method: string, url: string) => `${method} ${url}`;

    app.decorate('inFlight', { total: () => total, route: (method: string, url: string) => byRoute.get(routeKey(method, url)) ?? 0 });
    app.decorateRequest('loadSlot', null);
    app.addHook('onRoute', (route) => {
      if (!route.config?.unshed) route.handler = trackHandler(route.handler);
    });

    function refuse(request: FastifyRequest, reply: FastifyReply, detail: string) {
      reply.header('retry-after', String(retryAfterSeconds));
      return sendProblem(reply, request, 'overloaded', detail);
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
      const slot = new LoadSlot(() => {
        total--;
        if (key) byRoute.set(key, byRoute.get(key)! - 1);
      });
      request.loadSlot = slot;
      // 'close' comes after the response is sent and also when the client goes away first.
      reply.raw.once('close', () => slot.connectionClosed());
    });
    app.addHook('onSend', async (request) => request.loadSlot?.answering());
  },
  { name: 'load-shedding', dependencies: ['problem'] },
);
