import { openDatabase, resolveBackend, type Database } from '@clearance/db';
import type { Config } from '../config.ts';

/**
 * The configured database for a command-line tool. A clear message and exit 1 instead of a
 * stack trace when it cannot be opened (most often: the API holds the embedded database).
 */
export async function openDatabaseOrExit(config: Config): Promise<Database> {
  try {
    return await openDatabase(resolveBackend(config.databaseUrl, config.dataDir));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
