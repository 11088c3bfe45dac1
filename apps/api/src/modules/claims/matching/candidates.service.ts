import type { ClaimCandidate, ClaimStatus, ConfirmMatchesInput, MatchEvidence, MatchMethod } from '@clearance/contracts';
import type { Prisma } from '@clearance/db';
import type { FastifyInstance } from 'fastify';
import { readVerifiedBlob } from '../../../lib/read-verified-blob.ts';
import { AppError, notFound } from '../../../lib/errors.ts';
import type { Db } from '../../../lib/prisma-types.ts';
import type { Auth } from '../../../plugins/auth.ts';
import { assetInclude, mapAsset } from '../../assets/assets.mapper.ts';
import { MATCH_THRESHOLD, queryHashes } from '../../ingest/fingerprint/index.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { mapClaim } from '../claims.mapper.ts';
import { assertOpen, claimAssetScope, findVisibleClaim, lockClaim } from '../claim-access.ts';
import { closedStatuses, openStatuses } from '../claim-status.rules.ts';
import { candidateFilenames, imageUrlKey, splitName, urlSpellings } from './image-url.rules.ts';
import { letterSites, originalUrl, placementOf, scoreOf, type LetterSites } from './letter-sites.rules.ts';
import { readEvidence } from './match-evidence.ts';
import { phashCatalogOf } from './phash-catalog.ts';

type Found = { assetId: string; evidence: MatchEvidence };

const evidenceOf = (method: MatchMethod, fields: Partial<MatchEvidence>): MatchEvidence => ({
  method,
  letterUrl: null,
  matchedUrl: null,
  matchedFile: null,
  proofId: null,
  proofFilename: null,
  distance: null,
  ...fields,
});

/** Assets whose stored URLs are the letter's URLs (up to WordPress copies, format, scheme and www), or whose file name is. */
async function byUrl(app: FastifyInstance, scope: { siteId?: string }, urls: string[]): Promise<Found[]> {
  // A proxy URL in the letter (Photon, Wayback, …) is looked up as the original it carries.
  const letter = urls.flatMap((url) => {
    const original = originalUrl(url);
    const key = imageUrlKey(original);
    return key ? [{ url, original, key }] : [];
  });
  if (!letter.length) return [];
  const filenames = [...new Set(letter.flatMap((l) => candidateFilenames(l.key.stem)))];
  const spellings = [...new Set(letter.flatMap((l) => urlSpellings(l.original)))];
  const rows = await app.prisma.asset.findMany({
    where: { ...scope, OR: [{ filename: { in: filenames } }, { urls: { some: { url: { in: spellings } } } }] },
    select: { id: true, filename: true, urls: { select: { url: true }, orderBy: { id: 'asc' } } },
    take: 500,
  });
  const found: Found[] = [];
  for (const row of rows) {
    const stem = splitName(row.filename).stem.toLowerCase();
    for (const l of letter) {
      const same = row.urls.find((u) => imageUrlKey(u.url)?.key === l.key.key);
      if (same) found.push({ assetId: row.id, evidence: evidenceOf('url', { letterUrl: l.url, matchedUrl: same.url, matchedFile: row.filename }) });
      else if (l.key.stem.toLowerCase() === stem) found.push({ assetId: row.id, evidence: evidenceOf('filename', { letterUrl: l.url, matchedFile: row.filename }) });
    }
  }
  return found;
}

type ClaimImage = { id: string; filename: string; sha256: string };

/** Assets with the same bytes as a claim image, and assets that look the same (borders and page around it trimmed). */
async function byImage(app: FastifyInstance, scope: { siteId?: string }, images: ClaimImage[]): Promise<Found[]> {
  if (!images.length) return [];
  // Images uploaded a moment ago may still be in the picture queue: compare against their hashes too.
  await app.pictures.idle();
  const found: Found[] = [];
  const same = await app.prisma.asset.findMany({ where: { ...scope, sha256: { in: images.map((i) => i.sha256) } }, select: { id: true, sha256: true, filename: true } });
  for (const row of same) {
    const image = images.find((i) => i.sha256 === row.sha256);
    if (image) found.push({ assetId: row.id, evidence: evidenceOf('sha256', { proofId: image.id, proofFilename: image.filename, matchedFile: row.filename, distance: 0 }) });
  }
  for (const image of images) {
    let hashes: string[];
    try {
      hashes = await queryHashes(await readVerifiedBlob(app, image.sha256));
    } catch {
      continue; // an image that cannot be decoded still matched by its bytes above, if at all
    }
    const near = await phashCatalogOf(app.prisma).search(hashes, { radius: MATCH_THRESHOLD, siteIds: scope.siteId ? [scope.siteId] : null });
    for (const m of near) found.push({ assetId: m.assetId, evidence: evidenceOf('phash', { proofId: image.id, proofFilename: image.filename, distance: m.distance }) });
  }
  return found;
}

