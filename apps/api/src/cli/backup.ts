// Whole-instance backup and restore (database rows + stored files + manifest of hashes):
//   npm run backup -- export <file.tar.gz>
//   npm run backup -- restore <file.tar.gz>      (into a new, empty instance; either backend)
// With the embedded database, stop the API first.
import { openBlobStore } from '../lib/blob-store/index.ts';
import { loadConfig } from '../config.ts';
import { openDatabaseOrExit } from './open-database.ts';
import { exportInstance, RestoreError, restoreInstance } from '../modules/backup/backup.service.ts';

const [command, file] = process.argv.slice(2);
if ((command !== 'export' && command !== 'restore') || !file) {
  console.error('usage: backup export <file.tar.gz> | backup restore <file.tar.gz>');
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabaseOrExit(config);
const blobs = await openBlobStore(config.blobStoreUrl, config.dataDir);
let code = 0;
try {
  console.log(`${command === 'export' ? 'exporting' : 'restoring'} ${db.description} + ${blobs.description} ${command === 'export' ? 'to' : 'from'} ${file}`);
  const manifest = await (command === 'export' ? exportInstance : restoreInstance)(db.prisma, blobs, file, console.log);
  const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
  console.log(`done: ${rows} rows, ${manifest.blobs.length} files`);
} catch (error) {
  if (!(error instanceof RestoreError)) throw error;
  console.error(error.message);
  code = 1;
} finally {
  await blobs.close();
  await db.close();
}
process.exit(code);
