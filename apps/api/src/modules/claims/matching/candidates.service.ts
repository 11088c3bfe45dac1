import type { ClaimCandidate, MatchMethod } from '@clearance/contracts';
import type { FastifyInstance } from 'fastify';
import { readVerifiedBlob } from '../../../lib/read-verified-blob.ts';
import { notFound } from '../../../lib/errors.ts';
import type { Db } from '../../../lib/prisma-types.ts';
import type { Auth } from '../../../plugins/auth.ts';
import { assetInclude, mapAsset } from '../../assets/assets.mapper.ts';
import { MATCH_THRESHOLD, queryHashes } from '../../ingest/fingerprint/index.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { mapClaim } from '../claims.mapper.ts';
import { assertOpen, claimAssetScope, findVisibleClaim, lockClaim } from '../claim-access.ts';
import { candidateFilenames, imageUrlKey, splitName } from './image-url.rules.ts';
import { phashCatalogOf } from './phash-catalog.ts';

/**
 * How sure each method is, before distance: the same bytes, then the same upload by URL, then the
 * same picture by its perceptual hash (less with every differing bit), then only the same file name.
 */
const methodScore: Record<MatchMethod, number> = { sha256: 1, url: 0.95, phash: 0.9, filename: 0.6, manual: 0 };
const scoreOf = (method: MatchMethod, distance: number | null) => (method === 'phash' ? methodScore.phash - (distance ?? 0) / 100 : methodScore[method]);

type Found = { assetId: string; method: MatchMethod; distance: number | null; score: number };

/** Assets whose stored URLs are the letter's URLs (up to WordPress copies and format), or whose file name is. */
async function byUrl(app: FastifyInstance, scope: { siteId?: string }, urls: string[]): Promise<Found[]> {
  const keys = urls.map(imageUrlKey).filter((k) => k !== null);
  if (!keys.length) return [];
  const filenames = [...new Set(keys.flatMap((k) => candidateFilenames(k.stem)))];
  const rows = await app.prisma.asset.findMany({
    where: { ...scope, OR: [{ filename: { in: filenames } }, { urls: { some: { url: { in: urls } } } }] },
    select: { id: true, filename: true, urls: { select: { url: true } } },
    take: 500,
  });
  const found: Found[] = [];
  for (const row of rows) {
    const stored = new Set(row.urls.map((u) => imageUrlKey(u.url)?.key).filter(Boolean));
    const sameUpload = keys.some((k) => stored.has(k.key));
    const stem = splitName(row.filename).stem.toLowerCase();
    const sameName = keys.some((k) => k.stem.toLowerCase() === stem);
    if (sameUpload) found.push({ assetId: row.id, method: 'url', distance: null, score: scoreOf('url', null) });
    else if (sameName) found.push({ assetId: row.id, method: 'filename', distance: null, score: scoreOf('filename', null) });
  }
  return found;
}

/** Assets with the same bytes as a claim image, and assets that look the same (borders and page around it trimmed). */
async function byImage(app: FastifyInstance, scope: { siteId?: string }, images: { sha256: string }[]): Promise<Found[]> {
  if (!images.length) return [];
  // Images uploaded a moment ago may still be in the picture queue: compare against their hashes too.
  await app.pictures.idle();
  const found: Found[] = [];
  const same = await app.prisma.asset.findMany({ where: { ...scope, sha256: { in: images.map((i) => i.sha256) } }, select: { id: true } });
  for (const row of same) found.push({ assetId: row.id, method: 'sha256', distance: 0, score: scoreOf('sha256', 0) });
  for (const image of images) {
    let hashes: string[];
    try {
      hashes = await queryHashes(await readVerifiedBlob(app, image.sha256));
    } catch {
      continue; // an image that cannot be decoded still matched by its bytes above, if at all
    }
    const near = await phashCatalogOf(app.prisma).search(hashes, { radius: MATCH_THRESHOLD, siteIds: scope.siteId ? [scope.siteId] : null });
    for (const m of near) found.push({ assetId: m.assetId, method: 'phash', distance: m.distance, score: scoreOf('phash', m.distance) });
  }
  return found;
}

