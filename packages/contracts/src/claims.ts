import { Type, type Static } from 'typebox';
import { AssetSchema } from './assets.ts';
import { Currency, DateOnly, DateTime, HttpUrl, Id, Money, Nullable, Page, PageQuery } from './common.ts';
import { LicenseSchema } from './licenses.ts';
import { ProofSchema } from './proofs.ts';

export const claimAgencies = ['copytrack', 'pixsy', 'picrights', 'higbee', 'rights_holder', 'other'] as const;
export type ClaimAgency = (typeof claimAgencies)[number];
export const ClaimAgencySchema = Type.Enum(claimAgencies);

export const claimStatuses = ['new', 'matched', 'responded', 'negotiating', 'settled', 'rejected', 'withdrawn', 'litigation'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];
export const ClaimStatusSchema = Type.Enum(claimStatuses);

/**
 * What to do about a claim: send the license proof; send the free-license evidence; say the image is
 * only embedded from a platform; explain that the license was bought after the use began (send it,
 * negotiate the earlier period); take the image down and settle; or ask the claimant to prove it.
 */
export const stances = ['licensed', 'free_license', 'embedded', 'licensed_later', 'remove', 'ask_for_proof'] as const;
export type Stance = (typeof stances)[number];
export const StanceSchema = Type.Enum(stances);

/**
 * What each stance tells the owner to do, in each language the product speaks: the dashboard, the
 * summary PDF and the reply all print these, so the same stance is never described two ways.
 */
export const stanceLabels: Record<'en' | 'de', Record<Stance, string>> = {
  en: {
    licensed: 'Licensed: send the license proof',
    licensed_later: 'Licensed now, not throughout the use: send the license, negotiate the unlicensed period',
    embedded: "Shown through a platform's embed: no copy hosted, answer with the usage record",
    free_license: 'Public domain / free license: send the source evidence',
    remove: 'Not licensed for the whole use: remove the image, then negotiate or settle',
    ask_for_proof: 'Ownership doubtful: ask the claimant for proof of ownership and of the exact use',
  },
  de: {
    licensed: 'Lizenziert: Lizenznachweis übersenden',
    licensed_later: 'Heute lizenziert, nicht während der gesamten Nutzung: Lizenz übersenden, den unlizenzierten Zeitraum verhandeln',
    embedded: 'Über die Einbettung einer Plattform angezeigt: keine Kopie gespeichert, mit dem Nutzungsnachweis antworten',
    free_license: 'Gemeinfrei / freie Lizenz: Quellennachweis übersenden',
    remove: 'Nicht für die gesamte Nutzung lizenziert: Bild entfernen, dann verhandeln oder vergleichen',
    ask_for_proof: 'Rechte zweifelhaft: Nachweis der Rechteinhaberschaft und der genauen Nutzung verlangen',
  },
};

export const matchMethods = ['url', 'filename', 'sha256', 'phash', 'manual'] as const;
export type MatchMethod = (typeof matchMethods)[number];

const text = (max = 2000) => Type.String({ maxLength: max });

/** Fields a user writes when logging a claim; shared by create and update. */
const claimFields = {
  agency: ClaimAgencySchema,
  caseRef: Nullable(text(200)),
  rightsHolder: Nullable(text(300)),
  receivedOn: Nullable(DateOnly),
  deadlineOn: Nullable(DateOnly),
  claimedUseFrom: Nullable(Type.String({ format: 'date', description: 'First day of the use the claim is about; defaults to the received day' })),
  claimedUseTo: Nullable(Type.String({ format: 'date', description: 'Last day of the claimed use, when the letter names one' })),
  amount: Nullable(Money),
  currency: Nullable(Currency),
  infringingUrls: Type.Array(HttpUrl, { maxItems: 100, uniqueItems: true }),
  notes: Nullable(text(10000)),
};
type Fields = typeof claimFields;
const optionalFields = Object.fromEntries(Object.entries(claimFields).map(([k, v]) => [k, Type.Optional(v)])) as {
  [K in keyof Fields]: ReturnType<typeof Type.Optional<Fields[K]>>;
};

