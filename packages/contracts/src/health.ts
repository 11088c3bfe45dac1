import { Type, type Static } from 'typebox';

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  database: Type.String(),
  uptimeSeconds: Type.Integer(),
});
export type Health = Static<typeof HealthSchema>;
