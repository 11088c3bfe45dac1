import { Type, type Static } from 'typebox';

/** What anyone may ask, unauthenticated: is it up, and which version. */
export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
});
export type Health = Static<typeof HealthSchema>;

/** Where the data lives and how long the process has run: for admins only. */
export const HealthDetailsSchema = Type.Object({
  ...HealthSchema.properties,
  database: Type.String({ description: 'The database backend and where it is (PGlite directory, or PostgreSQL host and database)' }),
  uptimeSeconds: Type.Integer(),
});
export type HealthDetails = Static<typeof HealthDetailsSchema>;
