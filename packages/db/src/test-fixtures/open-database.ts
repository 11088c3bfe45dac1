// Opens a PGlite directory from a separate process (used by pglite-lock.test.ts).
import { openDatabase } from '../database.ts';

try {
  const db = await openDatabase({ kind: 'pglite', dataDir: process.argv[2]! });
  await db.close();
  process.exit(0);
} catch (error) {
  console.error((error as Error).message);
  process.exit(3);
}
