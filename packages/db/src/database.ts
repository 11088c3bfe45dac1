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

async function connect(backend: Backend): Promise<Connection> {
  if (backend.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: backend.url, max: 10 });
    // An idle client's error (server restart) must not crash the process; the next query reports it.
    pool.on('error', () => {});
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
    const appliedMigrations = await applyMigrations(connection.adapter);
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
