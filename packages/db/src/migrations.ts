import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { findProjectRoot } from './project-root.ts';
import { withSchemaEngine } from './schema-engine.ts';

const repoRoot = findProjectRoot();
export const schemaPath = join(repoRoot, 'prisma', 'schema.prisma');
export const migrationsDir = join(repoRoot, 'prisma', 'migrations');

const noFilter = { externalTables: [], externalEnums: [] };

export function readDatamodel() {
  return { path: schemaPath, content: readFileSync(schemaPath, 'utf8') };
}

/** The migrations folder in the shape the schema engine expects (same layout as `prisma migrate`). */
export function readMigrationsList() {
  const dirs = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8') } },
    })),
  };
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns their names. */
export async function applyMigrations(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  return withSchemaEngine(adapterFactory, readDatamodel(), async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: readMigrationsList(), filters: noFilter });
    return appliedMigrationNames;
  });
}

/**
 * SQL that takes a database with every committed migration applied to the current schema.
 * The adapter's database must already have the migrations applied (an in-memory PGlite is ideal).
 */
export async function diffSchemaAgainstDatabase(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  const datamodel = readDatamodel();
  return withSchemaEngine(adapterFactory, datamodel, async (engine) => {
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files: [datamodel], configDir: repoRoot },
      to: { tag: 'schemaDatamodel', files: [datamodel] },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    return result.stdout ?? '';
  });
}
