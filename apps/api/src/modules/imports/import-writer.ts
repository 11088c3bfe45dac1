import { rightsFields, type RightsField, type TextTruncation } from '@clearance/contracts';
import { Prisma } from '@clearance/db';
import type { FastifyInstance } from 'fastify';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { fitAssetText, fitAssetUrls, readTruncations, truncationsColumn } from '../assets/asset-text.ts';
import { assetInclude, mapAsset, type AssetWithUrls } from '../assets/assets.mapper.ts';
import { toDbDate, today } from '../../lib/dates.ts';
import { coverageOf } from '../coverage/coverage.rules.ts';
import { insertJsonRows, uuidv7, type SqlColumn } from '../../lib/bulk-insert.ts';
import { assessWithCredit } from './credit-fields.ts';
import { recordAssetAuditBatch, type AssetAuditEvent } from '../audit/audit-batch.ts';
import type { ImportedAttachment } from './imported-attachment.ts';

export type Outcome = 'created' | 'updated' | 'unchanged';
export type BatchCounts = { processed: number; created: number; updated: number; unchanged: number; failed: number };

/**
 * The columns an import decides; everything else on an asset (fingerprints, stored file, status)
 * it leaves alone. Text is cut to its limits with a note; a note from an earlier write stays
 * while its field keeps the value that was cut.
 */
function columnsFor(item: ImportedAttachment, existing: AssetWithUrls | undefined) {
  // A stored file is read by Clearance itself: what it says wins, and WordPress's metadata only fills gaps.
  const hasFile = !!existing?.sha256;
  const notes: TextTruncation[] = [];
  const text = fitAssetText(
    {
      filename: item.filename,
      title: item.title ?? existing?.title ?? null,
      uploadedBy: item.uploadedBy ?? existing?.uploadedBy ?? null,
      ...(Object.fromEntries(rightsFields.map((f) => [f, (hasFile ? existing[f] : null) ?? item.rights[f] ?? null])) as Record<RightsField, string | null>),
    },
    notes,
  );
  const { filename, title, uploadedBy, ...rights } = text;
  const urls = fitAssetUrls(item.urls, notes);
  const stillCut = readTruncations(existing?.textTruncations).filter((n) =>
    notes.every((m) => m.field !== n.field) && (n.field.startsWith('urls.') ? urls.length === 0 : existing![columnOf(n.field)] === (text as Record<string, unknown>)[columnOf(n.field)]),
  );
  const columns = {
    filename,
    title,
    mimeType: hasFile ? existing.mimeType : item.mimeType,
    bytes: hasFile ? existing.bytes : item.bytes,
    width: (hasFile ? existing.width : null) ?? item.width,
    height: (hasFile ? existing.height : null) ?? item.height,
    uploadedAt: item.uploadedAt ?? existing?.uploadedAt ?? null,
    uploadedBy,
    ...rights,
    cmsCredit: (item.credit ?? null) as Prisma.InputJsonValue | null,
    textTruncations: truncationsColumn([...stillCut, ...notes]) as Prisma.InputJsonValue | null,
    ...assessWithCredit(filename, rights, item.credit),
  };
  return { columns, urls };
}

/** The column a truncation note names (`rights.usageTerms` is the column `usageTerms`). */
const columnOf = (field: string) => field.replace(/^rights\./, '') as keyof AssetWithUrls;
type Columns = ReturnType<typeof columnsFor>['columns'];
type Fitted = { item: ImportedAttachment; columns: Columns; urls: ImportedAttachment['urls'] };

const jsonColumns = new Set(['cmsCredit', 'sourceEvidence', 'textTruncations']);

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return (a as Date | null)?.getTime?.() === (b as Date | null)?.getTime?.();
  return (a ?? null) === (b ?? null);
}

function unchangedColumns(columns: Columns, row: AssetWithUrls): boolean {
  for (const [key, value] of Object.entries(columns)) {
    const stored = (row as Record<string, unknown>)[key];
    if (jsonColumns.has(key)) {
      if (canonicalJson(value ?? null) !== canonicalJson(stored ?? null)) return false;
    } else if (!same(value, stored)) return false;
  }
  return true;
}

const urlKey = (u: { url: string; kind: string; sizeName: string | null; width: number | null; height: number | null }) =>
  `${u.url}\u0000${u.kind}\u0000${u.sizeName ?? ''}\u0000${u.width ?? ''}\u0000${u.height ?? ''}`;

