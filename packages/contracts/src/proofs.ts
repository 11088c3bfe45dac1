import { Type, type Static } from 'typebox';
import { DateTime, HttpUrl, Id, Nullable } from './common.ts';

export const proofKinds = [
  'receipt',
  'invoice',
  'license_certificate',
  'permission_email',
  'license_page_snapshot',
  'screenshot',
  'claim_letter',
  'correspondence',
  'removal_certificate',
  'other',
] as const;
export const ProofKindSchema = Type.Enum(proofKinds);
export type ProofKind = (typeof proofKinds)[number];

export const ProofSchema = Type.Object({
  id: Id,
  licenseId: Nullable(Id),
  claimId: Nullable(Id),
  /** For an e-mail attachment, the e-mail it came in. */
  parentProofId: Nullable(Id),
  kind: ProofKindSchema,
  filename: Type.String(),
  mimeType: Type.String({ description: 'Decided from the content, not from the name' }),
  bytes: Type.Integer(),
  sha256: Type.String(),
  note: Nullable(Type.String()),
  details: Type.Unknown({ description: 'Parsed e-mail headers and body, or snapshot fetch details' }),
  uploadedBy: Nullable(Type.String()),
  createdAt: DateTime,
  downloadUrl: Type.String(),
});
export type Proof = Static<typeof ProofSchema>;

export const ProofWithAttachmentsSchema = Type.Object({
  ...ProofSchema.properties,
  attachments: Type.Array(ProofSchema),
});

/** The multipart form of a proof upload. Fields must come before the file part. */
export const UploadProofForm = Type.Object(
  {
    kind: ProofKindSchema,
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    file: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The document; its type is decided by its content' }),
  },
  { additionalProperties: false },
);
/** The text fields of that form, as the API's multipart reader checks them against the form itself. */
export type UploadProofFieldsInput = Omit<Static<typeof UploadProofForm>, 'file'>;

export const SnapshotBody = Type.Object(
  {
    url: HttpUrl,
    kind: Type.Optional(ProofKindSchema),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
