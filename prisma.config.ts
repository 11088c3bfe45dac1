// Read by the Prisma CLI only. The app itself never uses it: packages/db picks the backend.
// `env()` from prisma/config throws when a variable is unset, so read process.env directly.
import { defineConfig } from 'prisma/config';

const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(url?.startsWith('postgres') ? { datasource: { url } } : {}),
});
