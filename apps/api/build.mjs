// `npm run build -w @clearance/api`: the API server and its command-line tools as plain JavaScript in
// dist/, so that production runs `node dist/server.js` with no TypeScript loader. The workspace
// packages (@clearance/db with its generated Prisma client, @clearance/contracts) are compiled
// into the bundle; every other package stays an import from node_modules, as installed.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const apiDir = dirname(fileURLToPath(import.meta.url));
const outdir = join(apiDir, 'dist');

const entryPoints = {
  server: 'src/server.ts',
  'cli/tokens': 'src/cli/tokens.ts',
  'cli/users': 'src/cli/users.ts',
  'cli/audit-verify': 'src/cli/audit-verify.ts',
  'cli/scrub': 'src/cli/scrub.ts',
  'cli/backup': 'src/cli/backup.ts',
  'cli/worker': 'src/cli/worker.ts',
  'cli/migrate-deploy': '../../packages/db/src/cli/migrate-deploy.ts',
};

/** Bare imports stay imports, except our own workspaces, whose TypeScript sources are bundled. */
const keepPackagesExternal = {
  name: 'keep-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@clearance/') ? undefined : { path: args.path, external: true }));
  },
};

// The Prisma client is generated at install; after a `git pull` that changed the schema it is older
// than the schema, and bundling it would pair new migrations with an old client.
const schema = join(apiDir, '../../prisma/schema.prisma');
const client = join(apiDir, '../../packages/db/src/generated/client.ts');
if (!existsSync(client) || statSync(client).mtimeMs < statSync(schema).mtimeMs) {
  const generate = spawnSync(process.execPath, [join(apiDir, '../../packages/db/scripts/generate.mjs')], { stdio: ['ignore', 2, 'inherit'] });
  if (generate.status !== 0) process.exit(generate.status ?? 1);
}

const started = Date.now();
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: apiDir,
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [keepPackagesExternal],
  logLevel: 'warning',
  // Node's ESM has no require(); a bundled CommonJS helper that calls it gets one.
  banner: { js: "import { createRequire as __clearanceCreateRequire } from 'node:module'; const require = __clearanceCreateRequire(import.meta.url);" },
});
// Read by scripts/builds.mjs: sources newer than this stamp mean the build is stale.
writeFileSync(join(outdir, 'BUILD_STAMP'), new Date().toISOString() + '\n');
console.log(`API compiled to ${outdir} in ${Date.now() - started} ms`);
