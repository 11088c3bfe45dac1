import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A database URL for one test file. PGlite in memory by default; when DATABASE_URL points at a
 * PostgreSQL server, a throwaway database on it, dropped afterwards.
 */
export async function createTestDatabase(
  serverUrl: string | undefined = process.env.DATABASE_URL,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!serverUrl?.startsWith('postgres')) return { url: 'pglite:memory', drop: async () => {} };
  const name = `clearance_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
