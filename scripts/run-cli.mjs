// `npm run tokens|users|audit:verify|scrub|backup|migrate:deploy`: runs the compiled command from
// apps/api/dist, compiling the API first when its sources are newer than the build.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfStale, root } from './builds.mjs';

const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error('usage: node scripts/run-cli.mjs <command> [args...]');
  process.exit(2);
}
buildIfStale('api');
process.argv = [process.argv[0], join(root, `apps/api/dist/cli/${name}.js`), ...args];
await import(pathToFileURL(process.argv[1]).href);
