// `npm start`: the whole product on this machine — the API (embedded PGlite under ./data unless
// DATABASE_URL says otherwise) and the dashboard (apps/web/server.mjs), both from their compiled builds. A missing or
// stale build (sources newer than it, e.g. after `git pull`) is made first; otherwise it starts at
// once. Both processes are plain `node`, no TypeScript loader.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale, root } from './builds.mjs';

const apiPort = process.env.API_PORT || '4000';
const webPort = process.env.WEB_PORT || '3000';
// One setting for both, loopback by default; the API reads the same one (apps/api/src/config.ts),
// and refuses the API_HOST / WEB_HOST of older versions.
for (const old of ['API_HOST', 'WEB_HOST']) {
  if (process.env[old]) {
    console.error(`${old} is no longer read: set LISTEN_HOST, where both the API and the dashboard listen (default 127.0.0.1; 0.0.0.0 opens both).`);
    process.exit(2);
  }
}
const host = process.env.LISTEN_HOST?.trim() || '127.0.0.1';
const reachable = (h) => (h === '0.0.0.0' || h === '::' ? '127.0.0.1' : h);
const apiUrl = `http://${reachable(host)}:${apiPort}`;
const env = { ...process.env, API_PORT: apiPort, WEB_PORT: webPort, CLEARANCE_API_URL: process.env.CLEARANCE_API_URL || apiUrl, NEXT_TELEMETRY_DISABLED: '1' };

buildIfStale('api', env);
buildIfStale('web', env);

const children = [];
let stopping = false;

function run(name, args, onOutput) {
  if (stopping) return;
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: onOutput ? ['inherit', 'pipe', 'inherit'] : 'inherit' });
  child.stdout?.on('data', (chunk) => {
    process.stdout.write(chunk);
    onOutput(String(chunk));
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? `exit ${code}`}); stopping Clearance.`);
      stop(code || 1);
    }
  });
  children.push(child);
  return child;
}

// The API drains for up to 10 s on SIGTERM (server.ts): wait for the children, with a margin.
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    process.exit(code);
  }, 15_000).unref();
  void Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.on('exit', r))))).then(() =>
    process.exit(code),
  );
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitFor(url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !stopping) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

// On a new instance the API prints the first admin API token and dashboard sign-in, once (before it
// listens): keep them to repeat under the banner, where they are not lost in the dashboard's output.
let apiOutput = '';
let collecting = true;
run('API', ['--enable-source-maps', join(root, 'apps/api/dist/server.js')], (text) => {
  if (collecting) apiOutput += text;
});
if (await waitFor(`${apiUrl}/health`, 120_000)) {
  collecting = false;
  const token = /First admin API token[^\n]*\n\s*\n\s*(clr_\S+)/.exec(apiOutput)?.[1];
  const signIn = /First admin sign-in[^\n]*\n\s*\n\s*email\s+(\S+)\n\s*password\s+(\S+)/.exec(apiOutput);
  const once = [signIn && `    Sign in    ${signIn[1]}  /  ${signIn[2]}`, token && `    API token  ${token}`].filter(Boolean);
  // Not `next start`: server.mjs sets the client's address from the connection (see apps/web/client-headers.mjs).
  run('Dashboard', [join(root, 'apps/web/server.mjs'), '-p', webPort, '-H', host]);
  if (await waitFor(`http://${reachable(host)}:${webPort}/`, 60_000)) {
    console.log(
      `\n  Clearance is running.\n    Dashboard  http://${reachable(host)}:${webPort}\n    API        ${apiUrl}/v1  (docs: ${apiUrl}/docs)\n` +
        (once.length ? `  First start: shown this once, store it now:\n${once.join('\n')}\n` : '') +
        '  Stop with Ctrl+C.\n',
    );
  } else if (!stopping) {
    console.error(`The dashboard did not answer on port ${webPort} within 60 s; stopping Clearance.`);
    stop(1);
  }
} else if (!stopping) {
  console.error(`The API did not answer at ${apiUrl}/health within 120 s; stopping Clearance.`);
  stop(1);
}