export const CreateClaimBody = Type.Object(
  {
    ...optionalFields,
    agency: ClaimAgencySchema,
    siteId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type CreateClaimInput = Static<typeof CreateClaimBody>;

export const UpdateClaimBody = Type.Object(optionalFields, { additionalProperties: false, minProperties: 1 });
export type UpdateClaimInput = Static<typeof UpdateClaimBody>;

/** The confirmed letter proposal (the user may have edited it): the claim fields to set, checked as PATCH checks them. */
export const ApplyLetterBody = UpdateClaimBody;

export const ClaimSchema = Type.Object({
  id: Id,
  siteId: Nullable(Id),
  ...claimFields,
  status: ClaimStatusSchema,
  settlementOutcome: Nullable(Type.Enum(['license_purchased', 'no_future_use'])),
  settlementAmount: Nullable(Type.Number()),
  settledOn: Nullable(DateOnly),
  settlementLicenseId: Nullable(Id),
  /** Days until the deadline (negative when past), null without a deadline or once closed. */
  daysLeft: Nullable(Type.Integer()),
  confirmedAssetIds: Type.Array(Id),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Claim = Static<typeof ClaimSchema>;

export const ListClaimsQuery = Type.Object(
  {
    ...PageQuery,
    siteId: Type.Optional(Id),
    status: Type.Optional(ClaimStatusSchema),
    open: Type.Optional(Type.Boolean({ description: 'Only claims not settled, rejected or withdrawn' })),
    dueWithinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'Open claims whose deadline is at most this many days away (or past)' })),
  },
  { additionalProperties: false },
);
export const ClaimPage = Page(ClaimSchema);

// ---------------------------------------------------------------- events and status

export const claimEventTypes = ['letter_received', 'reply_sent', 'reminder', 'payment', 'note', 'status_change', 'settlement'] as const;
export const ClaimEventSchema = Type.Object({
  id: Id,
  type: Type.Enum(claimEventTypes),
  at: DateTime,
  note: Nullable(Type.String()),
  amount: Nullable(Type.Number()),
  currency: Nullable(Type.String()),
  fromStatus: Nullable(ClaimStatusSchema),
  toStatus: Nullable(ClaimStatusSchema),
  createdBy: Nullable(Type.String()),
});
export type ClaimEvent = Static<typeof ClaimEventSchema>;

export const AddClaimEventBody = Type.Object(
  {
    type: Type.Enum(['letter_received', 'reply_sent', 'reminder', 'payment', 'note']),
    at: Type.Optional(DateTime),
    note: Type.Optional(Nullable(text(10000))),
    amount: Type.Optional(Nullable(Money)),
    currency: Type.Optional(Nullable(Currency)),
    /** A reminder may move the deadline. */
    deadlineOn: Type.Optional(Nullable(DateOnly)),
  },
  { additionalProperties: false },
);
export type AddClaimEventInput = Static<typeof AddClaimEventBody>;

export const ChangeClaimStatusBody = Type.Object(
  {
    status: ClaimStatusSchema,
    note: Type.Optional(Nullable(text(10000))),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------- letter

export const LetterTextBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 200_000 }) }, { additionalProperties: false });

/** Fields found in a claim letter, typed as the claim stores them, so the confirmed proposal can be applied as it is. */
export const LetterProposalSchema = Type.Object({
  source: Type.Enum(['email', 'pdf', 'text']),
  agency: Nullable(ClaimAgencySchema),
  caseRef: Nullable(Type.String()),
  rightsHolder: Nullable(Type.String()),
  amount: Nullable(Money),
  currency: Nullable(Currency),
  deadlineOn: Nullable(DateOnly),
  receivedOn: Nullable(DateOnly),
  claimedUseFrom: Nullable(DateOnly),
  claimedUseTo: Nullable(DateOnly),
  infringingUrls: Type.Array(HttpUrl),
  /** For each proposed field, the line of the letter it was read from. */
  evidence: Type.Record(Type.String(), Type.String()),
  /** What the user should know: no text layer, a relative deadline without a letter date, a deadline without a readable date, text cut short. */
  warnings: Type.Array(Type.String()),
});
export type LetterProposal = Static<typeof LetterProposalSchema>;

