// `write` regenerates apps/api/openapi.json from the route schemas; `check` fails when the
// committed file differs from what the code produces (CI runs it, so the two never drift).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';

const file = fileURLToPath(new URL('../../openapi.json', import.meta.url));
const mode = process.argv[2];
if (mode !== 'write' && mode !== 'check') {
  console.error('usage: openapi.ts write|check');
  process.exit(2);
}

const app = await buildApp(loadConfig({ ...process.env, DATABASE_URL: 'pglite:memory', LOG_LEVEL: 'silent' }));
await app.ready();
const generated = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();

if (mode === 'write') {
  writeFileSync(file, generated);
  console.log(`wrote ${file}`);
} else {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // missing counts as drift
  }
  if (committed !== generated) {
    console.error('apps/api/openapi.json is out of date with the route schemas: run `npm run openapi:write` and commit it.');
    process.exit(1);
  }
  console.log('openapi.json matches the routes');
}
process.exit(0);