function sameUrls(urls: ImportedAttachment['urls'], row: AssetWithUrls): boolean {
  if (urls.length === 0) return true;
  const a = urls.map(urlKey).sort();
  const b = row.urls.map(urlKey).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Prisma writes SQL NULL into a JSON column only when told so explicitly. */
function toData(columns: Columns) {
  return {
    ...columns,
    cmsCredit: columns.cmsCredit ?? Prisma.DbNull,
    sourceEvidence: columns.sourceEvidence ?? Prisma.DbNull,
    textTruncations: columns.textTruncations ?? Prisma.DbNull,
  };
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const assetColumns: SqlColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'site_id', type: 'text' },
  { name: 'cms_id', type: 'text' },
  { name: 'filename', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'mime_type', type: 'text' },
  { name: 'bytes', type: 'int' },
  { name: 'width', type: 'int' },
  { name: 'height', type: 'int' },
  { name: 'uploaded_at', type: 'timestamptz' },
  { name: 'uploaded_by', type: 'text' },
  ...rightsFields.map((f) => ({ name: snake(f), type: 'text' })),
  { name: 'cms_credit', type: 'jsonb' },
  { name: 'text_truncations', type: 'jsonb' },
  { name: 'risk', type: 'text', cast: 'risk_level' },
  { name: 'source_provider', type: 'text' },
  { name: 'source_asset_id', type: 'text' },
  { name: 'source_suggested_kind', type: 'text' },
  { name: 'source_confidence', type: 'float8' },
  { name: 'source_evidence', type: 'jsonb' },
  { name: 'phash_variants', constant: `'{}'::text[]` },
  { name: 'coverage_status', type: 'text', cast: 'coverage_status' },
  { name: 'coverage_recheck_on', type: 'date' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
];
const urlColumns: SqlColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'asset_id', type: 'text' },
  { name: 'url', type: 'text' },
  { name: 'kind', type: 'text', cast: 'asset_url_kind' },
  { name: 'size_name', type: 'text' },
  { name: 'width', type: 'int' },
  { name: 'height', type: 'int' },
];

/**
 * New assets in two inserts (assets, then their URLs), with the coverage the coverage rule gives
 * an asset with no license. Returns the rows as stored, for the audit trail, without reading
 * them back: every column is either written here or has the value the schema defaults it to.
 */
async function insertAssets(tx: Prisma.TransactionClient, siteId: string, toCreate: Fitted[], warningDays: number) {
  const now = new Date();
  const coverage = coverageOf({ removed: false, licenses: [] }, today(), warningDays);
  const rows: AssetWithUrls[] = toCreate.map(({ item, columns, urls }) => {
    const id = uuidv7();
    return {
      ...columns,
      cmsCredit: columns.cmsCredit as Prisma.JsonValue,
      textTruncations: columns.textTruncations as Prisma.JsonValue,
      sourceEvidence: columns.sourceEvidence ?? null,
      id,
      siteId,
      cmsId: item.cmsId,
      sha256: null,
      phash: null,
      phashVariants: [],
      aiGenerated: false,
      thumbnailSha256: null,
      removedAt: null,
      rawMetadata: null,
      metadataError: null,
      coverageStatus: coverage.status,
      coverageRecheckOn: toDbDate(coverage.recheckOn),
      createdAt: now,
      updatedAt: now,
      urls: urls.map((u) => ({ id: uuidv7(), assetId: id, url: u.url, kind: u.kind, sizeName: u.sizeName, width: u.width, height: u.height })),
    };
  });
  await insertJsonRows(
    tx,
    'assets',
    assetColumns,
    rows.map((r) => Object.fromEntries(assetColumns.flatMap((c) => ('constant' in c ? [] : [[c.name, sqlValue((r as Record<string, unknown>)[camel(c.name)])]])))),
  );
  // URL ids are drawn in order, so the mapper's order (by id) is the order they are listed in here.
  await insertJsonRows(
    tx,
    'asset_urls',
    urlColumns,
    rows.flatMap((r) => r.urls.map((u) => ({ id: u.id, asset_id: u.assetId, url: u.url, kind: u.kind, size_name: u.sizeName, width: u.width, height: u.height }))),
  );
  return rows;
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const sqlValue = (v: unknown) => (v instanceof Date ? v.toISOString() : v === undefined ? null : v);

export type BatchContext = {
  siteId: string;
  actor: string;
  /** Assets the file pipeline created during this batch: they count as created, not updated. */
  createdByIngest?: ReadonlySet<string>;
  /** Assets the file pipeline updated during this batch. */
  updatedByIngest?: ReadonlySet<string>;
  /** Runs in the batch's transaction, so that progress and cursor move exactly with the data. */
  progress: (tx: Prisma.TransactionClient, counts: BatchCounts) => Promise<void>;
};

/**
 * Writes a batch of imported attachments in one transaction: one query finds those already
 * known (by WordPress id), new ones are inserted with createMany, changed ones updated, unchanged
 * ones not touched at all; every created or changed asset gets its audit event (before/after),
 * appended to the chain in one insert. Re-importing the same data writes nothing but progress.
 */
export async function writeBatch(app: FastifyInstance, ctx: BatchContext, items: ImportedAttachment[], failed = 0): Promise<BatchCounts> {
  // Another writer (the upload webhook, a second import) may record one of these attachments
  // between our read and our insert: the batch then rolls back whole, and is simply done again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await writeBatchOnce(app, ctx, items, failed);
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error)) throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  return error.code === 'P2002' || (error.code === 'P2010' && /23505|unique/i.test(`${JSON.stringify(error.meta ?? {})} ${error.message}`));
}

