import { Type, type Static } from 'typebox';

/** One generated size of a WordPress attachment, as the REST API shapes it. */
const WpSize = Type.Object({
  file: Type.Optional(Type.String({ maxLength: 1000 })),
  width: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
  height: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
  mime_type: Type.Optional(Type.String()),
  source_url: Type.Optional(Type.String({ maxLength: 2048 })),
  /** Format siblings some plugins (and WordPress 6.x experiments) record, e.g. { "image/webp": { file } }. */
  sources: Type.Optional(Type.Record(Type.String(), Type.Object({ file: Type.Optional(Type.String()), source_url: Type.Optional(Type.String()) }))),
});

/**
 * A WordPress attachment as `/wp/v2/media` returns it. Only the fields Clearance reads are
 * described; everything else WordPress or its plugins add is allowed and ignored.
 */
export const WpAttachmentSchema = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  date: Type.Optional(Type.String()),
  date_gmt: Type.Optional(Type.String()),
  source_url: Type.String({ minLength: 1, maxLength: 2048 }),
  mime_type: Type.Optional(Type.String()),
  title: Type.Optional(Type.Object({ rendered: Type.Optional(Type.String()), raw: Type.Optional(Type.String()) })),
  author: Type.Optional(Type.Integer()),
  post: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  media_details: Type.Optional(
    Type.Object({
      width: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
      height: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
      file: Type.Optional(Type.String({ maxLength: 1000 })),
      filesize: Type.Optional(Type.Integer()),
      original_image: Type.Optional(Type.String({ maxLength: 1000 })),
      sizes: Type.Optional(Type.Record(Type.String(), WpSize)),
      image_meta: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
});
export type WpAttachment = Static<typeof WpAttachmentSchema>;

export const wordpressEvents = ['media.created', 'media.updated', 'media.deleted'] as const;

/** The Standard Webhooks payload the WordPress plugin sends. */
export const WordPressWebhookSchema = Type.Object({
  type: Type.Enum(wordpressEvents),
  timestamp: Type.Optional(Type.String()),
  data: Type.Object({ attachment: WpAttachmentSchema }),
});
export type WordPressWebhook = Static<typeof WordPressWebhookSchema>;

export const WebhookResultSchema = Type.Object({
  status: Type.Enum(['processed', 'ignored']),
  event: Type.String(),
  assetId: Type.Union([Type.String(), Type.Null()]),
  coverageStatus: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Optional(Type.String()),
});
export type WebhookResult = Static<typeof WebhookResultSchema>;