type Ranked = { assetId: string; method: MatchMethod; distance: number | null; score: number; evidence: MatchEvidence[] };

/**
 * Scores every finding by its method and where its asset sits relative to the letter's hosts; an
 * asset found several ways keeps its best score and method, its smallest distance, and every
 * finding as evidence, best first.
 */
async function rank(app: FastifyInstance, found: Found[], letter: LetterSites): Promise<Ranked[]> {
  const assets = await app.prisma.asset.findMany({
    where: { id: { in: [...new Set(found.map((f) => f.assetId))] } },
    select: { id: true, filename: true, urls: { select: { url: true } }, site: { select: { baseUrl: true } } },
  });
  const byId = new Map(assets.map((a) => [a.id, { filename: a.filename, placement: placementOf(letter.names(a.site, a.urls.map((u) => u.url))) }]));
  const scored = found
    .flatMap((f) => {
      const asset = byId.get(f.assetId);
      if (!asset) return []; // deleted since it was found
      const evidence = { ...f.evidence, matchedFile: f.evidence.matchedFile ?? asset.filename };
      return [{ assetId: f.assetId, evidence, score: scoreOf(evidence.method, evidence.distance, asset.placement) }];
    })
    .sort((a, b) => b.score - a.score);
  const byAsset = new Map<string, Ranked>();
  for (const { assetId, evidence, score } of scored) {
    const seen = byAsset.get(assetId);
    if (!seen) byAsset.set(assetId, { assetId, method: evidence.method, distance: evidence.distance, score, evidence: [evidence] });
    else {
      seen.evidence.push(evidence);
      if (evidence.distance !== null && (seen.distance === null || evidence.distance < seen.distance)) seen.distance = evidence.distance;
    }
  }
  return [...byAsset.values()];
}

/**
 * Ranks the assets a claim may be about, across every site the caller sees, from the letter's
 * URLs and the claim's images (screenshot proofs), and keeps them as the claim's matches. A user's
 * earlier confirmations stay; unconfirmed matches no longer found are dropped.
 */
export async function matchClaim(app: FastifyInstance, auth: Auth, claimId: string) {
  const claim = await findVisibleClaim(app.prisma, auth, claimId);
  const images = await app.prisma.proof.findMany({
    where: { claimId, deletedAt: null, mimeType: { startsWith: 'image/' } },
    select: { id: true, filename: true, sha256: true },
    orderBy: { createdAt: 'asc' },
  });
  const scope = claimAssetScope(auth, claim);
  const found = [...(await byUrl(app, scope, claim.infringingUrls)), ...(await byImage(app, scope, uniqueBy(images, (i) => i.sha256)))];
  const ranked = await rank(app, found, await letterSitesOf(app.prisma, claim.infringingUrls));
  await app.prisma.$transaction(async (tx) => {
    await tx.claimMatch.deleteMany({ where: { claimId, confirmedAt: null, assetId: { notIn: ranked.map((f) => f.assetId) } } });
    for (const f of ranked) {
      const data = { method: f.method, distance: f.distance, score: f.score, evidence: f.evidence };
      await tx.claimMatch.upsert({ where: { claimId_assetId: { claimId, assetId: f.assetId } }, create: { claimId, assetId: f.assetId, ...data }, update: data });
    }
  });
  return listCandidates(app.prisma, auth, claim);
}

/** The stored matches, best first, each with its asset, its site and what matched. */
export async function listCandidates(db: Db, auth: Auth, claim: { id: string; siteId: string | null; infringingUrls: string[] }): Promise<ClaimCandidate[]> {
  const rows = await db.claimMatch.findMany({
    where: { claimId: claim.id, asset: claimAssetScope(auth, claim) },
    include: { asset: { include: { ...assetInclude, site: { select: { id: true, name: true, baseUrl: true } } } } },
    orderBy: [{ score: 'desc' }, { assetId: 'asc' }],
  });
  const letter = await letterSitesOf(db, claim.infringingUrls);
  return rows.map((m) => {
    const evidence = readEvidence(m.evidence);
    const { site, ...asset } = m.asset;
    return {
      asset: mapAsset(asset),
      site,
      siteNamedByLetter: letter.names(site, asset.urls.map((u) => u.url)),
      method: m.method,
      methods: evidence.length ? [...new Set(evidence.map((e) => e.method))] : [m.method],
      distance: m.distance,
      score: m.score,
      evidence,
      confirmed: m.confirmedAt !== null,
      confirmedByOverride: m.confirmedAt !== null && m.confirmedByOverride,
    };
  });
}

