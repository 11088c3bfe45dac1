import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import type { ImportItemError, ImportJob as ImportJobContract, ResumeImportInput, StartWordPressImportInput } from '@clearance/contracts';
import type { ImportJob, Prisma } from '@clearance/db';
import type { FastifyInstance } from 'fastify';
import { AppError, notFound } from '../../lib/errors.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import { assertSiteVisible, siteScope } from '../../lib/scope.ts';
import type { Auth } from '../../plugins/auth.ts';
import type { ImportRunner } from './import-runner.ts';
import { crawlWordPressMedia, mediaPageUrl, type Credentials, type RestCursor } from './rest-crawl.ts';
import { importWxrFile, wxrPath, type WxrCursor } from './wxr-import.ts';

export function mapImportJob(app: FastifyInstance, runner: ImportRunner, job: ImportJob): ImportJobContract {
  const cursor = (job.cursor ?? {}) as Partial<RestCursor & WxrCursor>;
  const stopped = job.status !== 'completed' && !runner.isRunning(job.id);
  return {
    id: job.id,
    siteId: job.siteId,
    kind: job.kind,
    status: job.status,
    source: job.source,
    fetchFiles: cursor.fetchFiles ?? true,
    total: job.total,
    processed: job.processed,
    created: job.created,
    updated: job.updated,
    unchanged: job.unchanged,
    failed: job.failed,
    error: job.error,
    itemErrors: Array.isArray(job.itemErrors) ? (job.itemErrors as ImportItemError[]) : [],
    resumable: stopped && (job.kind === 'wordpress_rest' || existsSync(wxrPath(app, job.id))),
    createdBy: job.createdBy,
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

export async function findVisibleSite(app: FastifyInstance, auth: Auth, siteId: string) {
  assertSiteVisible(auth, siteId);
  const site = await app.prisma.site.findUnique({ where: { id: siteId }, select: { id: true, baseUrl: true } });
  if (!site) throw notFound('Site', siteId);
  return site;
}

/** The job acts as whoever started (or resumed) it: the audit trail names them. */
function startCrawl(app: FastifyInstance, runner: ImportRunner, auth: Auth, job: ImportJob, site: { id: string; baseUrl: string }, creds: Credentials) {
  runner.start(job.id, (ctx) => crawlWordPressMedia(app, site, auth, creds, job.cursor as RestCursor, ctx));
}

function startWxr(app: FastifyInstance, runner: ImportRunner, auth: Auth, job: ImportJob, site: { id: string; baseUrl: string }) {
  runner.start(job.id, (ctx) => importWxrFile(app, site, auth, wxrPath(app, job.id), job.cursor as WxrCursor, ctx));
}

export async function startWordPressImport(app: FastifyInstance, runner: ImportRunner, auth: Auth, siteId: string, input: StartWordPressImportInput) {
  const site = await findVisibleSite(app, auth, siteId);
  const cursor: RestCursor = { page: 1, perPage: input.perPage ?? 100, fetchFiles: input.fetchFiles ?? true };
  const job = await app.prisma.importJob.create({
    data: {
      siteId,
      kind: 'wordpress_rest',
      source: mediaPageUrl(site.baseUrl, 'pretty', 1, cursor.perPage).split('?')[0]!,
      cursor,
      createdBy: auth.actor,
    },
  });
  startCrawl(app, runner, auth, job, site, { username: input.username, applicationPassword: input.applicationPassword });
  return mapImportJob(app, runner, job);
}

export async function startWxrImport(
  app: FastifyInstance,
  runner: ImportRunner,
  auth: Auth,
  site: { id: string; baseUrl: string },
  upload: { path: string; filename: string; attachments: number; fetchFiles: boolean },
) {
  const cursor: WxrCursor = { done: 0, fetchFiles: upload.fetchFiles };
  const job = await app.prisma.importJob.create({
    data: { siteId: site.id, kind: 'wxr', source: upload.filename.slice(0, 500), cursor, total: upload.attachments, createdBy: auth.actor },
  });
  await rename(upload.path, wxrPath(app, job.id));
  startWxr(app, runner, auth, job, site);
  return mapImportJob(app, runner, job);
}

async function findVisibleJob(app: FastifyInstance, auth: Auth, id: string) {
  const job = await app.prisma.importJob.findFirst({ where: { id, ...siteScope(auth) } });
  if (!job) throw notFound('Import', id);
  return job;
}

export async function getImport(app: FastifyInstance, runner: ImportRunner, auth: Auth, id: string) {
  return mapImportJob(app, runner, await findVisibleJob(app, auth, id));
}

export async function listImports(app: FastifyInstance, runner: ImportRunner, auth: Auth, siteId: string, page: { limit?: number; cursor?: string }) {
  await findVisibleSite(app, auth, siteId);
  const limit = page.limit ?? 50;
  const cursor = decodeCursor(page.cursor);
  const where: Prisma.ImportJobWhereInput = { siteId, ...(cursor ? { id: { lt: cursor } } : {}) };
  // Newest first: ids are UUIDv7.
  const rows = await app.prisma.importJob.findMany({ where, orderBy: { id: 'desc' }, take: limit + 1 });
  return toPage(rows, limit, (row) => mapImportJob(app, runner, row));
}

/** Carries a stopped import on from its cursor. A crawl needs its credentials again: they are never stored. */
export async function resumeImport(app: FastifyInstance, runner: ImportRunner, auth: Auth, id: string, input: ResumeImportInput) {
  const job = await findVisibleJob(app, auth, id);
  if (runner.isRunning(job.id)) throw new AppError('import_not_resumable', 'The import is running');
  if (job.status === 'completed') throw new AppError('import_not_resumable', 'The import has completed; start a new one to import again');
  const site = await app.prisma.site.findUniqueOrThrow({ where: { id: job.siteId }, select: { id: true, baseUrl: true } });
  if (job.kind === 'wordpress_rest') {
    const missing = (['username', 'applicationPassword'] as const).filter((f) => !input[f]);
    if (missing.length) {
      throw new AppError('validation_failed', 'Resuming a crawl needs the credentials again (they are never stored)', {
        errors: missing.map((f) => ({ pointer: `/body/${f}`, detail: 'is required' })),
      });
    }
    startCrawl(app, runner, auth, job, site, { username: input.username!, applicationPassword: input.applicationPassword! });
  } else {
    if (input.username || input.applicationPassword) {
      throw new AppError('validation_failed', 'A WXR import takes no credentials', {
        errors: (['username', 'applicationPassword'] as const).filter((f) => input[f]).map((f) => ({ pointer: `/body/${f}`, detail: 'is not used by a WXR import' })),
      });
    }
    if (!existsSync(wxrPath(app, job.id))) throw new AppError('import_not_resumable', 'The uploaded file is no longer on the server; upload it again');
    startWxr(app, runner, auth, job, site);
  }
  return mapImportJob(app, runner, { ...job, status: 'running', error: null });
}
