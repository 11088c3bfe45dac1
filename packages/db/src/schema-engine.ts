import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { findProjectRoot } from './project-root.ts';

/**
 * The Prisma 7 CLI downloads a native schema engine before migrating, which cannot happen
 * offline. The same engine ships as WebAssembly in @prisma/schema-engine-wasm (pinned to the
 * engine hash of the installed prisma) and talks to the database through a driver adapter.
 */
type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

/**
 * The engine's wasm-bindgen glue module: the functions the wasm imports, the class, and the hook
 * that hands it the instance.
 */
type EngineModule = WebAssembly.ModuleImports & {
  SchemaEngine: { new: (o: unknown, log: (m: string) => void, a: object) => Promise<Engine> };
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let engineModule: Promise<EngineModule> | undefined;

function loadEngineModule() {
  engineModule ??= (async () => {
    // Resolved from this package's folder, not from this module: the compiled API inlines this
    // code into apps/api/dist, and npm may nest the pinned engine under packages/db/node_modules.
    const require = createRequire(join(findProjectRoot(), 'packages', 'db', 'package.json'));
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const pkgDir = dirname(bgPath);
    const bg = (await import(pathToFileURL(bgPath).href)) as EngineModule;
    const bytes = await readFile(join(pkgDir, 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bg;
  })();
  return engineModule;
}

export async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: { path: string; content: string },
  run: (engine: Engine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const logs: string[] = [];
  const engine = await SchemaEngine.new(
    { datamodels: [[datamodel.path, datamodel.content]] },
    (message: string) => logs.push(message),
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
  try {
    return await run(engine);
  } catch (error) {
    throw new Error(`Schema engine failed: ${formatEngineError(error)}${logs.length ? `\n${logs.slice(-5).join('\n')}` : ''}`, { cause: error });
  } finally {
    engine.free();
  }
}

function formatEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error) return JSON.stringify(error);
  return String(error);
}
