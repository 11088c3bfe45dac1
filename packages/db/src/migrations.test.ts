import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { expect, it } from 'vitest';
import { applyMigrations, diffSchemaAgainstDatabase } from './migrations.ts';

// A schema.prisma change without its migration (or a hand-written migration, e.g. a partial index,
// that Prisma reads back differently) would make the next `npm run migrate:new` write a surprise.
it('the committed migrations build exactly what schema.prisma describes', async () => {
  const client = await PGlite.create();
  try {
    const adapter = new PrismaPGlite(client);
    await applyMigrations(adapter);
    const sql = await diffSchemaAgainstDatabase(adapter);
    expect(sql.trim() === '' || /^-- This is an empty migration/.test(sql.trim()) ? '' : sql).toBe('');
  } finally {
    await client.close();
  }
}, 120_000);
