import { resolve } from 'node:path';

/** Where the data lives: embedded PGlite in a directory, or a PostgreSQL server. */
export type Backend =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string };

/**
 * `DATABASE_URL` unset -> PGlite under `<dataDir>/pglite`; `pglite:<dir>` -> PGlite in that
 * directory (`pglite:memory` for a throwaway in-memory database); `postgres(ql)://` -> PostgreSQL.
 */
export function resolveBackend(databaseUrl: string | undefined, dataDir: string): Backend {
  const url = databaseUrl?.trim();
  if (!url) return { kind: 'pglite', dataDir: resolve(dataDir, 'pglite') };
  if (url.startsWith('pglite:')) {
    const dir = url.slice('pglite:'.length).replace(/^\/\/(?=\/)/, '');
    if (dir === 'memory' || dir === 'memory://') return { kind: 'pglite', dataDir: 'memory://' };
    if (!dir) throw new Error('DATABASE_URL "pglite:" needs a directory, e.g. pglite:./data/pglite');
    return { kind: 'pglite', dataDir: resolve(dir) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new Error(`DATABASE_URL must start with postgresql://, postgres:// or pglite: (got "${url.split(':')[0]}:...")`);
}

export function describeBackend(backend: Backend): string {
  if (backend.kind === 'pglite') return `PGlite (${backend.dataDir})`;
  const u = new URL(backend.url);
  return `PostgreSQL (${u.hostname}:${u.port || 5432}${u.pathname})`;
}