/** Several methods may find one asset: it keeps its best, and lists every method that found it. */
function merge(found: Found[]) {
  const byAsset = new Map<string, Found & { methods: MatchMethod[] }>();
  for (const f of [...found].sort((a, b) => b.score - a.score)) {
    const seen = byAsset.get(f.assetId);
    if (!seen) byAsset.set(f.assetId, { ...f, methods: [f.method] });
    else {
      if (!seen.methods.includes(f.method)) seen.methods.push(f.method);
      if (f.distance !== null && (seen.distance === null || f.distance < seen.distance)) seen.distance = f.distance;
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
    select: { sha256: true },
  });
  const scope = claimAssetScope(auth, claim);
  const found = merge([...(await byUrl(app, scope, claim.infringingUrls)), ...(await byImage(app, scope, uniqueBy(images, (i) => i.sha256)))]);
  await app.prisma.$transaction(async (tx) => {
    await tx.claimMatch.deleteMany({ where: { claimId, confirmedAt: null, assetId: { notIn: found.map((f) => f.assetId) } } });
    for (const f of found) {
      const data = { method: f.method, distance: f.distance, score: f.score };
      await tx.claimMatch.upsert({ where: { claimId_assetId: { claimId, assetId: f.assetId } }, create: { claimId, assetId: f.assetId, ...data }, update: data });
    }
  });
  return listCandidates(app.prisma, auth, claim, new Map(found.map((f) => [f.assetId, f.methods])));
}

/** The stored matches, best first, each with its asset. */
export async function listCandidates(db: Db, auth: Auth, claim: { id: string; siteId: string | null }, methods?: Map<string, MatchMethod[]>): Promise<ClaimCandidate[]> {
  const rows = await db.claimMatch.findMany({ where: { claimId: claim.id, asset: claimAssetScope(auth, claim) }, include: { asset: { include: assetInclude } }, orderBy: [{ score: 'desc' }, { assetId: 'asc' }] });
  return rows.map((m) => ({
    asset: mapAsset(m.asset),
    method: m.method,
    methods: methods?.get(m.assetId) ?? [m.method],
    distance: m.distance,
    score: m.score,
    confirmed: m.confirmedAt !== null,
  }));
}

/**
 * The user's choice of which assets the claim is about. Candidates not chosen are unconfirmed,
 * not forgotten; an asset the matcher did not find may be chosen by hand if the caller sees it.
 * A new claim becomes "matched" once something is confirmed.
 */
export async function confirmMatches(app: FastifyInstance, auth: Auth, claimId: string, assetIds: string[]) {
  return app.prisma.$transaction(async (tx) => {
    const claim = await lockClaim(tx, auth, claimId);
    assertOpen(claim);
    const visible = await tx.asset.findMany({ where: { id: { in: assetIds }, ...claimAssetScope(auth, claim) }, select: { id: true } });
    const missing = assetIds.filter((id) => !visible.some((v) => v.id === id));
    if (missing.length) throw notFound('Asset', missing.join(', '));
    const known = new Set((await tx.claimMatch.findMany({ where: { claimId }, select: { assetId: true } })).map((m) => m.assetId));
    for (const id of assetIds.filter((a) => !known.has(a))) await tx.claimMatch.create({ data: { claimId, assetId: id, method: 'manual', score: 0 } });
    await tx.claimMatch.updateMany({ where: { claimId, assetId: { notIn: assetIds } }, data: { confirmedAt: null } });
    await tx.claimMatch.updateMany({ where: { claimId, assetId: { in: assetIds }, confirmedAt: null }, data: { confirmedAt: new Date() } });
    if (claim.status === 'new' && assetIds.length) {
      await tx.claim.update({ where: { id: claimId }, data: { status: 'matched' } });
      await tx.claimEvent.create({ data: { claimId, type: 'status_change', fromStatus: 'new', toStatus: 'matched', note: 'Assets confirmed', createdBy: auth.actor } });
    }
    const after = mapClaim(await findVisibleClaim(tx, auth, claimId));
    await recordAudit(tx, auth, { siteId: claim.siteId, entityType: 'claim', entityId: claimId, action: 'confirm_matches', before: mapClaim(claim), after });
    return after;
  });
}

function uniqueBy<T>(xs: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(key(x)) ? false : (seen.add(key(x)), true)));
}
