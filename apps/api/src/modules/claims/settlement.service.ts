import type { SettleClaimInput } from '@clearance/contracts';
import type { FastifyInstance } from 'fastify';
import { toDbDate, today } from '../../lib/dates.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Auth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { refreshCoverage } from '../coverage/coverage.service.ts';
import { startTakedown } from '../takedowns/takedowns.service.ts';
import { assertOpen, findVisibleClaim } from './claims.service.ts';
import { mapClaim } from './claims.mapper.ts';

const agencyNames: Record<string, string> = { copytrack: 'Copytrack', pixsy: 'Pixsy', picrights: 'PicRights', higbee: 'Higbee & Associates' };

/**
 * Records how a claim ended. A purchased license becomes a `settlement` license covering the
 * confirmed assets for its term, with the receipt as its proof (one license per site, since a
 * license belongs to one site). "No future use" starts a takedown of every confirmed asset, whose
 * checks run after the settlement is stored (they make outbound requests).
 */
export async function settleClaim(app: FastifyInstance, auth: Auth, claimId: string, input: SettleClaimInput) {
  const settledOn = input.settledOn ?? today();
  const { claim, assetIds } = await app.prisma.$transaction(async (tx) => {
    const before = await findVisibleClaim(tx, auth, claimId);
    assertOpen(before);
    const assets = await tx.asset.findMany({ where: { id: { in: before.matches.map((m) => m.assetId) } }, select: { id: true, siteId: true } });
    if (!assets.length) throw new AppError('no_confirmed_assets', 'Confirm which assets the claim is about before settling it');
    let settlementLicenseId: string | null = null;

    if (input.outcome === 'license_purchased') {
      const window = input.license ?? { expiresOn: null };
      const validFrom = window.validFrom ?? settledOn;
      if (window.expiresOn && window.expiresOn < validFrom) throw new AppError('invalid_date_range', `expiresOn ${window.expiresOn} is before validFrom ${validFrom}`);
      const receipt = input.receiptProofId
        ? await tx.proof.findFirst({ where: { id: input.receiptProofId, claimId, deletedAt: null }, select: { id: true, licenseId: true } })
        : null;
      if (input.receiptProofId && !receipt) throw notFound('Proof of this claim', input.receiptProofId);
      const bySite = new Map<string, typeof assets>();
      for (const a of assets) bySite.set(a.siteId, [...(bySite.get(a.siteId) ?? []), a]);
      for (const [siteId, siteAssets] of bySite) {
        const license = await tx.license.create({
          data: {
            siteId,
            kind: 'settlement',
            licensor: window.licensor ?? before.rightsHolder ?? agencyNames[before.agency] ?? null,
            orderRef: before.caseRef,
            obtainedOn: toDbDate(settledOn),
            validFrom: toDbDate(validFrom),
            expiresOn: toDbDate(window.expiresOn),
            usageTerms: window.usageTerms ?? null,
            cost: input.amount,
            currency: input.currency ?? before.currency,
            notes: `Bought to settle claim ${before.caseRef ?? before.id}`,
            assets: { create: siteAssets.map((a) => ({ assetId: a.id })) },
          },
        });
        settlementLicenseId ??= license.id;
        // The receipt proves the first license; a receipt is one document, kept once.
        if (receipt && license.id === settlementLicenseId) await tx.proof.update({ where: { id: receipt.id }, data: { licenseId: license.id } });
        await recordAudit(tx, auth, { siteId, entityType: 'license', entityId: license.id, action: 'create', after: { ...license, cost: license.cost?.toString() ?? null, assetIds: siteAssets.map((a) => a.id) } });
      }
      await refreshCoverage(tx, assets.map((a) => a.id), app.config.expiryWarningDays);
    }

    await tx.claimEvent.create({
      data: { claimId, type: 'settlement', note: input.note ?? (input.outcome === 'license_purchased' ? 'License bought' : 'Agreed: no future use'), amount: input.amount, currency: input.currency ?? before.currency, createdBy: auth.actor },
    });
    if (input.amount) {
      await tx.claimEvent.create({ data: { claimId, type: 'payment', amount: input.amount, currency: input.currency ?? before.currency, createdBy: auth.actor } });
    }
    await tx.claimEvent.create({ data: { claimId, type: 'status_change', fromStatus: before.status, toStatus: 'settled', createdBy: auth.actor } });
    const row = await tx.claim.update({
      where: { id: claimId },
      data: {
        status: 'settled',
        settlementOutcome: input.outcome,
        settlementAmount: input.amount,
        ...(input.currency ? { currency: before.currency ?? input.currency } : {}),
        settledOn: toDbDate(settledOn),
        settlementLicenseId,
      },
      include: { matches: { where: { confirmedAt: { not: null } }, select: { assetId: true }, orderBy: { confirmedAt: 'asc' } } },
    });
    const after = mapClaim(row);
    await recordAudit(tx, auth, { siteId: before.siteId, entityType: 'claim', entityId: claimId, action: 'settle', before: mapClaim(before), after });
    return { claim: after, assetIds: assets.map((a) => a.id) };
  });

  const takedowns = [];
  if (input.outcome === 'no_future_use') {
    for (const assetId of assetIds) takedowns.push(await startTakedown(app, auth, { assetId, claimId }));
  }
  return { claim, takedowns };
}