async function writeBatchOnce(app: FastifyInstance, ctx: BatchContext, items: ImportedAttachment[], failed: number): Promise<BatchCounts> {
  // The same id twice in one batch: the later one wins, as it would have in two batches.
  const byCmsId = new Map<string, ImportedAttachment>();
  for (const item of items) byCmsId.set(item.cmsId, item);
  const unique = [...byCmsId.values()];
  return app.prisma.$transaction(
    async (tx) => {
      const existingRows = await tx.asset.findMany({ where: { siteId: ctx.siteId, cmsId: { in: unique.map((i) => i.cmsId) } }, include: assetInclude });
      const existing = new Map(existingRows.map((r) => [r.cmsId!, r]));
      const toCreate: Fitted[] = [];
      const toUpdate: (Fitted & { row: AssetWithUrls })[] = [];
      const outcomes = new Map<string, Outcome>();
      for (const item of unique) {
        const row = existing.get(item.cmsId);
        const { columns, urls } = columnsFor(item, row);
        if (!row) toCreate.push({ item, columns, urls });
        else if (unchangedColumns(columns, row) && sameUrls(urls, row)) outcomes.set(item.cmsId, 'unchanged');
        else toUpdate.push({ item, columns, urls, row });
      }

      const events: AssetAuditEvent[] = [];
      if (toCreate.length) {
        const created = await insertAssets(tx, ctx.siteId, toCreate, app.config.expiryWarningDays);
        for (const row of created) {
          events.push({ siteId: ctx.siteId, entityId: row.id, action: 'import', after: mapAsset(row) });
          outcomes.set(row.cmsId!, 'created');
        }
      }
      for (const { item, columns, urls, row } of toUpdate) {
        const urlsChanged = !sameUrls(urls, row);
        if (urlsChanged) await tx.assetUrl.deleteMany({ where: { assetId: row.id } });
        const updated = await tx.asset.update({
          where: { id: row.id },
          data: {
            ...toData(columns),
            ...(urlsChanged ? { urls: { create: urls.map((u) => ({ url: u.url, kind: u.kind, sizeName: u.sizeName, width: u.width, height: u.height })) } } : {}),
          },
          include: assetInclude,
        });
        events.push({ siteId: ctx.siteId, entityId: row.id, action: 'import_update', before: mapAsset(row), after: mapAsset(updated) });
        outcomes.set(item.cmsId, 'updated');
      }
      await recordAssetAuditBatch(tx, ctx.actor, events);

      const counts: BatchCounts = { processed: items.length + failed, created: 0, updated: 0, unchanged: items.length - unique.length, failed };
      for (const [cmsId, outcome] of outcomes) {
        const final = ctx.createdByIngest?.has(cmsId) ? 'created' : ctx.updatedByIngest?.has(cmsId) && outcome === 'unchanged' ? 'updated' : outcome;
        counts[final]++;
      }
      await ctx.progress(tx, counts);
      return counts;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
