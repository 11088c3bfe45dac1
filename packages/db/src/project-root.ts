import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where local data lives unless CLEARANCE_DATA_DIR says otherwise: `data/` at the project root. */
export function defaultDataDir(): string {
  return join(findProjectRoot(), 'data');
}

/**
 * The folder that holds `prisma/schema.prisma`: the repository root in a checkout, `/app` in the
 * Docker image. Found by walking up from this module, so the same answer comes from the sources
 * (`packages/db/src`) and from the compiled bundle (`apps/api/dist`).
 */
export function findProjectRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'prisma', 'schema.prisma'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No prisma/schema.prisma above ${from}: is this a Clearance checkout?`);
  }
}
