import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { type Backend, describeBackend } from './backend.ts';
import { PrismaClient } from './generated/client.ts';
import { lockDataDir } from './pglite-lock.ts';
import { applyMigrations } from './migrations.ts';

export type Database = {
  prisma: PrismaClient;
  backend: Backend;
  description: string;
  /** Names of the migrations applied while opening. */
  appliedMigrations: string[];
  close(): Promise<void>;
};

type Connection = { adapter: SqlMigrationAwareDriverAdapterFactory; close(): Promise<void> };

function postgresPool(url: string, max: number) {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return pool;
}

/**
 * Migrations run on a connection of their own, closed afterwards: the schema engine takes a
 * session advisory lock that it does not release, so on a shared pool the connection kept it and
 * every other process on the same database (a second API, `npm run worker`) hung at its start.
 */
async function migrate(backend: Backend, adapter: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  if (backend.kind !== 'postgres') return applyMigrations(adapter);
  const pool = postgresPool(backend.url, 1);
  try {
    return await applyMigrations(new PrismaPg(pool));
  } finally {
    await pool.end();
  }
}

async function connect(backend: Backend): Promise<Connection> {
  if (backend.kind === 'postgres') {
    const pool = postgresPool(backend.url, 10);
    return { adapter: new PrismaPg(pool), close: () => pool.end() };
  }
  const inMemory = backend.dataDir === 'memory://';
  const release = inMemory ? () => {} : lockDataDir(backend.dataDir);
  try {
    if (!inMemory) mkdirSync(dirname(backend.dataDir), { recursive: true });
    const client = await PGlite.create(inMemory ? undefined : backend.dataDir);
    return {
      adapter: new PrismaPGlite(client),
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Opens the database, applies pending migrations, and returns a Prisma client on it. */
export async function openDatabase(backend: Backend): Promise<Database> {
  const connection = await connect(backend);
  try {
    const appliedMigrations = await migrate(backend, connection.adapter);
    const prisma = new PrismaClient({ adapter: connection.adapter });
    return {
      prisma,
      backend,
      description: describeBackend(backend),
      appliedMigrations,
      close: async () => {
        await prisma.$disconnect();
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
