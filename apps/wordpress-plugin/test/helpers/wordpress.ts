/**
 * A real WordPress (Debian's `wordpress` package, PHP 8.2, the machine's MariaDB) on loopback,
 * for one test run: its own database, its own host name (a random 127.x.y.z address, since
 * Debian's wp-config.php picks /etc/wordpress/config-<host>.php without the port), its own
 * wp-content with the plugin linked in, served by `php -S` with a router. Paths and database
 * credentials come from wordpress-paths.ts (WORDPRESS_DIR, WORDPRESS_CONFIG_DIR, ...).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wordpressPaths } from './wordpress-paths.ts';

const paths = wordpressPaths();
const phpDir = fileURLToPath(new URL('../php/', import.meta.url));
const pluginDir = fileURLToPath(new URL('../../clearance/', import.meta.url));

function mariadb(sql: string) {
  const { host, user, password } = paths.db;
  // The password goes in the environment, not on the command line (where ps would show it).
  const env = password ? { ...process.env, MYSQL_PWD: password } : process.env;
  for (const bin of ['mariadb', 'mysql']) {
    const run = spawnSync(bin, [`--host=${host}`, `--user=${user}`, '--batch', '--skip-column-names', '-e', sql], { encoding: 'utf8', env });
    if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') continue;
    return run;
  }
  return null;
}

/** What is missing to run WordPress here, or null when everything is. */
export function missingPrerequisites(): string | null {
  const { root, configDir, themesDir, db: dbSettings } = paths;
  if (!existsSync(join(root, 'wp-load.php'))) return `no WordPress at ${root} (set WORDPRESS_DIR)`;
  if (!existsSync(themesDir)) return `no themes directory at ${themesDir} (set WORDPRESS_THEMES_DIR)`;
  const php = spawnSync('php', ['-m'], { encoding: 'utf8' });
  if (php.error || php.status !== 0) return 'php (php-cli) is not installed';
  for (const ext of ['mysqli', 'gd', 'curl']) if (!new RegExp(`^${ext}$`, 'mi').test(php.stdout)) return `the PHP extension ${ext} is missing (php-mysql, php-gd, php-curl)`;
  const db = mariadb('SELECT 1');
  if (!db) return 'the mariadb/mysql client is not installed';
  if (db.status !== 0) return `MariaDB does not answer as ${dbSettings.user} at ${dbSettings.host} (WORDPRESS_DB_HOST, WORDPRESS_DB_USER, WORDPRESS_DB_PASSWORD): ${db.stderr.trim()}`;
  try {
    accessSync(configDir, constants.W_OK);
  } catch {
    return `${configDir} is not writable (the test writes a config-<host>.php there; run as root, or set WORDPRESS_CONFIG_DIR)`;
  }
  return null;
}

/** A PHP single-quoted string literal. */
const phpString = (value: string) => `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export type WordPress = {
  origin: string;
  host: string;
  contentDir: string;
  /** Basic auth header for the admin's Application Password. */
  auth: string;
  /** Runs test/php/inspect.php with CLEARANCE_ACTION and returns its JSON. */
  inspect<T = any>(action: string, input?: unknown): Promise<T>;
  /** The REST API (`?rest_route=`: no pretty permalinks needed). */
  rest(route: string, init?: RequestInit): Promise<Response>;
  /** Logs the admin in through wp-login.php; returns the Cookie header for wp-admin pages. */
  login(): Promise<string>;
  /** What PHP logged (WP_DEBUG_LOG): warnings, notices, deprecations. */
  debugLog(): string;
  stop(): Promise<void>;
};

/**
 * Runs a PHP script asynchronously: the Clearance API under test answers from this same Node
 * process, so a synchronous child would block it while PHP waits for its answers.
 */
function runPhpAsync(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('php', [join(phpDir, script)], { env: { ...process.env, CLEARANCE_WP_DIR: paths.root, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`php ${script} failed (${code}): ${stderr}\n${stdout}`));
      else resolve(stdout.trim().split('\n').pop() ?? '');
    });
  });
}

/** Kills a `php -S` and its workers: they outlive their parent, so the whole process group goes. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

export type WordPressPlan = { host: string; port: number; hostPort: string; origin: string };

/** Where this run's WordPress will answer: a random loopback address and a free port on it. */
export async function planWordPress(): Promise<WordPressPlan> {
  const bytes = randomBytes(3);
  const host = `127.${1 + (bytes[0]! % 250)}.${bytes[1]! % 250}.${1 + (bytes[2]! % 250)}`;
  const port = await freePort(host);
  return { host, port, hostPort: `${host}:${port}`, origin: `http://${host}:${port}` };
}

