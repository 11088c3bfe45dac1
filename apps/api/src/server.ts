import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createFirstAdminToken } from './modules/tokens/tokens.service.ts';
import { createFirstAdmin } from './modules/users/users.service.ts';

let config;
try {
  // `--no-worker`: this process only answers requests; `npm run worker` runs the jobs (PostgreSQL).
  config = loadConfig(process.env, process.argv.includes('--no-worker') ? { runWorker: false } : {});
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}

const app = await buildApp(config);

const firstToken = await createFirstAdminToken(app.prisma);
if (firstToken) {
  // Printed once, on the first start of an empty instance; only its hash is stored.
  console.log(
    `\n  First admin API token (shown once, store it now):\n\n    ${firstToken}\n\n` +
      '  Create more with: npm run tokens -- create --name <name> [--site <siteId>]\n',
  );
}
const firstAdmin = await createFirstAdmin(app.prisma, config.adminEmail);
if (firstAdmin) {
  // Likewise once, when the instance has no dashboard user yet; only an Argon2id hash is stored.
  console.log(
    `\n  First admin sign-in for the dashboard (shown once, store it now):\n\n` +
      `    email     ${firstAdmin.email}\n    password  ${firstAdmin.password}\n\n` +
      '  Change it after signing in; more users: in the dashboard, or npm run users -- create --email <email> --role editor\n',
  );
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info(`${signal}: closing`);
  // Must outlast the job worker's grace (plugins/jobs.ts, which overlaps request draining) plus the database close.
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await app.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.host, port: config.port });
