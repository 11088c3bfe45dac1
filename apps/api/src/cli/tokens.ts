// Create, list and revoke API tokens from the shell:
//   npm run tokens -- create --name <name> [--site <siteId>]
//   npm run tokens -- list
//   npm run tokens -- revoke <tokenId>
// With the embedded database, stop the API first (only one process may open it).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabaseOrExit } from './open-database.ts';
import { createToken, listTokens, revokeToken } from '../modules/tokens/tokens.service.ts';

const usage = 'usage: tokens create --name <name> [--site <siteId>] | tokens list | tokens revoke <tokenId>';
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, site: { type: 'string' } },
});
const [command, id] = positionals;

const config = loadConfig();
const db = await openDatabaseOrExit(config);

let code = 0;
try {
  if (command === 'create' && values.name) {
    const created = await createToken(db.prisma, { name: values.name, siteId: values.site ?? null });
    console.log(`created ${created.id} (${created.siteId ? `site ${created.siteId}` : 'whole instance'})`);
    console.log(`token (shown once): ${created.token}`);
  } else if (command === 'list') {
    for (const t of await listTokens(db.prisma)) {
      console.log([t.id, t.prefix + '…', t.name, t.siteId ?? 'instance', t.revokedAt ? `revoked ${t.revokedAt}` : 'active'].join('\t'));
    }
  } else if (command === 'revoke' && id) {
    const revoked = await revokeToken(db.prisma, id);
    console.log(`revoked ${revoked.id} at ${revoked.revokedAt}`);
  } else {
    console.error(usage);
    code = 2;
  }
} catch (error) {
  console.error((error as Error).message);
  code = 1;
} finally {
  await db.close();
}
process.exit(code);