export async function startWordPress(plan: WordPressPlan, settings: Record<string, string>): Promise<WordPress> {
  const id = randomBytes(5).toString('hex');
  const { host, hostPort, origin } = plan;
  const dbName = `clearance_wp_${id}`;
  const work = mkdtempSync(join(tmpdir(), 'clearance-wp-'));
  const contentDir = join(work, 'wp-content');
  mkdirSync(join(contentDir, 'plugins'), { recursive: true });
  mkdirSync(join(contentDir, 'uploads'), { recursive: true });
  symlinkSync(pluginDir.replace(/\/$/, ''), join(contentDir, 'plugins', 'clearance'));
  symlinkSync(paths.themesDir, join(contentDir, 'themes'));
  const configFile = join(paths.configDir, `config-${host}.php`);

  let server: ChildProcess | null = null;
  const onExit = () => server && killGroup(server, 'SIGKILL');
  const cleanup = async () => {
    if (server) {
      const s = server;
      const exited = new Promise<void>((resolve) => (s.exitCode !== null || s.signalCode !== null ? resolve() : s.once('exit', () => resolve())));
      killGroup(s, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      killGroup(s, 'SIGKILL');
      server = null;
    }
    process.off('exit', onExit);
    mariadb(`DROP DATABASE IF EXISTS ${dbName}`);
    rmSync(configFile, { force: true });
    rmSync(work, { recursive: true, force: true });
  };

  try {
    const created = mariadb(`CREATE DATABASE ${dbName} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    if (!created || created.status !== 0) throw new Error(`could not create the MariaDB database: ${created?.stderr}`);
    writeFileSync(
      configFile,
      `<?php
// Written by apps/wordpress-plugin/test for one run; removed afterwards.
define('DB_NAME', '${dbName}');
define('DB_USER', ${phpString(paths.db.user)});
define('DB_PASSWORD', ${phpString(paths.db.password)});
define('DB_HOST', ${phpString(paths.db.host)});
define('WP_HOME', '${origin}');
define('WP_SITEURL', '${origin}');
define('WP_CONTENT_DIR', ${phpString(contentDir)});
define('WP_CONTENT_URL', '${origin}/wp-content');
// Application Passwords are refused over plain http unless the environment is local.
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', ${phpString(join(work, 'debug.log'))});
define('AUTOMATIC_UPDATER_DISABLED', true);
// Nothing leaves loopback: WordPress may only reach itself and 127.0.0.1 (Clearance).
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_ACCESSIBLE_HOSTS', '127.0.0.1,${host}');
`,
    );
    const env = { CLEARANCE_WP_HOST: hostPort };
    const adminPassword = randomBytes(12).toString('hex');
    await runPhpAsync('install.php', { ...env, CLEARANCE_ADMIN_PASSWORD: adminPassword });
    const configured = JSON.parse(await runPhpAsync('configure.php', { ...env, CLEARANCE_SETTINGS: JSON.stringify(settings) }));
    if (!configured.active || !configured.table) throw new Error(`the plugin did not activate: ${JSON.stringify(configured)}`);

    // Several workers: WordPress makes requests to itself, and Clearance fetches license pages from it.
    server = spawn('php', ['-S', hostPort, '-t', paths.root, join(phpDir, 'router.php')], {
      env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4', CLEARANCE_WP_CONTENT_DIR: contentDir },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    process.on('exit', onExit);
    let log = '';
    server.stderr!.on('data', (d) => (log = (log + d).slice(-4000)));
    const until = Date.now() + 30_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`php -S exited: ${log}`);
      if (Date.now() > until) throw new Error(`WordPress did not answer at ${origin}: ${log}`);
      try {
        if ((await fetch(`${origin}/?rest_route=/`)).ok) break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const auth = `Basic ${Buffer.from(`admin:${configured.appPassword}`).toString('base64')}`;
    return {
      origin,
      host: hostPort,
      contentDir,
      auth,
      inspect: async (action, input) => JSON.parse(await runPhpAsync('inspect.php', { ...env, CLEARANCE_ACTION: action, CLEARANCE_INPUT: JSON.stringify(input ?? null) })),
      rest: (route, init = {}) => {
        const [path, query] = route.split('?');
        return fetch(`${origin}/?rest_route=${encodeURIComponent(path!).replace(/%2F/g, '/')}${query ? `&${query}` : ''}`, {
          ...init,
          headers: { authorization: auth, ...(init.headers as Record<string, string> | undefined) },
        });
      },
      login: async () => {
        const res = await fetch(`${origin}/wp-login.php`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'wordpress_test_cookie=WP%20Cookie%20check' },
          body: new URLSearchParams({ log: 'admin', pwd: adminPassword, 'wp-submit': 'Log In', testcookie: '1', redirect_to: `${origin}/wp-admin/` }),
        });
        const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!).filter((c) => c.startsWith('wordpress_'));
        if (res.status !== 302 || !cookies.some((c) => c.startsWith('wordpress_logged_in_'))) throw new Error(`wp-login.php refused the admin (${res.status})`);
        return cookies.join('; ');
      },
      debugLog: () => (existsSync(join(work, 'debug.log')) ? readFileSync(join(work, 'debug.log'), 'utf8') : ''),
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
