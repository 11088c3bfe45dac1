// Applies pending migrations to the configured database (the API also does this at start-up).
import { join } from 'node:path';
import { findProjectRoot, openDatabase, resolveBackend } from '../index.ts';

// The same default as the API's config: data/ at the project root.
const dataDir = process.env.CLEARANCE_DATA_DIR || join(findProjectRoot(), 'data');
const db = await openDatabase(resolveBackend(process.env.DATABASE_URL, dataDir));
console.log(
  db.appliedMigrations.length
    ? `applied to ${db.description}: ${db.appliedMigrations.join(', ')}`
    : `${db.description} is up to date`,
);
await db.close();
process.exit(0);
