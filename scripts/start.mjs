// `npm start`: the whole product on this machine — the API (embedded PGlite under ./data unless
// DATABASE_URL says otherwise) and the dashboard, which is built on first start.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const apiPort = process.env.API_PORT || '4000';
const webPort = process.env.WEB_PORT || '3000';
const host = process.env.API_HOST || '127.0.0.1';
const apiUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${apiPort}`;
const env = { ...process.env, API_PORT: apiPort, WEB_PORT: webPort, CLEARANCE_API_URL: process.env.CLEARANCE_API_URL || apiUrl, NEXT_TELEMETRY_DISABLED: '1' };

if (!existsSync(`${root}/apps/web/.next/BUILD_ID`)) {
  console.log('Building the dashboard (first start only)...');
  const build = spawnSync('npm', ['run', 'build', '-w', '@clearance/web'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = [];
function run(name, args, onOutput) {
  const child = spawn('npm', args, { cwd: root, env, stdio: onOutput ? ['inherit', 'pipe', 'inherit'] : 'inherit', detached: true });
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

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  // Each child leads its own process group (detached), so this reaches npm and what it started.
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  }
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitFor(url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !stopping) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

// On a new instance the API prints the first admin API token and dashboard sign-in, once (before it
// listens): keep them to repeat under the banner, where they are not lost in the dashboard's output.
let apiOutput = '';
let collecting = true;
run('API', ['run', 'start', '-w', '@clearance/api'], (text) => {
  if (collecting) apiOutput += text;
});
if (await waitFor(`${apiUrl}/health`, 120_000)) {
  collecting = false;
  const token = /First admin API token[^\n]*\n\s*\n\s*(clr_\S+)/.exec(apiOutput)?.[1];
  const signIn = /First admin sign-in[^\n]*\n\s*\n\s*email\s+(\S+)\n\s*password\s+(\S+)/.exec(apiOutput);
  const once = [
    signIn && `    Sign in    ${signIn[1]}  /  ${signIn[2]}`,
    token && `    API token  ${token}`,
  ].filter(Boolean);
  run('Dashboard', ['run', 'start', '-w', '@clearance/web']);
  if (await waitFor(`http://127.0.0.1:${webPort}/`, 60_000)) {
    console.log(
      `\n  Clearance is running.\n    Dashboard  http://127.0.0.1:${webPort}\n    API        ${apiUrl}/v1  (docs: ${apiUrl}/docs)\n` +
        (once.length ? `  First start: shown this once, store it now:\n${once.join('\n')}\n` : '') +
        '  Stop with Ctrl+C.\n',
    );
  }
}
