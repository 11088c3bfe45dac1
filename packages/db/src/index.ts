export { resolveBackend, describeBackend, type Backend } from './backend.ts';
export { openDatabase, type Database } from './database.ts';
export { DataDirLockedError } from './pglite-lock.ts';
export { defaultDataDir, findProjectRoot } from './project-root.ts';
export * from './generated/client.ts';
