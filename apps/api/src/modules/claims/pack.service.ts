import type { FastifyInstance } from 'fastify';
import { dayOf, fromDbDate } from '../../lib/dates.ts';
import { readVerifiedBlob } from '../../lib/read-verified-blob.ts';
import type { Auth } from '../../plugins/auth.ts';
import { mapRights } from '../assets/assets.mapper.ts';
import { attachmentNote } from '../proofs/proofs.service.ts';
import { assessAssets, claimedUseOf, loadConfirmedAssets, useDayOf, type ConfirmedAsset } from './assessment.service.ts';
import { findVisibleClaim } from './claim-access.ts';
import { listClaimEvents } from './claims.service.ts';
import { matchedRegion } from './pack/matched-region.ts';
import type { LicenseSummary, PackAsset, PackInput, PackProof, ProofEmail, ProofSnapshot } from './pack/pack.types.ts';
import { isRenderedPage, SnapshotRenderer, type PageRendering } from './pack/page-rendering.ts';
import { claimStance } from './stance.rules.ts';

type LicenseRow = ConfirmedAsset['licenses'][number]['license'];

function summary(l: LicenseRow): LicenseSummary {
  return {
    id: l.id,
    obtainedOn: fromDbDate(l.obtainedOn),
    attributionRequired: l.attributionRequired,
    attributionText: l.attributionText,
    kind: l.kind,
    ccVariant: l.ccVariant,
    licensor: l.licensor,
    sourceUrl: l.sourceUrl,
    orderRef: l.orderRef,
    validFrom: fromDbDate(l.validFrom),
    expiresOn: fromDbDate(l.expiresOn),
    territory: l.territory,
    usageTerms: l.usageTerms,
    mediaScope: l.mediaScope,
    cost: l.cost?.toFixed(2) ?? null,
    currency: l.currency,
  };
}

/** The stored original (the pack shows the image as it was uploaded), else the thumbnail, else nothing. */
async function storedImage(app: FastifyInstance, asset: ConfirmedAsset): Promise<Buffer | null> {
  for (const sha of [asset.sha256, asset.thumbnailSha256]) {
    if (!sha) continue;
    try {
      return await readVerifiedBlob(app, sha);
    } catch {
      // a damaged image file is reported by the integrity scrub; the pack shows "no image"
    }
  }
  return null;
}

/**
 * Everything the response pack needs, read in one pass. Proofs are verified against their hashes
 * here, before the download starts, so a damaged file becomes a clear 409 instead of a cut-off ZIP.
 */
