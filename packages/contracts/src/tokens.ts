import { Type } from 'typebox';
import { DateTime, Id, Nullable } from './common.ts';

export const ApiTokenSchema = Type.Object({
  id: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to recognise it' }),
  siteId: Nullable(Id),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});

export const CreatedApiTokenSchema = Type.Object({
  ...ApiTokenSchema.properties,
  token: Type.String({ description: 'Shown once; only its hash is stored' }),
});

export const CreateApiTokenBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), siteId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false },
);
