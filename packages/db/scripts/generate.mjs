// Runs `prisma generate` offline. The Prisma 7 CLI wants to download a native schema-engine
// binary first; generating the client does not need it, so point the CLI at a stub that exits 1.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');

// A production install (`npm ci --omit=dev`) needs no client: the compiled API in apps/api/dist
// carries it. npm may keep the prisma CLI there (an optional peer of @prisma/client), so the
// install's own --omit=dev is what tells, and a missing CLI too. Say so instead of failing.
try {
  if ((process.env.npm_config_omit ?? '').split(/[\s,]+/).includes('dev')) throw new Error('production install');
  createRequire(import.meta.url).resolve('prisma/package.json');
} catch {
  console.log(existsSync(join(root, 'apps/api/dist/server.js'))
    ? 'Production install: using the Prisma client compiled into apps/api/dist'
    : 'Production install without a build: run a full `npm install` and `npm run build` first');
  process.exit(0);
}
const stub = join(mkdtempSync(join(tmpdir(), 'prisma-stub-')), 'schema-engine');
writeFileSync(stub, '#!/bin/sh\nexit 1\n');
chmodSync(stub, 0o755);

const result = spawnSync('npx', ['prisma', 'generate', '--schema', 'prisma/schema.prisma'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
});
process.exit(result.status ?? 1);