export async function gatherPack(app: FastifyInstance, auth: Auth, claimId: string, language: 'en' | 'de' = 'en'): Promise<PackInput> {
  const claim = await findVisibleClaim(app.prisma, auth, claimId);
  const useDay = useDayOf(claim);
  const confirmed = await loadConfirmedAssets(app.prisma, auth, claim);
  const assessed = assessAssets(confirmed, claimedUseOf(claim));
  const stance = claimStance(assessed, await app.prisma.claimMatch.count({ where: { claimId } }));

  const licenseProofs = confirmed.flatMap((a) => a.licenses.flatMap(({ license }) => license.proofs));
  const claimProofs = await app.prisma.proof.findMany({ where: { claimId, deletedAt: null }, orderBy: { createdAt: 'asc' } });
  const rows = [...new Map([...licenseProofs, ...claimProofs].map((p) => [p.id, p])).values()];
  for (const row of rows) await readVerifiedBlob(app, row.sha256);

  const screenshots = claimProofs.filter((p) => p.kind === 'screenshot' && p.mimeType.startsWith('image/'));
  const claimImages = await Promise.all(screenshots.map(async (p) => ({ filename: p.filename, bytes: await readVerifiedBlob(app, p.sha256) })));
  const matches = new Map((await app.prisma.claimMatch.findMany({ where: { claimId, confirmedAt: { not: null } } })).map((m) => [m.assetId, m]));

  const assets: PackAsset[] = [];
  for (const [i, asset] of confirmed.entries()) {
    const match = matches.get(asset.id);
    const held = assessed[i]!;
    const byId = new Map(asset.licenses.map(({ license }) => [license.id, license]));
    assets.push({
      id: asset.id,
      filename: asset.filename,
      title: asset.title,
      site: asset.site,
      uploadedAt: asset.uploadedAt,
      image: await storedImage(app, asset),
      rights: mapRights(asset),
      detectedSource: asset.sourceProvider
        ? { provider: asset.sourceProvider, assetId: asset.sourceAssetId, suggestedKind: asset.sourceSuggestedKind, confidence: asset.sourceConfidence, evidence: (asset.sourceEvidence as string[] | null) ?? [] }
        : null,
      urls: asset.urls.map((u) => u.url),
      usages: asset.usages.map((u) => ({ pageUrl: u.pageUrl, firstSeenAt: u.firstSeenAt, lastSeenAt: u.lastSeenAt })),
      useDay: held.useDay,
      stance: held.stance,
      hosted: held.hosted,
      licensesAtUse: held.licensesAtUse.map((l) => summary(byId.get(l.id)!)),
      licensesNow: held.licensesNow.map((l) => summary(byId.get(l.id)!)),
      usePeriod: held.usePeriod,
      uncoveredPeriods: held.uncoveredPeriods,
      licenses: asset.licenses.map(({ license }) => summary(license)),
      match: match ? { method: match.method, distance: match.distance, score: match.score, confirmedByOverride: match.confirmedByOverride } : null,
      matchedRegion: asset.phash ? await matchedRegion(claimImages, { phash: asset.phash, variants: asset.phashVariants }) : null,
      takedowns: asset.takedowns.map((t) => ({
        id: t.id,
        requestedAt: t.requestedAt,
        status: t.status,
        verifiedAt: t.verifiedAt,
        checks: t.checks.map((c) => ({ url: c.url, statusCode: c.statusCode, error: c.error, checkedAt: c.checkedAt })),
      })),
    });
  }

  const claimant = claimantProofIds(claimProofs);
  const byProofId = new Map(rows.map((p) => [p.id, p]));
  const renderings = await renderSnapshots(app, rows);
  const proofs: PackProof[] = rows.map((p) => ({
    id: p.id,
    kind: p.kind,
    filename: p.filename,
    mimeType: p.mimeType,
    sha256: p.sha256,
    bytes: Number(p.bytes),
    licenseId: p.licenseId,
    note: ownNote(p, byProofId),
    attachedTo: p.parentProofId ? (byProofId.get(p.parentProofId)?.filename ?? null) : null,
    read: () => readVerifiedBlob(app, p.sha256),
    origin: claimant.has(p.id) ? 'claimant' : 'ours',
    email: emailOf(p.details),
    snapshot: snapshotOf(p.details),
    rendering: renderings.get(p.id) ?? null,
  }));

  const screenshot = screenshots[0];
  const head = await app.prisma.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  const events = await listClaimEvents(app.prisma, claimId);

  return {
    generatedAt: new Date(),
    auditHead: head ? { seq: head.seq.toString(), hash: head.hash } : null,
    claim: {
      id: claim.id,
      site: claim.siteId ? await app.prisma.site.findUnique({ where: { id: claim.siteId }, select: { name: true, baseUrl: true } }) : null,
      caseRef: claim.caseRef,
      agency: claim.agency,
      rightsHolder: claim.rightsHolder,
      receivedOn: fromDbDate(claim.receivedOn),
      deadlineOn: fromDbDate(claim.deadlineOn),
      claimedUseOn: fromDbDate(claim.claimedUseFrom) ?? useDay,
      amount: claim.amount?.toFixed(2) ?? null,
      currency: claim.currency,
      infringingUrls: claim.infringingUrls,
      status: claim.status,
      notes: claim.notes,
      settlementOutcome: claim.settlementOutcome,
      settledOn: fromDbDate(claim.settledOn),
      settlementAmount: claim.settlementAmount?.toFixed(2) ?? null,
      settlementLicenseId: claim.settlementLicenseId,
    },
    stance: stance.stance,
    stanceReason: stance.reason,
    claimImage: screenshot ? { filename: screenshot.filename, mimeType: screenshot.mimeType, bytes: claimImages[0]!.bytes } : null,
    assets,
    proofs,
    events: events.map((e) => ({ type: e.type, at: new Date(e.at), note: e.note, amount: e.amount === null ? null : e.amount.toFixed(2), currency: e.currency, fromStatus: e.fromStatus, toStatus: e.toStatus })),
    replyLanguage: language,
  };
}

