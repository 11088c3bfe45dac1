import type { Prisma, PrismaClient } from '@clearance/db';

/** The global client or a transaction client; inside a transaction pass `tx` and use only it. */
export type Db = PrismaClient | Prisma.TransactionClient;