export const LetterResultSchema = Type.Object({
  /** The letter, kept as a proof of the claim (absent for pasted text). */
  letter: Nullable(ProofSchema),
  /** Fields found in the letter, for the user to confirm (edit, then POST them to /claims/:id/letter/apply). */
  proposal: LetterProposalSchema,
  /** Images found in the letter, stored as screenshot proofs of the claim: the claim image. */
  images: Type.Array(ProofSchema),
});

// ---------------------------------------------------------------- matching

/** What one method matched: which letter URL and which stored URL or file, or which claim image and how far off. */
export const MatchEvidenceSchema = Type.Object({
  method: Type.Enum(matchMethods),
  /** The letter's URL that found the asset (url, filename). */
  letterUrl: Nullable(Type.String()),
  /** The asset's stored URL that is the same upload as the letter's URL (url). */
  matchedUrl: Nullable(Type.String()),
  /** The asset's file name (filename, and the file whose bytes or picture matched). */
  matchedFile: Nullable(Type.String()),
  /** The claim image (a screenshot proof) that matched by bytes or perceptual hash. */
  proofId: Nullable(Id),
  proofFilename: Nullable(Type.String()),
  /** Perceptual distance in bits (0..64); 0 for the same bytes. */
  distance: Nullable(Type.Integer()),
});
export type MatchEvidence = Static<typeof MatchEvidenceSchema>;

export const ClaimCandidateSchema = Type.Object({
  asset: AssetSchema,
  /** The site that holds the asset. */
  site: Type.Object({ id: Id, name: Type.String(), baseUrl: Type.String() }),
  /**
   * Whether the claim's URLs name this site (its host and base path, a subdomain of it, a host the
   * asset is served from, or any of these behind a proxy such as Jetpack Photon); null when the
   * URLs name no host at all (unknown). Confirming an asset of a site they do not name needs `override`.
   */
  siteNamedByLetter: Nullable(Type.Boolean()),
  method: Type.Enum(matchMethods),
  /** Every method that found this asset, best first. */
  methods: Type.Array(Type.Enum(matchMethods)),
  /** Perceptual distance in bits (0..64) when a claim image was compared. */
  distance: Nullable(Type.Integer()),
  score: Type.Number({ description: '0..1, higher is surer; matches on a site the letter names rank above all others' }),
  /** What each method matched, best first. */
  evidence: Type.Array(MatchEvidenceSchema),
  confirmed: Type.Boolean(),
  /** Confirmed although the claim's URLs do not name its site: the user's explicit override. */
  confirmedByOverride: Type.Boolean(),
});
export type ClaimCandidate = Static<typeof ClaimCandidateSchema>;

export const CandidatesSchema = Type.Object({
  items: Type.Array(ClaimCandidateSchema),
  /** Perceptual distance at or below which an image is taken for the same picture. */
  threshold: Type.Integer(),
});

export const ConfirmMatchesBody = Type.Object(
  {
    assetIds: Type.Array(Id, { maxItems: 200, uniqueItems: true, description: 'The candidates the user confirms; others are unconfirmed' }),
    override: Type.Optional(
      Type.Boolean({ description: "Confirm assets of a site the letter's URLs never name (refused with site_not_in_letter otherwise); recorded on the timeline" }),
    ),
  },
  { additionalProperties: false },
);
export type ConfirmMatchesInput = Static<typeof ConfirmMatchesBody>;

// ---------------------------------------------------------------- assessment

const AssessedLicense = Type.Object({
  ...LicenseSchema.properties,
  /** Whether the license window overlaps the asset's use period (some day of it); every license in licensesAtUse has it. */
  validAtUse: Type.Boolean(),
  validNow: Type.Boolean(),
});

