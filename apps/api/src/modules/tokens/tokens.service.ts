import { createHash, randomBytes } from 'node:crypto';
import type { ApiToken, PrismaClient } from '@clearance/db';
import { AppError, notFound } from '../../lib/errors.ts';

const tokenPrefix = 'clr_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function mapToken(row: ApiToken) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    siteId: row.siteId,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a token; the clear text is returned once and only its hash is stored. */
export async function createToken(prisma: PrismaClient, input: { name: string; siteId?: string | null }) {
  if (input.siteId) {
    const site = await prisma.site.findUnique({ where: { id: input.siteId }, select: { id: true } });
    if (!site) throw notFound('Site', input.siteId);
  }
  const token = tokenPrefix + randomBytes(32).toString('base64url');
  const row = await prisma.apiToken.create({
    data: { name: input.name, siteId: input.siteId ?? null, tokenHash: hashToken(token), prefix: token.slice(0, 10) },
  });
  return { ...mapToken(row), token };
}

export async function listTokens(prisma: PrismaClient) {
  const rows = await prisma.apiToken.findMany({ orderBy: { createdAt: 'asc' } });
  return rows.map(mapToken);
}

export async function revokeToken(prisma: PrismaClient, id: string) {
  const row = await prisma.apiToken.findUnique({ where: { id } });
  if (!row) throw notFound('Token', id);
  if (row.revokedAt) return mapToken(row);
  return mapToken(await prisma.apiToken.update({ where: { id }, data: { revokedAt: new Date() } }));
}

/** On a brand-new instance there is no way in: make the first admin token. */
export async function createFirstAdminToken(prisma: PrismaClient): Promise<string | null> {
  const count = await prisma.apiToken.count();
  if (count > 0) return null;
  const created = await createToken(prisma, { name: 'first admin token' });
  return created.token;
}

export async function findActiveToken(prisma: PrismaClient, token: string) {
  if (!token.startsWith(tokenPrefix)) return null;
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt) return null;
  return row;
}

export function assertInstanceScope(auth: { siteId: string | null }) {
  if (auth.siteId) throw new AppError('forbidden', 'Only an instance-wide credential may do this');
}