/** The letter's URLs read against every site of the instance (a more specific site takes its URLs away from a broader one). */
export async function letterSitesOf(db: Db, letterUrls: readonly string[]): Promise<LetterSites> {
  const sites = letterUrls.length ? await db.site.findMany({ select: { baseUrl: true } }) : [];
  return letterSites(letterUrls, sites);
}

/**
 * The user's choice of which assets the claim is about. Candidates not chosen are unconfirmed,
 * not forgotten; an asset the matcher did not find may be chosen by hand if the caller sees it.
 * An asset of a site the letter's URLs never name is refused unless the user overrides; the match
 * then says it was confirmed by override, and the override is written on the claim's timeline.
 * A new claim becomes "matched" once something is confirmed.
 */
export async function confirmMatches(app: FastifyInstance, auth: Auth, claimId: string, input: ConfirmMatchesInput) {
  const { assetIds } = input;
  return app.prisma.$transaction(async (tx) => {
    const claim = await lockClaim(tx, auth, claimId);
    assertOpen(claim);
    const visible = await tx.asset.findMany({
      where: { id: { in: assetIds }, ...claimAssetScope(auth, claim) },
      select: { id: true, filename: true, urls: { select: { url: true } }, site: { select: { name: true, baseUrl: true } } },
    });
    const missing = assetIds.filter((id) => !visible.some((v) => v.id === id));
    if (missing.length) throw notFound('Asset', missing.join(', '));
    const letter = await letterSitesOf(tx, claim.infringingUrls);
    const unnamed = visible.filter((a) => letter.names(a.site, a.urls.map((u) => u.url)) === false);
    // An override given once stands while the asset stays confirmed; any other unnamed asset needs one now.
    const overridden = new Set((await tx.claimMatch.findMany({ where: { claimId, confirmedAt: { not: null }, confirmedByOverride: true }, select: { assetId: true } })).map((m) => m.assetId));
    const newlyUnnamed = unnamed.filter((a) => !overridden.has(a.id));
    if (newlyUnnamed.length && input.override !== true) {
      throw new AppError('site_not_in_letter', `The letter names ${letter.hosts.join(', ')}; ${newlyUnnamed.map((a) => `${a.filename} is on ${a.site.name} (${a.site.baseUrl})`).join('; ')}`, {
        assetIds: newlyUnnamed.map((a) => a.id),
        letterHosts: letter.hosts,
      });
    }
    const known = new Set((await tx.claimMatch.findMany({ where: { claimId }, select: { assetId: true } })).map((m) => m.assetId));
    for (const id of assetIds.filter((a) => !known.has(a))) await tx.claimMatch.create({ data: { claimId, assetId: id, method: 'manual', score: 0 } });
    await tx.claimMatch.updateMany({ where: { claimId, assetId: { notIn: assetIds } }, data: { confirmedAt: null, confirmedByOverride: false } });
    await tx.claimMatch.updateMany({ where: { claimId, assetId: { in: assetIds }, confirmedAt: null }, data: { confirmedAt: new Date() } });
    // Whether each chosen asset stands by the letter or by the override, as of now.
    const unnamedIds = unnamed.map((a) => a.id);
    await tx.claimMatch.updateMany({ where: { claimId, assetId: { in: unnamedIds } }, data: { confirmedByOverride: true } });
    await tx.claimMatch.updateMany({ where: { claimId, assetId: { in: assetIds.filter((id) => !unnamedIds.includes(id)) } }, data: { confirmedByOverride: false } });
    if (newlyUnnamed.length) {
      const which = newlyUnnamed.map((a) => `${a.filename} (asset ${a.id}) on ${a.site.name}, ${a.site.baseUrl}`).join('; ');
      await tx.claimEvent.create({
        data: { claimId, type: 'note', note: `Match confirmed by override: ${which}; the letter names only ${letter.hosts.join(', ')}`, createdBy: auth.actor },
      });
    }
    if (claim.status === 'new' && assetIds.length) {
      await tx.claim.update({ where: { id: claimId }, data: { status: 'matched' } });
      await tx.claimEvent.create({ data: { claimId, type: 'status_change', fromStatus: 'new', toStatus: 'matched', note: 'Assets confirmed', createdBy: auth.actor } });
    }
    const after = mapClaim(await findVisibleClaim(tx, auth, claimId));
    await recordAudit(tx, auth, {
      siteId: claim.siteId,
      entityType: 'claim',
      entityId: claimId,
      action: 'confirm_matches',
      before: mapClaim(claim),
      after: newlyUnnamed.length ? { ...after, overriddenAssetIds: newlyUnnamed.map((a) => a.id) } : after,
    });
    return after;
  });
}

