/**
 * What the response pack is rendered from: plain data gathered by the claims service, no Prisma types,
 * so the renderers are pure functions of their input (and testable without a database).
 *
 * Days are `YYYY-MM-DD` strings (UTC calendar days, as in lib/dates.ts); instants are `Date`s.
 * Money is a decimal string ("300.00") as Prisma's Decimal prints it, never a float.
 */

/** The recommended answer to a claim (issue 5, scope 3). */
export { stances, type Stance } from '@clearance/contracts';
import type { Stance } from '@clearance/contracts';
import type { PageRendering } from './page-rendering.ts';

export type Day = string;

export type LicenseSummary = {
  id: string;
  /** A license kind as in @clearance/contracts (`stock_royalty_free`, `public_domain`, ...); unknown kinds print as given. */
  kind: string;
  ccVariant?: string | null;
  licensor: string | null;
  sourceUrl: string | null;
  orderRef: string | null;
  validFrom: Day | null;
  /** Last valid day; null is perpetual. */
  expiresOn: Day | null;
  territory: string | null;
  usageTerms: string | null;
  /** What the use must show, e.g. "Photo: A. Webb"; the reply names it as a condition of the permission. */
  attributionRequired?: boolean;
  attributionText?: string | null;
  /** Where the license allows the use (editorial, web, ...). */
  mediaScope?: string | null;
  cost: string | null;
  currency: string | null;
  /** When the license was obtained (bought, downloaded, granted). */
  obtainedOn?: Day | null;
};

export type TakedownCheckInput = { url: string; statusCode: number | null; error: string | null; checkedAt: Date };

export type TakedownInput = {
  id: string;
  requestedAt: Date;
  status: 'pending' | 'live' | 'verified';
  verifiedAt: Date | null;
  /** Every check ever made (re-checks included); the latest per URL decides the verdict. */
  checks: TakedownCheckInput[];
};

export type PackSite = { name: string; baseUrl: string };

/** How a confirmed asset was found for the claim (issue 16, point 7). */
/** `confirmedByOverride`: confirmed although the claim's URLs do not name the asset's site. */
export type PackMatch = { method: string; distance: number | null; score: number; confirmedByOverride?: boolean };

/** The part of a claim image that matched the stored image, cropped and enlarged. */
export type MatchedRegion = {
  claimImageFilename: string;
  sourceWidth: number;
  sourceHeight: number;
  /** In pixels of the (EXIF-oriented) claim image. */
  box: { left: number; top: number; width: number; height: number };
  enlargement: number;
  distance: number;
  png: Buffer;
};

export type PackAsset = {
  id: string;
  filename: string;
  title: string | null;
  site: PackSite;
  uploadedAt: Date | null;
  /** A stored thumbnail or the original (any format sharp reads); null when nothing is stored. */
  image: Buffer | null;
  /** Normalized rights metadata (creator, credit, copyrightNotice, source, licensorName, ...); empty values are skipped. */
  rights: Record<string, string | null>;
  detectedSource: { provider: string; assetId: string | null; suggestedKind: string | null; confidence: number | null; evidence: string[] } | null;
  /** Every URL the asset is served under. */
  urls: string[];
  usages: Array<{ pageUrl: string; firstSeenAt: Date; lastSeenAt: Date }>;
  /** The day this asset is judged on (from the assessment): the claimed use start, or its own first recorded use when earlier. */
  useDay: Day;
  /** This asset's own stance (the claim's is the most demanding of its assets'): each paragraph of the reply names its own basis. */
  stance: Stance;
  /** The site hosts a copy (a file in the library, or a served URL that is not a platform's); an embed covers no hosted copy. */
  hosted: boolean;
  /** Licenses that together covered every day of the use (empty when some day of it was uncovered). */
  licensesAtUse: LicenseSummary[];
  /** Licenses that cover it on the day the pack is generated. */
  licensesNow: LicenseSummary[];
  /** The whole use judged (first use to the end of the claimed use) and the days of it no license covered; absent for inputs built without an assessment. */
  usePeriod?: { from: string; to: string };
  uncoveredPeriods?: Array<{ from: string; to: string }>;
  takedowns: TakedownInput[];
  /** Every license recorded for the asset, whatever its dates (for the timeline and the source checks). */
  licenses?: LicenseSummary[];
  /** How it was matched; absent for inputs built without a match (older callers). */
  match?: PackMatch | null;
  /** Where a perceptual match sits in the claimant's image; null when none was located. */
  matchedRegion?: MatchedRegion | null;
};

/** Parsed e-mail headers of an e-mail proof. */
export type ProofEmail = { from: string | null; to: string | null; date: string | null; subject: string | null; text: string | null };
/** How a license-page snapshot was fetched. */
export type ProofSnapshot = { url: string; finalUrl: string | null; status: number | null; fetchedAt: string | null; contentType: string | null };

export type PackProof = {
  id: string;
  /** A proof kind as in @clearance/contracts (`invoice`, `license_page_snapshot`, ...). */
  kind: string;
  filename: string;
  mimeType: string;
  /** As stored; the pack re-hashes the bytes it reads and refuses to ship a file that does not match. */
  sha256: string;
  bytes: number;
  licenseId: string | null;
  note: string | null;
  /** The file name of the document this one came in (an e-mail's attachment), if any. */
  attachedTo?: string | null;
  /** Called once, while the ZIP is being written, so only one proof is held in memory at a time. */
  read: () => Promise<Buffer>;
  /** Whose material it is: our evidence (default) or the claimant's (their letter, screenshot, attachments). */
  origin?: 'ours' | 'claimant';
  email?: ProofEmail | null;
  snapshot?: ProofSnapshot | null;
  /** For an HTML license-page snapshot: the stored copy rendered to PDF, or why there is no rendering. */
  rendering?: PageRendering | null;
};

/** A timeline entry; a status change names the status it left and the one it reached. */
export type PackEvent = { type: string; at: Date; note: string | null; amount: string | null; currency: string | null; fromStatus?: string | null; toStatus?: string | null };

export type PackClaim = {
  id: string;
  /** The site the claim was logged for; null for a claim of the whole instance (its assets may then be on several sites). */
  site?: PackSite | null;
  caseRef: string | null;
  /** copytrack | pixsy | picrights | higbee | rights_holder | other (unknown values print as given). */
  agency: string;
  rightsHolder: string | null;
  receivedOn: Day | null;
  deadlineOn: Day | null;
  claimedUseOn: Day | null;
  amount: string | null;
  currency: string | null;
  infringingUrls: string[];
  status: string;
  notes: string | null;
  /** How a settled claim ended (license_purchased | no_future_use); the reply confirms it instead of arguing the case. */
  settlementOutcome?: string | null;
  settledOn?: Day | null;
  settlementAmount?: string | null;
  settlementLicenseId?: string | null;
};

export type PackInput = {
  generatedAt: Date;
  /** The last audit event when the pack was generated, so the pack can be tied to the hash-chained trail. */
  auditHead: { seq: string; hash: string } | null;
  claim: PackClaim;
  stance: Stance;
  stanceReason: string;
  claimImage: { filename: string; mimeType: string; bytes: Buffer } | null;
  assets: PackAsset[];
  proofs: PackProof[];
  events: PackEvent[];
  /** Language of the whole pack (summary and draft reply); defaults to English. */
  replyLanguage?: 'en' | 'de';
};

/** For the removal certificate, which is also useful on its own (outside a claim). */
export type RemovalCertificateInput = {
  generatedAt: Date;
  takedown: TakedownInput;
  asset: { id: string; filename: string; title: string | null };
  site: PackSite;
  caseRef?: string | null;
};