export const AssetAssessmentSchema = Type.Object({
  asset: AssetSchema,
  licensesAtUse: Type.Array(AssessedLicense, { description: 'The licenses that together cover every day of usePeriod; empty when some day of it is uncovered (see uncoveredPeriods)' }),
  licensesNow: Type.Array(AssessedLicense),
  proofs: Type.Array(ProofSchema),
  firstSeenUsage: Nullable(Type.Object({ pageUrl: Type.String(), firstSeenAt: DateTime })),
  useDay: Type.String({ format: 'date', description: 'The day this asset is judged on: the claimed use start, or its first recorded use when earlier' }),
  usePeriod: Type.Object(
    { from: DateOnly, to: DateOnly },
    { description: "The whole use judged: from useDay to the letter's last day of use, else to the day the image was removed, or today while it is shown (at least the claimed day)" },
  ),
  uncoveredPeriods: Type.Array(Type.Object({ from: DateOnly, to: DateOnly }), {
    description: 'The days of usePeriod no license covered (both ends included), in order; empty when the licenses cover the whole use',
  }),
  /** Confirmed although the claim's URLs do not name the asset's site (the user's override): the letter itself does not tie it to this asset. */
  confirmedByOverride: Type.Boolean(),
  hosted: Type.Boolean({ description: 'The site hosts a copy: a file of it is in the library, or it is served under a URL that is not an embedding platform\'s. An embed license does not cover a hosted copy.' }),
  stance: StanceSchema,
  reason: Type.String(),
});

export const AssessmentSchema = Type.Object({
  claimId: Id,
  useDay: Nullable(DateOnly),
  stance: StanceSchema,
  reason: Type.String(),
  assets: Type.Array(AssetAssessmentSchema),
});
export type Assessment = Static<typeof AssessmentSchema>;

// ---------------------------------------------------------------- settlement

export const SettleClaimBody = Type.Object(
  {
    outcome: Type.Enum(['license_purchased', 'no_future_use']),
    amount: Nullable(Money),
    currency: Type.Optional(Nullable(Currency)),
    settledOn: Type.Optional(DateOnly),
    /** For a purchased license: its window (validFrom defaults to the settlement day; null expiresOn = perpetual). */
    license: Type.Optional(
      Type.Object(
        {
          validFrom: Type.Optional(Nullable(DateOnly)),
          expiresOn: Nullable(DateOnly),
          licensor: Type.Optional(Nullable(text(300))),
          usageTerms: Type.Optional(Nullable(text(10000))),
        },
        { additionalProperties: false },
      ),
    ),
    /** A proof already attached to the claim (kind receipt or invoice) that becomes the license's proof. */
    receiptProofId: Type.Optional(Nullable(Id)),
    note: Type.Optional(Nullable(text(10000))),
  },
  { additionalProperties: false },
);
export type SettleClaimInput = Static<typeof SettleClaimBody>;

/**
 * What the user should know about a recorded settlement. `removal_not_verified`: "no future use" was
 * agreed, but the asset's takedown did not (yet) prove it gone (a URL still answers, none could be
 * checked, or the asset has no URL to check); re-check the takedown before telling the claimant.
 */
export const SettlementWarningSchema = Type.Object({
  code: Type.Enum(['removal_not_verified']),
  assetId: Id,
  takedownId: Nullable(Id),
  detail: Type.String(),
});
export type SettlementWarning = Static<typeof SettlementWarningSchema>;

export const ClaimDetailSchema = Type.Object({
  ...ClaimSchema.properties,
  proofs: Type.Array(ProofSchema),
  events: Type.Array(ClaimEventSchema),
  candidates: Type.Array(ClaimCandidateSchema),
  takedownIds: Type.Array(Id),
  packUrl: Type.String(),
});
export type ClaimDetail = Static<typeof ClaimDetailSchema>;
