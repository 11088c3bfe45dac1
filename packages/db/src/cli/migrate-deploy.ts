// Applies pending migrations to the configured database (the API also does this at start-up).
import { defaultDataDir, openDatabase, resolveBackend } from '../index.ts';

const dataDir = process.env.CLEARANCE_DATA_DIR || defaultDataDir();
const db = await openDatabase(resolveBackend(process.env.DATABASE_URL, dataDir));
console.log(
  db.appliedMigrations.length
    ? `applied to ${db.description}: ${db.appliedMigrations.join(', ')}`
    : `${db.description} is up to date`,
);
await db.close();
process.exit(0);
