// The two builds `npm start` and the CLI commands run from: the compiled API (apps/api/dist) and
// the dashboard (apps/web/.next). Each is rebuilt when it is missing or older than its sources (e.g.
// after `git pull`), and used as it is otherwise, so a second start is quick. Staleness compares
// modification times.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
const requireFromWeb = createRequire(join(root, 'apps/web/package.json'));
export const nextBin = requireFromWeb.resolve('next/dist/bin/next');

const targets = {
  api: {
    label: 'the API',
    stamp: 'apps/api/dist/BUILD_STAMP',
    sources: ['apps/api/src', 'apps/api/build.mjs', 'apps/api/package.json', 'packages/db/src', 'packages/contracts/src', 'prisma/schema.prisma', 'package-lock.json'],
    command: () => [join(root, 'apps/api/build.mjs')],
  },
  web: {
    label: 'the dashboard',
    stamp: 'apps/web/.next/BUILD_ID',
    sources: ['apps/web/src', 'apps/web/next.config.mjs', 'apps/web/package.json', 'packages/contracts/src', 'package-lock.json'],
    command: () => [nextBin, 'build', join(root, 'apps/web')],
  },
};

const ignored = new Set(['node_modules', 'dist', '.next', '.turbo', 'test', 'generated']);

// A folder's own time counts too: it changes when a file in it is deleted or renamed.
function newestIn(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (ignored.has(entry.name) || entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestIn(join(path, entry.name)));
  }
  return newest;
}

function installed(name) {
  try {
    requireFromWeb.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Builds `name` ('api' or 'web') if it has no build or one older than any of its sources. */
export function buildIfStale(name, env = process.env) {
  const target = targets[name];
  const stampPath = join(root, target.stamp);
  const built = existsSync(stampPath) ? statSync(stampPath).mtimeMs : 0;
  if (built && !target.sources.some((source) => newestIn(join(root, source)) > built)) return;
  // A production install (`npm ci --omit=dev` after a build, the Docker image) has no build tools
  // (esbuild is a dev dependency): it runs the build it was given.
  if (built && !installed('esbuild')) {
    console.warn(`${target.label}: sources look newer than the build, but the build tools are not installed; using the existing build.`);
    return;
  }
  // On stderr, build output included: a CLI command's own stdout stays clean.
  console.error(`Building ${target.label}${built ? ' (its sources changed)' : ''}...`);
  const result = spawnSync(process.execPath, target.command(), { cwd: root, env, stdio: ['ignore', 2, 'inherit'] });
  if (result.status !== 0) {
    console.error(`Building ${target.label} failed.`);
    process.exit(result.status ?? 1);
  }
}
