import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultDataDir, findProjectRoot } from '@clearance/db';
import ipaddr from 'ipaddr.js';

/** Everything the API reads from its environment, parsed and checked once. */
export type Config = Readonly<{
  version: string;
  /** `LISTEN_HOST`: where the API (and the dashboard) listen; loopback unless opened on purpose. */
  host: string;
  port: number;
  /** `DATABASE_URL`: unset or `pglite:<dir>` for embedded PGlite, `postgresql://...` for PostgreSQL. */
  databaseUrl: string | undefined;
  /** Root of everything stored locally: the PGlite database and blobs. */
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** An asset whose covering license ends within this many days shows as `expiring`. */
  expiryWarningDays: number;
  /** Largest JSON body accepted, in bytes. */
  bodyLimit: number;
  /** `BLOB_STORE_URL`: unset for files under `<dataDir>/blobs`, `file:<dir>`, or `s3://key:secret@host/bucket`. */
  blobStoreUrl: string | undefined;
  /** Largest proof document accepted, in bytes. */
  proofMaxBytes: number;
  /** Largest image accepted by the upload webhook and direct upload, in bytes. */
  ingestMaxBytes: number;
  /** Largest WordPress export (WXR) file accepted by an import, in bytes; it is streamed to disk, never held in memory. */
  importMaxBytes: number;
  /**
   * `REQUEST_TIMEOUT_MS`: the headers must arrive within this many milliseconds, and the body
   * within as many again after them, or the connection is cut (plugins/request-deadline.ts).
   */
  requestTimeoutMs: number;
  /** Webhook bodies read at once before their signature is checked; more answer 503 with Retry-After. */
  webhookMaxConcurrentBodies: number;
  /** Hosts (`host` or `host:port`) that outbound fetches may reach even on private or loopback addresses. */
  outboundAllowPrivateHosts: readonly string[];
  /** Limits of one outbound request (snapshots, webhook and import fetches, takedown checks); the timeout is a total deadline. */
  outboundMaxBytes: number;
  outboundTimeoutMs: number;
  /** How long a dashboard session lasts from sign-in (a fixed lifetime, not extended by use). */
  sessionTtlHours: number;
  /** E-mail of the admin created on the first start of an instance without users. */
  adminEmail: string;
  /**
   * Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (Fastify `trustProxy`): false,
   * or addresses, CIDR ranges and `loopback` / `linklocal` / `uniquelocal`, comma-separated.
   */
  trustProxy: false | string;
  /** `MAX_IN_FLIGHT`: most requests worked on at once; more are refused with 503 and Retry-After (load shedding). */
  maxInFlight: number;
  /** `MAX_EVENT_LOOP_DELAY_MS`: while the event loop is further behind than this, requests are refused with 503 likewise. */
  maxEventLoopDelayMs: number;
  /** `EXPENSIVE_ROUTE_CONCURRENCY`: most of each expensive request (pack, match, snapshot) at once. */
  expensiveConcurrency: number;
  /** `CHROMIUM_PATH`: the Chromium that renders license-page snapshots in response packs (default Debian's); a missing file means no rendering. */
  chromiumPath: string;
  /**
   * `JOBS_WORKER` (`on` | `off`, default on; `--no-worker` on the command line): whether this API
   * process also runs the background jobs. Off only makes sense on PostgreSQL, with `npm run worker` elsewhere.
   */
  runWorker: boolean;
  /** `JOB_CONCURRENCY`: jobs one worker (in the API or `npm run worker`) runs at once. */
  jobConcurrency: number;
}>;

// From the project root, not from this module's folder: the same file for the sources and the compiled dist/.
const { version } = JSON.parse(readFileSync(join(findProjectRoot(), 'apps', 'api', 'package.json'), 'utf8')) as { version: string };

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function adminEmail(raw: string | undefined): string {
  const email = (raw || 'admin@localhost').trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new ConfigError(`CLEARANCE_ADMIN_EMAIL is not an e-mail address (got "${raw}")`);
  return email;
}

