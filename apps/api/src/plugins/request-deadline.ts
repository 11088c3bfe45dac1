import fp from 'fastify-plugin';

/**
 * A request body must have arrived within `requestTimeoutMs` of its headers, or the connection is
 * cut. Node's own `requestTimeout` stops counting once the headers are in and the handler runs,
 * so a client trickling its body a byte a second would otherwise hold a connection (and a body
 * buffer) for as long as it likes.
 */
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
