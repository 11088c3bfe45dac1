export { resolveBackend, describeBackend, type Backend } from './backend.ts';
export { openDatabase, type Database } from './database.ts';
export { DataDirLockedError } from './pglite-lock.ts';
export { Prisma, PrismaClient } from './generated/client.ts';
export type * from './generated/models.ts';
export * from './generated/enums.ts';
