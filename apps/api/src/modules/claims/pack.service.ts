import type { FastifyInstance } from 'fastify';
import { dayOf, fromDbDate } from '../../lib/dates.ts';
import { readVerifiedBlob } from '../../lib/read-verified-blob.ts';
import type { Auth } from '../../plugins/auth.ts';
import { mapRights } from '../assets/assets.mapper.ts';
import { assessAssets, loadConfirmedAssets, useDayOf, type ConfirmedAsset } from './assessment.service.ts';
import { findVisibleClaim } from './claim-access.ts';
import { listClaimEvents } from './claims.service.ts';
import type { LicenseSummary, PackAsset, PackInput, PackProof } from './pack/pack.types.ts';
import { claimStance } from './stance.rules.ts';

type LicenseRow = ConfirmedAsset['licenses'][number]['license'];

function summary(l: LicenseRow): LicenseSummary {
  return {
    id: l.id,
    kind: l.kind,
    ccVariant: l.ccVariant,
    licensor: l.licensor,
    sourceUrl: l.sourceUrl,
    orderRef: l.orderRef,
    validFrom: fromDbDate(l.validFrom),
    expiresOn: fromDbDate(l.expiresOn),
    territory: l.territory,
    usageTerms: l.usageTerms,
    attributionRequired: l.attributionRequired,
    attributionText: l.attributionText,
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
  const assessed = assessAssets(confirmed, useDay);
  const stance = claimStance(assessed, await app.prisma.claimMatch.count({ where: { claimId } }));

  const assets: PackAsset[] = [];
  for (const [i, asset] of confirmed.entries()) {
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
      licensesAtUse: held.licensesAtUse.map((l) => summary(byId.get(l.id)!)),
      licensesNow: held.licensesNow.map((l) => summary(byId.get(l.id)!)),
      takedowns: asset.takedowns.map((t) => ({
        id: t.id,
        requestedAt: t.requestedAt,
        status: t.status,
        verifiedAt: t.verifiedAt,
        checks: t.checks.map((c) => ({ url: c.url, statusCode: c.statusCode, error: c.error, checkedAt: c.checkedAt })),
      })),
    });
  }

  const licenseProofs = confirmed.flatMap((a) => a.licenses.flatMap(({ license }) => license.proofs));
  const claimProofs = await app.prisma.proof.findMany({ where: { claimId, deletedAt: null }, orderBy: { createdAt: 'asc' } });
  const rows = [...new Map([...licenseProofs, ...claimProofs].map((p) => [p.id, p])).values()];
  for (const row of rows) await readVerifiedBlob(app, row.sha256);
  const proofs: PackProof[] = rows.map((p) => ({
    id: p.id,
    kind: p.kind,
    filename: p.filename,
    mimeType: p.mimeType,
    sha256: p.sha256,
    bytes: Number(p.bytes),
    licenseId: p.licenseId,
    note: p.note,
    read: () => readVerifiedBlob(app, p.sha256),
  }));

  const screenshot = claimProofs.find((p) => p.kind === 'screenshot' && p.mimeType.startsWith('image/'));
  const head = await app.prisma.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
  const events = await listClaimEvents(app.prisma, claimId);

  return {
    generatedAt: new Date(),
    auditHead: head ? { seq: head.seq.toString(), hash: head.hash } : null,
    claim: {
      id: claim.id,
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
    claimImage: screenshot ? { filename: screenshot.filename, mimeType: screenshot.mimeType, bytes: await readVerifiedBlob(app, screenshot.sha256) } : null,
    assets,
    proofs,
    events: events.map((e) => ({ type: e.type, at: new Date(e.at), note: e.note, amount: e.amount === null ? null : e.amount.toFixed(2), currency: e.currency, fromStatus: e.fromStatus, toStatus: e.toStatus })),
    replyLanguage: language,
  };
}

/** The pack's file name: the case reference when there is one, made safe for every file system. */
export function packFilename(caseRef: string | null, claimId: string, at = new Date()): string {
  const ref = (caseRef ?? claimId).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'claim';
  return `response-pack-${ref}-${dayOf(at)}.zip`;
}
