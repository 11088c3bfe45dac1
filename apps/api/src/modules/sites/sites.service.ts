import { randomBytes } from 'node:crypto';
import { webhookSecretPrefixLength } from '@clearance/contracts';
import type { Site as SiteRow, WebhookSecret } from '@clearance/db';
import type { PrismaClient } from '@clearance/db';
import { notFound } from '../../lib/errors.ts';
import type { Auth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { recheckClaimsOfSite } from '../claims/matching/candidates.service.ts';
import { assertInstanceScope } from '../tokens/tokens.service.ts';

/** Standard Webhooks secret: `whsec_` + base64 of the key bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * A site as every reader (and the audit trail) sees it: its secrets by id and prefix only. Whoever
 * holds a secret can sign webhooks that replace or remove the site's assets, so the secret itself
 * leaves the API only in the answer to the admin who creates or rotates it.
 */
function mapSite(row: SiteRow & { secrets: WebhookSecret[] }) {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.baseUrl,
    webhookUrl: `/v1/hooks/wordpress/${row.id}`,
    webhookSecrets: row.secrets.map((s) => ({
      id: s.id,
      prefix: s.secret.slice(0, webhookSecretPrefixLength),
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt?.toISOString() ?? null,
    })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Secrets still valid now, newest first. */
const liveSecrets = () => ({
  where: { OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
  orderBy: { createdAt: 'desc' as const },
});

function normalizeBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

export async function createSite(prisma: PrismaClient, auth: Auth, input: { name: string; baseUrl: string }) {
  assertInstanceScope(auth);
  const secret = newWebhookSecret();
  return prisma.$transaction(async (tx) => {
    const row = await tx.site.create({
      data: { name: input.name, baseUrl: normalizeBaseUrl(input.baseUrl), secrets: { create: { secret } } },
      include: { secrets: liveSecrets() },
    });
    const site = mapSite(row);
    await recordAudit(tx, auth, { siteId: row.id, entityType: 'site', entityId: row.id, action: 'create', after: site });
    return { ...site, webhookSecret: secret };
  });
}

export async function listSites(prisma: PrismaClient, auth: Auth) {
  const rows = await prisma.site.findMany({
    where: auth.siteId ? { id: auth.siteId } : {},
    orderBy: { name: 'asc' },
    include: { secrets: liveSecrets() },
  });
  return rows.map(mapSite);
}

export async function getSite(prisma: PrismaClient, auth: Auth, id: string) {
  const row = await prisma.site.findFirst({
    where: { id, ...(auth.siteId ? { id: auth.siteId } : {}) },
    include: { secrets: liveSecrets() },
  });
  if (!row || (auth.siteId && auth.siteId !== id)) throw notFound('Site', id);
  return mapSite(row);
}

export async function updateSite(prisma: PrismaClient, auth: Auth, id: string, input: { name?: string; baseUrl?: string }) {
  const before = await getSite(prisma, auth, id);
  return prisma.$transaction(async (tx) => {
    const row = await tx.site.update({
      where: { id },
      data: { name: input.name, baseUrl: input.baseUrl ? normalizeBaseUrl(input.baseUrl) : undefined },
      include: { secrets: liveSecrets() },
    });
    const site = mapSite(row);
    // Whether a claim letter names the site depends on where the site is: its claims' confirmations are re-checked.
    if (row.baseUrl !== before.baseUrl) await recheckClaimsOfSite(tx, auth, id);
    await recordAudit(tx, auth, { siteId: id, entityType: 'site', entityId: id, action: 'update', before, after: site });
    return site;
  });
}

/**
 * A new secret becomes current at once; the previous ones keep verifying deliveries for
 * `graceHours` so that a CMS can switch over without losing webhooks.
 */
export async function rotateSecret(prisma: PrismaClient, auth: Auth, id: string, graceHours: number) {
  const before = await getSite(prisma, auth, id);
  const graceEnd = new Date(Date.now() + graceHours * 3_600_000);
  const secret = newWebhookSecret();
  return prisma.$transaction(async (tx) => {
    await tx.webhookSecret.updateMany({
      where: { siteId: id, OR: [{ expiresAt: null }, { expiresAt: { gt: graceEnd } }] },
      data: { expiresAt: graceEnd },
    });
    await tx.webhookSecret.create({ data: { siteId: id, secret } });
    const site = mapSite(await tx.site.findUniqueOrThrow({ where: { id }, include: { secrets: liveSecrets() } }));
    await recordAudit(tx, auth, { siteId: id, entityType: 'site', entityId: id, action: 'rotate_secret', before, after: site });
    return { ...site, webhookSecret: secret };
  });
}
