import { Type, type Static } from 'typebox';
import { DateTime, HttpUrl, Id, Nullable } from './common.ts';

export const WebhookSecretSchema = Type.Object({
  id: Id,
  secret: Type.String({ description: 'Standard Webhooks secret, `whsec_` + base64' }),
  createdAt: DateTime,
  expiresAt: Nullable(DateTime),
});

export const SiteSchema = Type.Object({
  id: Id,
  name: Type.String(),
  baseUrl: Type.String(),
  webhookUrl: Type.String({ description: 'Path the CMS posts its signed webhooks to' }),
  webhookSecrets: Type.Array(WebhookSecretSchema, { description: 'Newest first; several are valid during a rotation' }),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Site = Static<typeof SiteSchema>;

export const CreateSiteBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), baseUrl: HttpUrl },
  { additionalProperties: false },
);
export const UpdateSiteBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), baseUrl: Type.Optional(HttpUrl) },
  { additionalProperties: false, minProperties: 1 },
);
export const RotateSecretQuery = Type.Object(
  {
    graceHours: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 720, default: 24, description: 'How long the previous secrets stay valid' }),
    ),
  },
  { additionalProperties: false },
);
