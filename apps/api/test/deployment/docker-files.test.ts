/**
 * Docker Hub cannot be reached from the machines this is developed on, so the image is never
 * built here: these checks read Dockerfile and docker-compose.yml and hold them to what a
 * self-hoster relies on (see the README's Docker section).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findProjectRoot } from '@clearance/db';

const root = findProjectRoot();
const dockerfile = readFileSync(`${root}/Dockerfile`, 'utf8');

type Service = {
  build?: unknown;
  image?: string;
  command?: string[];
  restart?: string;
  init?: boolean;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  networks?: Record<string, { ipv4_address?: string }> | string[];
  stop_grace_period?: string;
};
const compose = parse(readFileSync(`${root}/docker-compose.yml`, 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
  networks: Record<string, { ipam: { config: { subnet: string }[] } }>;
};
const { postgres, api, web } = compose.services as Record<'postgres' | 'api' | 'web', Service>;

/** The instructions of one stage, `FROM ... AS name` up to the next FROM. */
function stage(name: string): string {
  const start = dockerfile.search(new RegExp(`^FROM \\S+ AS ${name}$`, 'm'));
  expect(start, `stage ${name}`).toBeGreaterThanOrEqual(0);
  const next = dockerfile.slice(start + 1).search(/^FROM /m);
  return next === -1 ? dockerfile.slice(start) : dockerfile.slice(start, start + 1 + next);
}
const seconds = (duration: string | undefined) => Number(/^(\d+)s$/.exec(duration ?? '')?.[1] ?? 0);

describe('Dockerfile', () => {
  it('is multi-stage on Node 24 slim and runs as a non-root user', () => {
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(bases.filter((b) => !['deps', 'build'].includes(b!))).toEqual(['node:24-bookworm-slim', 'node:24-bookworm-slim']);
    const runtime = stage('runtime');
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/chown node:node \/data/);
    expect(runtime.indexOf('USER node')).toBeGreaterThan(runtime.indexOf('chown node:node /data'));
  });

  it('installs dependencies from the manifests before the sources are copied (layer cache)', () => {
    const deps = stage('deps');
    expect(deps).toMatch(/^RUN npm ci/m);
    expect(deps).not.toMatch(/^COPY (apps|packages) /m);
    expect(deps).not.toMatch(/COPY \S*src/);
    const runtime = stage('runtime');
    expect(runtime).toMatch(/npm ci --omit=dev --ignore-scripts/);
    expect(runtime).toMatch(/apps\/api\/dist/);
    expect(runtime.indexOf('npm ci --omit=dev')).toBeLessThan(runtime.indexOf('apps/api/dist'));
    // npm keeps @prisma/client's optional peers under --omit=dev; the image drops them.
    expect(runtime).toMatch(/rm -rf node_modules\/prisma node_modules\/@prisma\/engines node_modules\/typescript/);
  });

  it('runs the compiled build with plain node, with fonts, a data volume and a health check', () => {
    const runtime = stage('runtime');
    expect(runtime).toMatch(/fonts-dejavu-core/);
    expect(runtime).toMatch(/^VOLUME \/data$/m);
    expect(runtime).toMatch(/CLEARANCE_DATA_DIR=\/data/);
    // One setting opens both processes inside the container; the old per-process ones are refused at start.
    expect(runtime).toMatch(/LISTEN_HOST=0\.0\.0\.0/);
    expect(dockerfile).not.toMatch(/API_HOST|WEB_HOST/);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*scripts\/healthcheck\.mjs/m);
    expect(runtime).toMatch(/^CMD \["node", "scripts\/start\.mjs"\]$/m);
    expect(dockerfile).not.toMatch(/tsx/);
    for (const needed of ['prisma prisma', 'scripts scripts', 'apps/api/dist apps/api/dist', 'apps/web/.next apps/web/.next', 'next.config.mjs apps/web/', 'server.mjs /app/apps/web/client-headers.mjs apps/web/']) {
      expect(runtime, needed).toContain(needed);
    }
    for (const manifest of ['apps/api/package.json', 'apps/web/package.json', 'packages/contracts/package.json', 'packages/db/package.json', 'package-lock.json']) {
      expect(runtime, manifest).toContain(manifest);
    }
    expect(stage('build')).toMatch(/^RUN npm run build/m);
  });
});

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, the API and the dashboard, each restarted and health-checked', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'web']);
    for (const service of [postgres, api, web]) {
      expect(service.restart).toBe('unless-stopped');
      expect(service.healthcheck?.test.length).toBeGreaterThan(0);
    }
    expect(postgres.image).toMatch(/^postgres:1[5-9]/);
    expect(postgres.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(api.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(web.depends_on?.api?.condition).toBe('service_healthy');
    expect(Object.keys(compose.volumes).sort()).toEqual(['blobs', 'pgdata']);
  });

  it('starts the API from its compiled build on PostgreSQL, listening inside the container, with its files on a volume', () => {
    expect(api.command?.slice(0, 1)).toEqual(['node']);
    expect(api.command).toContain('apps/api/dist/server.js');
    const env = api.environment!;
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/clearance:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/clearance$/);
    expect(postgres.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(env.LISTEN_HOST).toBe('0.0.0.0');
    expect(env).not.toHaveProperty('API_HOST');
    expect(api.volumes).toContain(`blobs:${env.CLEARANCE_DATA_DIR}`);
    expect(api.ports).toContain(`4000:${env.API_PORT}`);
    expect(api.init).toBe(true);
    // The API drains for up to 10 s after SIGTERM; Docker's default would kill it at 10 s.
    expect(seconds(api.stop_grace_period)).toBeGreaterThan(10);
    expect(api.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${env.API_PORT}/health`);
  });

  it('points the dashboard at the API and tells it the webhook address WordPress reaches', () => {
    const env = web.environment!;
    expect(env.CLEARANCE_API_URL).toBe(`http://api:${api.environment!.API_PORT}`);
    expect(env.CLEARANCE_PUBLIC_API_URL).toMatch(/^\$\{CLEARANCE_PUBLIC_API_URL:-https?:\/\/[^}]+:4000\}$/);
    expect(web.ports).toContain(`3000:${env.WEB_PORT}`);
    // The dashboard's own entry, not `next start`: it sets the client's address from the connection,
    // and listens where LISTEN_HOST says.
    expect(web.command).toEqual(['node', 'apps/web/server.mjs']);
    expect(env.LISTEN_HOST).toBe('0.0.0.0');
    expect(web.image).toBe(api.image);
    expect(web.build).toBeUndefined();
  });

  it('trusts X-Forwarded-For from the dashboard container only, so sign-in limits see each browser', () => {
    const webAddress = (web.networks as Record<string, { ipv4_address?: string }>).internal?.ipv4_address;
    const apiAddress = (api.networks as Record<string, { ipv4_address?: string }>).internal?.ipv4_address;
    expect(webAddress).toMatch(/^172\.28\.0\.\d+$/);
    expect(api.environment!.TRUST_PROXY).toBe(webAddress);
    expect(apiAddress).not.toBe(webAddress);
    expect(compose.networks.internal?.ipam.config[0]?.subnet).toBe('172.28.0.0/24');
  });
});
