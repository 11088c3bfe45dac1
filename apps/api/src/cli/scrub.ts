// Re-hashes every stored blob: `npm run scrub`. Exit 0 when all are intact, 1 otherwise.
// With the embedded database, stop the API first (or use POST /v1/integrity/scrub).
import { openBlobStore } from '../lib/blob-store/index.ts';
import { loadConfig } from '../config.ts';
import { openDatabaseOrExit } from './open-database.ts';
import { scrubBlobs } from '../modules/integrity/scrub.service.ts';

const config = loadConfig();
const db = await openDatabaseOrExit(config);
const blobs = await openBlobStore(config.blobStoreUrl, config.dataDir);
console.log(`scrubbing ${blobs.description} against ${db.description}`);
const report = await scrubBlobs(db.prisma, blobs, (done, total) => console.log(`  ${done}/${total}`));
await blobs.close();
await db.close();
console.log(`checked ${report.checked}: ${report.ok} intact, ${report.missing.length} missing, ${report.corrupted.length} corrupted, ${report.unreferenced} unreferenced`);
for (const b of report.missing) console.error(`MISSING   ${b.sha256}  proofs: ${b.proofIds.join(', ') || '-'}`);
for (const b of report.corrupted) console.error(`CORRUPTED ${b.sha256}  proofs: ${b.proofIds.join(', ') || '-'}`);
process.exit(report.missing.length || report.corrupted.length ? 1 : 0);
