// Verifies the whole audit chain: `npm run audit:verify`. Exit 0 when intact, 1 with the first
// broken event otherwise. With the embedded database, stop the API first (or use GET /v1/audit/verify).
import { loadConfig } from '../config.ts';
import { openDatabaseOrExit } from './open-database.ts';
import { verifyAuditChain } from '../modules/audit/audit.service.ts';

const config = loadConfig();
const db = await openDatabaseOrExit(config);
const report = await verifyAuditChain(db.prisma);
await db.close();
if (report.ok) {
  console.log(`audit chain intact: ${report.checked} events, head ${report.headHash}`);
  process.exit(0);
}
console.error(`audit chain BROKEN at event ${report.firstBroken!.seq} (${report.firstBroken!.reason}); ${report.checked} events before it verify`);
process.exit(1);
