import { Type, type Static } from 'typebox';

/**
 * The longest text each asset field holds, in characters (Unicode code points, as JSON Schema's
 * `maxLength` counts them). The one table for these limits: request schemas refuse longer input,
 * response schemas declare the same bound, and what Clearance stores by itself (file metadata,
 * imports, webhooks) is cut to it with a recorded note — so nothing stored can fail its answer.
 */
export const textLimits = {
  /** A rights value read from a file or typed in: stock agencies' usage terms run to several KB. */
  rightsValue: 65_536,
  filename: 1_000,
  title: 1_000,
  cmsId: 100,
  uploadedBy: 200,
  /** A generated size's name (`medium_large`, plugin-defined ones). */
  sizeName: 100,
  url: 2_048,
} as const;
export type TextLimit = keyof typeof textLimits;

/** A string of at most the named limit. */
export const limitedText = (limit: TextLimit, options: { minLength?: number; description?: string } = {}) =>
  Type.String({ ...options, maxLength: textLimits[limit] });

/** One stored field whose value was longer than its limit and was cut. */
export const TextTruncationSchema = Type.Object(
  {
    field: Type.String({ description: 'e.g. `rights.usageTerms`, `title`, `urls.sizeName`' }),
    keptLength: Type.Integer({ description: 'Characters kept (the limit)' }),
    originalLength: Type.Integer({ description: 'Characters the source held' }),
  },
  { additionalProperties: false },
);
export type TextTruncation = Static<typeof TextTruncationSchema>;
