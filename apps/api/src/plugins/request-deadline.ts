import fp from 'fastify-plugin';

/**
 * How long a client may take to send its request, REQUEST_TIMEOUT_MS, in two phases that do not
 * overlap, both set here and nowhere else:
 *
 * - the headers, within `timeoutMs` of the request's start: Node's `headersTimeout`, checked every
 *   `connectionsCheckingInterval` (slowloris). Node's `requestTimeout` is left off: once the
 *   headers are in and a handler runs it no longer cuts a body that trickles (tried on Node 20),
 *   so it would only repeat the header check.
 * - the body, within `timeoutMs` of the headers: a timer of this plugin, which cuts the connection,
 *   so a client trickling a body a byte a second cannot hold a connection (and a body buffer) for
 *   as long as it likes.
 *
 * A request whose body has arrived is not limited further: the time a handler takes is bounded by
 * its own work (outbound deadlines, load shedding), not by this.
 */
export function serverDeadlines(timeoutMs: number) {
  return {
    requestTimeout: 0,
    http: { headersTimeout: timeoutMs, connectionsCheckingInterval: Math.min(30_000, Math.ceil(timeoutMs / 4)) },
  };
}

export const requestDeadlinePlugin = fp<{ timeoutMs: number }>(
  async (app, { timeoutMs }) => {
    app.addHook('onRequest', async (request, reply) => {
      const raw = request.raw;
      if (raw.complete) return;
      const timer = setTimeout(() => {
        if (raw.complete) return;
        request.log.warn({ timeoutMs }, 'request body not received in time: connection closed');
        raw.socket.destroy();
      }, timeoutMs);
      timer.unref();
      const stop = () => clearTimeout(timer);
      raw.once('end', stop);
      reply.raw.once('close', stop);
    });
  },
  { name: 'request-deadline' },
);
