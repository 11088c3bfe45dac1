import type { SettleClaimInput, SettlementWarning, Takedown as TakedownContract } from '@clearance/contracts';
import type { Prisma } from '@clearance/db';
import type { FastifyInstance } from 'fastify';
import { dayOf, fromDbDate, toDbDate, today, type Day } from '../../lib/dates.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Auth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { refreshCoverage } from '../coverage/coverage.service.ts';
import { mapProof } from '../proofs/proofs.mapper.ts';
import { openTakedown, runChecks } from '../takedowns/takedowns.service.ts';
import { assertOpen, claimAssetScope, lockClaim } from './claim-access.ts';
import { claimInclude, mapClaim } from './claims.mapper.ts';
import { agencyLabels } from './pack/pack-format.ts';

type Claim = Awaited<ReturnType<typeof lockClaim>>;
type Asset = { id: string; siteId: string };

/** Agencies whose name stands for the licensor when the letter names no rights holder. */
const agencies: readonly string[] = ['copytrack', 'pixsy', 'picrights', 'higbee'];

/** Proofs that show a payment; one of them, not yet proving anything else, becomes the license's proof. */
const receiptKinds = ['receipt', 'invoice'] as const;

async function findReceipt(tx: Prisma.TransactionClient, claimId: string, proofId: string) {
  const receipt = await tx.proof.findFirst({ where: { id: proofId, claimId, deletedAt: null } });
  if (!receipt) throw notFound('Proof of this claim', proofId);
  if (!(receiptKinds as readonly string[]).includes(receipt.kind)) throw new AppError('validation_failed', `Proof ${proofId} is a ${receipt.kind}, not a receipt or invoice`);
  if (receipt.licenseId) throw new AppError('conflict', `Proof ${proofId} already proves license ${receipt.licenseId}`);
  return receipt;
}

/**
 * A purchased license: one `settlement` license per site of the confirmed assets (a license
 * belongs to one site), for the bought term, with the receipt as the proof of each.
 */
async function licenseBought(tx: Prisma.TransactionClient, auth: Auth, claim: Claim, assets: Asset[], input: SettleClaimInput, settledOn: Day, warningDays: number) {
  const term = input.license;
  if (!term) throw new AppError('validation_failed', 'A bought license needs its term: license.expiresOn (null for a perpetual license)');
  const validFrom = term.validFrom ?? settledOn;
  if (term.expiresOn && term.expiresOn < validFrom) throw new AppError('invalid_date_range', `expiresOn ${term.expiresOn} is before validFrom ${validFrom}`);
  const receipt = input.receiptProofId ? await findReceipt(tx, claim.id, input.receiptProofId) : null;
  const bySite = new Map<string, Asset[]>();
  for (const a of assets) bySite.set(a.siteId, [...(bySite.get(a.siteId) ?? []), a]);
  let first: string | null = null;
  for (const [siteId, siteAssets] of bySite) {
    const license = await tx.license.create({
      data: {
        siteId,
        kind: 'settlement',
        licensor: term.licensor ?? claim.rightsHolder ?? (agencies.includes(claim.agency) ? agencyLabels[claim.agency]! : null),
        orderRef: claim.caseRef,
        obtainedOn: toDbDate(settledOn),
        validFrom: toDbDate(validFrom),
        expiresOn: toDbDate(term.expiresOn),
        usageTerms: term.usageTerms ?? null,
        cost: input.amount,
        currency: input.currency ?? claim.currency,
        notes: `Bought to settle claim ${claim.caseRef ?? claim.id}`,
        assets: { create: siteAssets.map((a) => ({ assetId: a.id })) },
      },
    });
    first ??= license.id;
    await recordAudit(tx, auth, { siteId, entityType: 'license', entityId: license.id, action: 'create', after: { ...license, cost: license.cost?.toString() ?? null, assetIds: siteAssets.map((a) => a.id) } });
    if (receipt) {
      // The receipt proves every license it paid for: the claim's copy moves to the first, the others get their own row of the same file.
      const proof =
        license.id === first
          ? await tx.proof.update({ where: { id: receipt.id }, data: { licenseId: license.id, siteId } })
          : await tx.proof.create({
              data: { siteId, licenseId: license.id, claimId: claim.id, kind: receipt.kind, sha256: receipt.sha256, filename: receipt.filename, mimeType: receipt.mimeType, bytes: receipt.bytes, note: receipt.note, uploadedBy: auth.actor },
            });
      await recordAudit(tx, auth, { siteId, entityType: 'proof', entityId: proof.id, action: license.id === first ? 'attach_to_license' : 'create', before: license.id === first ? mapProof(receipt) : undefined, after: mapProof(proof) });
    }
  }
  await refreshCoverage(tx, assets.map((a) => a.id), warningDays);
  return first;
}

