import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// npm workspaces hoist next/react to the repo root; Turbopack and output tracing must see it.
const monorepoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const nextConfig: NextConfig = {
  poweredByHeader: false,
  turbopack: { root: monorepoRoot },
  outputFileTracingRoot: monorepoRoot,
  // No rewrites() for /api: see src/app/api/[...path]/route.ts for why it is a route handler.
};

export default nextConfig;
