import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../lib/errors.ts';
import { findActiveToken } from '../modules/tokens/tokens.service.ts';

/** Who is calling, and what they may see: one site, or (siteId null) the whole instance. */
export type Auth = { tokenId: string; siteId: string | null; /** Who the audit trail names: `token:<id>`. */ actor: string };

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth;
  }
  interface FastifyContextConfig {
    /** Routes that answer without credentials (health checks only). */
    public?: boolean;
  }
}

const lastUsedWrite = new Map<string, number>();
const lastUsedEveryMs = 60_000;

/** Every route needs a Bearer API token unless it is marked `config: { public: true }`. */
export const authPlugin = fp(
  async (app) => {
    app.decorateRequest('auth', null as unknown as Auth);
    app.addHook('onRequest', async (request: FastifyRequest) => {
      if (request.routeOptions.config.public) return;
      const header = request.headers.authorization;
      if (!header) throw new AppError('unauthorized', 'Send an API token: Authorization: Bearer <token>');
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <token>"');
      const row = await findActiveToken(app.prisma, match[1]!);
      if (!row) throw new AppError('invalid_token');
      request.auth = { tokenId: row.id, siteId: row.siteId, actor: `token:${row.id}` };
      // Recording every use would put a write on every read; once a minute per token is enough.
      const now = Date.now();
      if ((lastUsedWrite.get(row.id) ?? 0) + lastUsedEveryMs < now) {
        lastUsedWrite.set(row.id, now);
        await app.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
      }
    });
  },
  { name: 'auth', dependencies: ['db'] },
);