/**
 * Records how a claim ended, in one transaction: a bought license covering the confirmed assets,
 * or "no future use", which opens a takedown of each of them. The takedowns' URL checks make
 * outbound requests, so they run after the commit; a check that fails leaves its takedown
 * pending, to re-check, never a half-recorded settlement.
 */
export async function settleClaim(app: FastifyInstance, auth: Auth, claimId: string, input: SettleClaimInput) {
  const settledOn = input.settledOn ?? today();
  // A settlement is recorded once made: its day has begun somewhere on Earth (UTC+14 at the most).
  const latestToday = dayOf(new Date(Date.now() + 14 * 3_600_000));
  if (settledOn > latestToday) throw new AppError('date_in_future', `settledOn ${settledOn} is after today (${today()} UTC): record a settlement once it is made`, { field: 'settledOn' });
  const { claim, takedownIds } = await app.prisma.$transaction(async (tx) => {
    const before = await lockClaim(tx, auth, claimId);
    assertOpen(before);
    // A claim is settled after its letter came, never before.
    const receivedOn = fromDbDate(before.receivedOn);
    if (receivedOn && settledOn < receivedOn) throw new AppError('invalid_date_range', `settledOn ${settledOn} is before the claim's receivedOn ${receivedOn}`, { field: 'settledOn' });
    const assets = await tx.asset.findMany({ where: { id: { in: before.matches.map((m) => m.assetId) }, ...claimAssetScope(auth, before) }, select: { id: true, siteId: true } });
    if (!assets.length) throw new AppError('no_confirmed_assets', 'Confirm which assets the claim is about before settling it');

    const settlementLicenseId = input.outcome === 'license_purchased' ? await licenseBought(tx, auth, before, assets, input, settledOn, app.config.expiryWarningDays) : null;
    const takedowns = [];
    // One after another: each appends to the audit chain, which must see the previous append.
    if (input.outcome === 'no_future_use') for (const a of assets) takedowns.push(await openTakedown(tx, auth, a, claimId));

    const currency = input.currency ?? before.currency;
    // The settlement and its payment happened on the settled day, which may be before the day it is
    // recorded; settled today, they keep the recording time, so they follow today's earlier events.
    const at = settledOn === today() ? new Date() : toDbDate(settledOn)!;
    await tx.claimEvent.create({
      data: { claimId, type: 'settlement', at, note: input.note ?? (input.outcome === 'license_purchased' ? 'License bought' : 'Agreed: no future use'), amount: input.amount, currency, createdBy: auth.actor },
    });
    if (input.amount) await tx.claimEvent.create({ data: { claimId, type: 'payment', at, amount: input.amount, currency, createdBy: auth.actor } });
    await tx.claimEvent.create({ data: { claimId, type: 'status_change', fromStatus: before.status, toStatus: 'settled', createdBy: auth.actor } });
    const row = await tx.claim.update({
      where: { id: claimId },
      data: { status: 'settled', settlementOutcome: input.outcome, settlementAmount: input.amount, settledOn: toDbDate(settledOn), settlementLicenseId },
      include: claimInclude,
    });
    const after = mapClaim(row);
    await recordAudit(tx, auth, { siteId: before.siteId, entityType: 'claim', entityId: claimId, action: 'settle', before: mapClaim(before), after });
    return { claim: after, takedownIds: takedowns.map((t) => t.id) };
  });

  const takedowns = [];
  for (const id of takedownIds) takedowns.push(await runChecks(app, auth, id));
  return { claim, takedowns, warnings: takedowns.flatMap(removalWarning) };
}

/**
 * "No future use" is an agreement, recorded when it is made; whether the file is gone is what the
 * takedown proves, and one that does not verify at once is said plainly, not hidden.
 */
function removalWarning(t: TakedownContract): SettlementWarning[] {
  if (t.status === 'verified') return [];
  const detail =
    t.status === 'live'
      ? `Removal not verified: ${t.stillLive.length} URL(s) of asset ${t.assetId} still answer (${t.stillLive.slice(0, 3).join(', ')}${t.stillLive.length > 3 ? ', …' : ''}); re-check takedown ${t.id} once the file is deleted`
      : `Removal not verified: no URL of asset ${t.assetId} could be checked; re-check takedown ${t.id}`;
  return [{ code: 'removal_not_verified', assetId: t.assetId, takedownId: t.id, detail }];
}
