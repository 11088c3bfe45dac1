// Plain JavaScript, not next.config.ts: `next start` in a production install (no TypeScript) loads it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// npm workspaces hoist next/react to the repo root; Turbopack and output tracing must see it.
const monorepoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  turbopack: { root: monorepoRoot },
  outputFileTracingRoot: monorepoRoot,
  // No rewrites() for /api: see src/app/api/[...path]/route.ts for why it is a route handler.
};

export default nextConfig;