/**
 * A note the user wrote; the one the system writes on an attachment ("Attachment of letter.eml") is
 * left out, since the pack says in its own language which document the file came in.
 */
function ownNote(p: { note: string | null; parentProofId: string | null }, byId: Map<string, { filename: string }>): string | null {
  const parent = p.parentProofId ? byId.get(p.parentProofId) : undefined;
  return parent && p.note === attachmentNote(parent.filename) ? null : p.note;
}

type ProofRow = { id: string; kind: string; parentProofId: string | null; claimId: string | null; licenseId: string | null; mimeType: string; sha256: string; details: unknown };

/** The claimant's material: their letter and screenshots, and whatever came attached to those. */
function claimantProofIds(claimProofs: ProofRow[]): Set<string> {
  const ids = new Set(claimProofs.filter((p) => !p.licenseId && (p.kind === 'claim_letter' || p.kind === 'screenshot')).map((p) => p.id));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of claimProofs) {
      if (p.parentProofId && ids.has(p.parentProofId) && !ids.has(p.id)) {
        ids.add(p.id);
        grew = true;
      }
    }
  }
  return ids;
}

const record = (value: unknown): Record<string, unknown> | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

function emailOf(details: unknown): ProofEmail | null {
  const email = record(record(details)?.email);
  if (!email) return null;
  return { from: text(email.from), to: text(email.to), date: text(email.date), subject: text(email.subject), text: text(email.text) };
}

function snapshotOf(details: unknown): ProofSnapshot | null {
  const snapshot = record(record(details)?.snapshot);
  const url = text(snapshot?.url);
  if (!snapshot || !url) return null;
  return { url, finalUrl: text(snapshot.finalUrl), status: typeof snapshot.status === 'number' ? snapshot.status : null, fetchedAt: text(snapshot.fetchedAt), contentType: text(snapshot.contentType) };
}

/**
 * Each HTML license-page snapshot rendered from its stored copy, before the download starts (one
 * browser for the whole pack). PDFs and images of a license page are their own rendering.
 */
async function renderSnapshots(app: FastifyInstance, rows: ProofRow[]): Promise<Map<string, PageRendering>> {
  const out = new Map<string, PageRendering>();
  const pages = rows.filter((p) => p.kind === 'license_page_snapshot' && isRenderedPage(p.mimeType));
  if (!pages.length) return out;
  const renderer = new SnapshotRenderer(app.config.chromiumPath);
  try {
    for (const p of pages) {
      const snapshot = snapshotOf(p.details);
      out.set(p.id, await renderer.render({ url: snapshot?.finalUrl ?? snapshot?.url ?? 'about:blank', mimeType: p.mimeType, body: await readVerifiedBlob(app, p.sha256) }));
    }
  } finally {
    await renderer.close();
  }
  return out;
}

/** The pack's file name: the case reference when there is one, made safe for every file system. */
export function packFilename(caseRef: string | null, claimId: string, at = new Date()): string {
  const ref = (caseRef ?? claimId).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'claim';
  return `response-pack-${ref}-${dayOf(at)}.zip`;
}
