import { Type, type Static } from 'typebox';
import { DateTime, HttpUrl, Id, Nullable } from './common.ts';

/** How many leading characters of a webhook secret are shown to recognise it (`whsec_` and four more). */
export const webhookSecretPrefixLength = 10;

/** A signing secret as every reader sees it: never the secret itself, which only the admin who creates or rotates it gets. */
export const WebhookSecretSchema = Type.Object({
  id: Id,
  prefix: Type.String({ description: 'The first characters of the secret, to recognise it' }),
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

/** The answer to creating a site or rotating its secret: the only time the new secret is shown. */
export const SiteWithNewSecretSchema = Type.Object({
  ...SiteSchema.properties,
  webhookSecret: Type.String({
    description: 'The new current signing secret (Standard Webhooks, `whsec_` + base64), shown this once: put it in the WordPress plugin now',
  }),
});
export type SiteWithNewSecret = Static<typeof SiteWithNewSecretSchema>;

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
