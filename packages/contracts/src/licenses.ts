import { Type, type Static } from 'typebox';
import { Currency, DateOnly, DateTime, HttpUrl, Id, Money, Nullable, PageQuery, Page } from './common.ts';
import { CoverageStatusSchema } from './coverage.ts';

export const licenseKinds = [
  'own_work',
  'stock_royalty_free',
  'rights_managed',
  'creative_commons',
  'public_domain',
  'free_license_site',
  'press_kit',
  'written_permission',
  'settlement',
  'embed_only',
  'other',
] as const;
export type LicenseKind = (typeof licenseKinds)[number];
export const LicenseKindSchema = Type.Enum(licenseKinds);

/**
 * Licenses open to anyone: the image is shown free of charge under terms its source publishes, and
 * the answer to a claim is the source and its terms.
 */
export const openLicenseKinds = ['public_domain', 'creative_commons', 'free_license_site'] as const satisfies readonly LicenseKind[];
/**
 * Kinds that cost nothing: the open licenses, and a press kit (a permission given for a purpose,
 * usually editorial use with a credit line). The stance rules and the reply read this one list.
 */
export const freeLicenseKinds = [...openLicenseKinds, 'press_kit'] as const satisfies readonly LicenseKind[];
export const isFreeLicenseKind = (kind: string): boolean => (freeLicenseKinds as readonly string[]).includes(kind);
export const isOpenLicenseKind = (kind: string): boolean => (openLicenseKinds as readonly string[]).includes(kind);

const text = (max = 2000) => Type.String({ maxLength: max });

/** Fields a user writes; shared by create and update. */
const licenseFields = {
  kind: LicenseKindSchema,
  ccVariant: Nullable(text(50)),
  licensor: Nullable(text(300)),
  sourceUrl: Nullable(HttpUrl),
  orderRef: Nullable(text(200)),
  obtainedOn: Nullable(DateOnly),
  validFrom: Nullable(DateOnly),
  expiresOn: Nullable(Type.String({ format: 'date', description: 'Last day the license is valid; null = perpetual' })),
  territory: Nullable(text(300)),
  mediaScope: Nullable(text(300)),
  usageTerms: Nullable(text(10000)),
  attributionRequired: Type.Boolean(),
  attributionText: Nullable(text(1000)),
  cost: Nullable(Money),
  currency: Nullable(Currency),
  notes: Nullable(text(10000)),
};

type Fields = typeof licenseFields;
const optionalFields = Object.fromEntries(
  Object.entries(licenseFields).map(([k, v]) => [k, Type.Optional(v)]),
) as { [K in keyof Fields]: ReturnType<typeof Type.Optional<Fields[K]>> };

export const CreateLicenseBody = Type.Object(
  {
    ...optionalFields,
    kind: LicenseKindSchema,
    assetIds: Type.Array(Id, { minItems: 1, maxItems: 1000, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type CreateLicenseInput = Static<typeof CreateLicenseBody>;

export const UpdateLicenseBody = Type.Object(optionalFields, { additionalProperties: false, minProperties: 1 });
export type UpdateLicenseInput = Static<typeof UpdateLicenseBody>;

export const LicenseAssetsBody = Type.Object(
  { assetIds: Type.Array(Id, { minItems: 1, maxItems: 1000, uniqueItems: true }) },
  { additionalProperties: false },
);
export const LicenseAssetParams = Type.Object({ id: Id, assetId: Id }, { additionalProperties: false });

export const LicenseSchema = Type.Object({
  id: Id,
  siteId: Id,
  ...licenseFields,
  proofCount: Type.Integer(),
  assetCount: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type License = Static<typeof LicenseSchema>;

export const LicenseDetailSchema = Type.Object({
  ...LicenseSchema.properties,
  assets: Type.Array(Type.Object({ id: Id, filename: Type.String(), coverageStatus: CoverageStatusSchema })),
  proofs: Type.Array(
    Type.Object({ id: Id, kind: Type.String(), filename: Type.String(), sha256: Type.String(), createdAt: DateTime }),
  ),
});
export type LicenseDetail = Static<typeof LicenseDetailSchema>;

export const ListLicensesQuery = Type.Object(
  {
    ...PageQuery,
    kind: Type.Optional(LicenseKindSchema),
    siteId: Type.Optional(Id),
    expiringWithinDays: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 3650, description: 'Only licenses whose last day is within N days from today' }),
    ),
  },
  { additionalProperties: false },
);
export const LicensePage = Page(LicenseSchema);