/**
 * After the claim's URLs changed (PATCH, letter apply), inside the caller's transaction: a match
 * confirmed without override whose site the letter now does not name is unconfirmed, with a
 * timeline note saying which and why (the user confirms it again, with override, if it is right).
 * A "matched" claim left with nothing confirmed goes back to "new". Closed claims keep their
 * confirmations: a settlement was made on them. Returns the unconfirmed asset ids.
 */
export async function recheckConfirmedMatches(tx: Prisma.TransactionClient, auth: Auth, claim: { id: string; siteId: string | null; status: ClaimStatus; infringingUrls: string[] }): Promise<string[]> {
  if (closedStatuses.includes(claim.status)) return [];
  const confirmed = await tx.claimMatch.findMany({
    where: { claimId: claim.id, confirmedAt: { not: null } },
    select: { assetId: true, confirmedByOverride: true, asset: { select: { filename: true, urls: { select: { url: true } }, site: { select: { name: true, baseUrl: true } } } } },
  });
  if (!confirmed.length) return [];
  const letter = await letterSitesOf(tx, claim.infringingUrls);
  const named = (m: (typeof confirmed)[number]) => letter.names(m.asset.site, m.asset.urls.map((u) => u.url));
  // An override the letter now bears out is no override any more.
  const nowNamed = confirmed.filter((m) => m.confirmedByOverride && named(m) === true).map((m) => m.assetId);
  if (nowNamed.length) await tx.claimMatch.updateMany({ where: { claimId: claim.id, assetId: { in: nowNamed } }, data: { confirmedByOverride: false } });
  const dropped = confirmed.filter((m) => !m.confirmedByOverride && named(m) === false);
  if (!dropped.length) return [];
  const ids = dropped.map((m) => m.assetId);
  await tx.claimMatch.updateMany({ where: { claimId: claim.id, assetId: { in: ids } }, data: { confirmedAt: null } });
  const which = dropped.map((m) => `${m.asset.filename} (asset ${m.assetId}) on ${m.asset.site.name}, ${m.asset.site.baseUrl}`).join('; ');
  await tx.claimEvent.create({
    data: {
      claimId: claim.id,
      type: 'note',
      note: `Match unconfirmed: the claim's URLs now name only ${letter.hosts.join(', ')}, not the site of ${which}. Confirm it again with override if the claim is about it.`,
      createdBy: auth.actor,
    },
  });
  const left = await tx.claimMatch.count({ where: { claimId: claim.id, confirmedAt: { not: null } } });
  if (!left && claim.status === 'matched') {
    await tx.claim.update({ where: { id: claim.id }, data: { status: 'new' } });
    await tx.claimEvent.create({ data: { claimId: claim.id, type: 'status_change', fromStatus: 'matched', toStatus: 'new', note: 'No confirmed asset left', createdBy: auth.actor } });
  }
  return ids;
}

/**
 * After a site's base URL changed, inside the caller's transaction: the open claims with a confirmed
 * match on one of the site's assets are re-checked as if their URLs had changed (recheckConfirmedMatches),
 * since whether a letter names the site depends on where the site is. Every such claim is re-checked,
 * whoever changed the site: the consequence is the claim's, not a view of it. Returns the claims
 * whose confirmed matches were dropped.
 */
export async function recheckClaimsOfSite(tx: Prisma.TransactionClient, auth: Auth, siteId: string): Promise<string[]> {
  const claims = await tx.claim.findMany({
    where: { status: { in: [...openStatuses] }, matches: { some: { confirmedAt: { not: null }, asset: { siteId } } } },
    select: { id: true },
    orderBy: { id: 'asc' }, // one lock order, so two such updates cannot deadlock
  });
  const changed: string[] = [];
  for (const { id } of claims) {
    await tx.$queryRaw`SELECT id FROM claims WHERE id = ${id} FOR UPDATE`;
    const claim = await tx.claim.findUnique({ where: { id }, select: { id: true, siteId: true, status: true, infringingUrls: true } });
    if (claim && (await recheckConfirmedMatches(tx, auth, claim)).length) changed.push(id);
  }
  return changed;
}

function uniqueBy<T>(xs: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(key(x)) ? false : (seen.add(key(x)), true)));
}