// The dashboard reaches the API from loopback by default, so that is trusted unless told otherwise.
function trustProxy(raw: string | undefined): false | string {
  const value = (raw ?? 'loopback').trim();
  if (value === '' || value === 'false' || value === 'none') return false;
  for (const entry of value.split(',').map((e) => e.trim())) {
    const [address, bits, extra] = entry.split('/');
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(entry);
    const valid = named || (extra === undefined && !!address && ipaddr.isValid(address) && (bits === undefined || /^\d{1,3}$/.test(bits)));
    if (!valid) throw new ConfigError(`TRUST_PROXY must be false or a comma-separated list of addresses, CIDR ranges, loopback, linklocal, uniquelocal (got "${raw}")`);
  }
  return value;
}

/**
 * One setting for where the API and the dashboard listen (scripts/start.mjs reads the same one).
 * The two old ones are refused by name rather than ignored, so an upgrade cannot silently change
 * who can reach the API.
 */
function listenHost(env: NodeJS.ProcessEnv): string {
  for (const old of ['API_HOST', 'WEB_HOST']) {
    if (env[old]) throw new ConfigError(`${old} is no longer read: set LISTEN_HOST, where both the API and the dashboard listen (default 127.0.0.1; 0.0.0.0 opens both)`);
  }
  return env.LISTEN_HOST?.trim() || '127.0.0.1';
}

function onOff(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['on', 'true', '1'].includes(raw)) return true;
  if (['off', 'false', '0'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off (got "${env[name]}")`);
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!(logLevels as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${logLevel}")`);
  }
  return Object.freeze({
    version,
    host: listenHost(env),
    port: integer(env, 'API_PORT', 4000, 0, 65535),
    databaseUrl: env.DATABASE_URL || undefined,
    // A relative CLEARANCE_DATA_DIR is taken from the working directory; the default is the same
    // `data/` at the project root for `npm start`, the CLI commands and every workspace script.
    dataDir: env.CLEARANCE_DATA_DIR ? resolve(env.CLEARANCE_DATA_DIR) : defaultDataDir(),
    logLevel: logLevel as Config['logLevel'],
    expiryWarningDays: integer(env, 'EXPIRY_WARNING_DAYS', 30, 0, 365),
    bodyLimit: integer(env, 'API_BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    blobStoreUrl: env.BLOB_STORE_URL || undefined,
    proofMaxBytes: integer(env, 'PROOF_MAX_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    ingestMaxBytes: integer(env, 'INGEST_MAX_BYTES', 50 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    importMaxBytes: integer(env, 'IMPORT_MAX_BYTES', 2 * 1024 * 1024 * 1024, 1024, 64 * 1024 * 1024 * 1024),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 60_000, 1000, 3_600_000),
    webhookMaxConcurrentBodies: integer(env, 'WEBHOOK_MAX_CONCURRENT_BODIES', 8, 1, 10_000),
    outboundAllowPrivateHosts: Object.freeze((env.OUTBOUND_ALLOW_PRIVATE_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean)),
    outboundMaxBytes: integer(env, 'OUTBOUND_MAX_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    outboundTimeoutMs: integer(env, 'OUTBOUND_TIMEOUT_MS', 15_000, 100, 300_000),
    sessionTtlHours: integer(env, 'SESSION_TTL_HOURS', 7 * 24, 1, 366 * 24),
    adminEmail: adminEmail(env.CLEARANCE_ADMIN_EMAIL),
    trustProxy: trustProxy(env.TRUST_PROXY),
    // A small box (2 cores) answers a few dozen cheap requests at once within a second or two;
    // more in flight only waits longer and holds more memory.
    maxInFlight: integer(env, 'MAX_IN_FLIGHT', 32, 1, 100_000),
    // With the embedded database, waiting requests show as event-loop delay, not as requests in
    // flight (see plugins/load-shedding.ts); 200 ms keeps accepted requests well under 2 s.
    maxEventLoopDelayMs: integer(env, 'MAX_EVENT_LOOP_DELAY_MS', 200, 10, 60_000),
    expensiveConcurrency: integer(env, 'EXPENSIVE_ROUTE_CONCURRENCY', 2, 1, 1000),
    chromiumPath: env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium',
    runWorker: onOff(env, 'JOBS_WORKER', true),
    jobConcurrency: integer(env, 'JOB_CONCURRENCY', 4, 1, 256),
    ...overrides,
  });
}
