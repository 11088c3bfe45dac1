import { Type, type Static } from 'typebox';
import { Count, DateTime, Id, Nullable, PageQuery, Page } from './common.ts';
import { CoverageStatusSchema, RiskLevelSchema } from './coverage.ts';
import { LicenseSchema } from './licenses.ts';
import { limitedText, textLimits, TextTruncationSchema } from './text-limits.ts';

const rightsValue = () => limitedText('rightsValue');

/** Rights metadata normalized from EXIF / IPTC / XMP (see the ingest field mapping). */
export const rightsFields = [
  'creator',
  'credit',
  'copyrightNotice',
  'source',
  'webStatement',
  'usageTerms',
  'licensorName',
  'licensorUrl',
  'licensorEmail',
  'copyrightOwner',
  'imageSupplier',
  'imageSupplierImageId',
  'plusLicenseId',
  'plusLicenseStart',
  'plusLicenseEnd',
  'digitalSourceType',
  'captureDate',
  'cameraMake',
  'cameraModel',
] as const;
export type RightsField = (typeof rightsFields)[number];

/** How the rights fields are named to people (dashboard, response pack). */
export const rightsLabels: Record<RightsField, string> = {
  creator: 'Creator',
  credit: 'Credit',
  copyrightNotice: 'Copyright notice',
  source: 'Source',
  webStatement: 'Web statement',
  usageTerms: 'Usage terms',
  licensorName: 'Licensor',
  licensorUrl: 'Licensor URL',
  licensorEmail: 'Licensor e-mail',
  copyrightOwner: 'Copyright owner',
  imageSupplier: 'Image supplier',
  imageSupplierImageId: 'Supplier image id',
  plusLicenseId: 'PLUS license id',
  plusLicenseStart: 'PLUS license start',
  plusLicenseEnd: 'PLUS license end',
  digitalSourceType: 'Digital source type',
  captureDate: 'Captured',
  cameraMake: 'Camera make',
  cameraModel: 'Camera model',
};

export const RightsSchema = Type.Object(
  Object.fromEntries(rightsFields.map((f) => [f, Nullable(rightsValue())])) as Record<
    RightsField,
    ReturnType<typeof Nullable<ReturnType<typeof rightsValue>>>
  >,
);
export type Rights = Static<typeof RightsSchema>;

export const RightsInput = Type.Object(
  Object.fromEntries(rightsFields.map((f) => [f, Type.Optional(Nullable(rightsValue()))])) as Record<
    RightsField,
    ReturnType<typeof Type.Optional<ReturnType<typeof Nullable<ReturnType<typeof rightsValue>>>>>
  >,
  { additionalProperties: false },
);

export const assetUrlKinds = ['original', 'scaled', 'original_image', 'size', 'sibling'] as const;
export const AssetUrlSchema = Type.Object({
  url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: textLimits.url }),
  kind: Type.Enum(assetUrlKinds),
  sizeName: Type.Optional(Nullable(limitedText('sizeName'))),
  width: Type.Optional(Nullable(Count)),
  height: Type.Optional(Nullable(Count)),
}, { additionalProperties: false });

export const DetectedSourceSchema = Type.Object({
  provider: Type.String(),
  providerAssetId: Nullable(Type.String()),
  suggestedKind: Nullable(Type.String()),
  confidence: Type.Number(),
  evidence: Type.Array(Type.String()),
});

