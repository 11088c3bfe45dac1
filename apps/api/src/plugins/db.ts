import { openDatabase, resolveBackend, type Database, type PrismaClient } from '@clearance/db';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    prisma: PrismaClient;
  }
}

/** Opens the database (applying migrations) and closes it with the app. */
export const dbPlugin = fp(
  async (app, opts: { config: Config }) => {
    const db = await openDatabase(resolveBackend(opts.config.databaseUrl, opts.config.dataDir));
    if (db.appliedMigrations.length) app.log.info({ migrations: db.appliedMigrations }, 'applied migrations');
    app.log.info(`database: ${db.description}`);
    app.decorate('db', db);
    app.decorate('prisma', db.prisma);
    app.addHook('onClose', async () => db.close());
  },
  { name: 'db' },
);