export const AssetSchema = Type.Object({
  id: Id,
  siteId: Id,
  cmsId: Nullable(limitedText('cmsId')),
  filename: limitedText('filename'),
  title: Nullable(limitedText('title')),
  mimeType: Type.String(),
  bytes: Nullable(Type.Integer()),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
  sha256: Nullable(Type.String()),
  phash: Nullable(Type.String({ description: '64-bit perceptual hash, hex' })),
  aiGenerated: Type.Boolean({ description: "The file's metadata marks it as AI-generated" }),
  metadataError: Nullable(Type.String({ description: 'Why the file could not be fully read, when it could not' })),
  truncatedText: Type.Array(TextTruncationSchema, {
    description: 'Values read from the file, an import or the webhook that were longer than their limit and were stored cut to it',
  }),
  cmsCredit: Nullable(
    Type.Unknown({
      description: 'Credit fields of WordPress credit plugins (Image Source Control, Media Credit) as imported, with the license they suggest',
    }),
  ),
  thumbnailUrl: Nullable(Type.String()),
  originalUrl: Nullable(Type.String({ description: 'Download of the stored original file' })),
  uploadedAt: Nullable(DateTime),
  uploadedBy: Nullable(limitedText('uploadedBy')),
  removedAt: Nullable(DateTime),
  coverageStatus: CoverageStatusSchema,
  risk: RiskLevelSchema,
  rights: RightsSchema,
  detectedSource: Nullable(DetectedSourceSchema),
  urls: Type.Array(AssetUrlSchema),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Asset = Static<typeof AssetSchema>;

export const AssetDetailSchema = Type.Object({
  ...AssetSchema.properties,
  licenses: Type.Array(LicenseSchema),
  proofs: Type.Array(
    Type.Object({
      id: Id,
      licenseId: Nullable(Id),
      kind: Type.String(),
      filename: Type.String(),
      sha256: Type.String(),
      createdAt: DateTime,
    }),
  ),
  usages: Type.Array(Type.Object({ pageUrl: Type.String(), firstSeenAt: DateTime, lastSeenAt: DateTime })),
  claims: Type.Array(
    Type.Object({ id: Id, agency: Type.String(), caseRef: Nullable(Type.String()), status: Type.String() }),
  ),
});
export type AssetDetail = Static<typeof AssetDetailSchema>;

export const CreateAssetBody = Type.Object(
  {
    siteId: Id,
    cmsId: Type.Optional(Nullable(limitedText('cmsId'))),
    filename: limitedText('filename', { minLength: 1 }),
    title: Type.Optional(Nullable(limitedText('title'))),
    mimeType: Type.String({ pattern: '^[a-z]+/[a-z0-9.+-]+$', maxLength: 100 }),
    bytes: Type.Optional(Nullable(Count)),
    width: Type.Optional(Nullable(Count)),
    height: Type.Optional(Nullable(Count)),
    sha256: Type.Optional(Nullable(Type.String({ pattern: '^[0-9a-f]{64}$' }))),
    uploadedAt: Type.Optional(Nullable(DateTime)),
    uploadedBy: Type.Optional(Nullable(limitedText('uploadedBy'))),
    urls: Type.Optional(Type.Array(AssetUrlSchema, { maxItems: 100 })),
    rights: Type.Optional(RightsInput),
  },
  { additionalProperties: false },
);
export type CreateAssetInput = Static<typeof CreateAssetBody>;

export const UpdateAssetBody = Type.Object(
  {
    filename: Type.Optional(limitedText('filename', { minLength: 1 })),
    title: Type.Optional(Nullable(limitedText('title'))),
    uploadedBy: Type.Optional(Nullable(limitedText('uploadedBy'))),
    urls: Type.Optional(Type.Array(AssetUrlSchema, { maxItems: 100 })),
    rights: Type.Optional(RightsInput),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateAssetInput = Static<typeof UpdateAssetBody>;

export const ListAssetsQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(CoverageStatusSchema),
    siteId: Type.Optional(Id),
    risk: Type.Optional(RiskLevelSchema),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Matches filename, title or credit' })),
    cmsId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "The CMS's own id, e.g. the WordPress attachment id" })),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Detected source provider, e.g. "iStock"' })),
    uploadedFrom: Type.Optional(Type.String({ format: 'date', description: 'Uploaded on or after this day (UTC)' })),
    uploadedTo: Type.Optional(Type.String({ format: 'date', description: 'Uploaded on or before this day (UTC)' })),
  },
  { additionalProperties: false },
);
export const AssetPage = Page(AssetSchema);
