import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '@clearance/db';
import * as tar from 'tar';
import type { BlobStore } from '../../lib/blob-store/index.ts';

/** Every table, parents before children, so that a restore satisfies foreign keys as it goes. */
export const tablesInOrder = [
  'sites', 'webhook_secrets', 'webhook_deliveries', 'users', 'sessions', 'api_tokens',
  'assets', 'asset_urls', 'usages', 'licenses', 'license_assets', 'blobs',
  'claims', 'proofs', 'claim_matches', 'claim_events', 'takedowns', 'takedown_checks', 'import_jobs',
  'coverage_snapshots', 'audit_events',
] as const;

/** Tables that must be empty before a restore (a fresh instance has only its first token). */
const mustBeEmpty = tablesInOrder.filter((t) => t !== 'api_tokens');

export type Manifest = {
  format: 'clearance-backup';
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: Record<string, { rows: number; sha256: string }>;
  blobs: { sha256: string; bytes: number }[];
};

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * Writes the whole instance — every table as JSON lines, every referenced blob, and a manifest of
 * hashes — into one .tar.gz. Rows are read with row_to_json, which both backends share, so a
 * backup taken on PGlite restores on PostgreSQL and back.
 */
export async function exportInstance(prisma: PrismaClient, blobs: BlobStore, file: string, log: (m: string) => void = () => {}) {
  const work = mkdtempSync(join(tmpdir(), 'clearance-backup-'));
  try {
    mkdirSync(join(work, 'tables'));
    mkdirSync(join(work, 'blobs'));
    const tables: Manifest['tables'] = {};
    for (const table of tablesInOrder) {
      const rows = await prisma.$queryRawUnsafe<{ row: unknown }[]>(`SELECT row_to_json(t) AS row FROM ${table} t`);
      const text = rows.map((r) => JSON.stringify(r.row)).join('\n');
      writeFileSync(join(work, 'tables', `${table}.jsonl`), text);
      tables[table] = { rows: rows.length, sha256: sha256(text) };
      log(`  ${table}: ${rows.length} rows`);
    }
    const blobRows = await prisma.blob.findMany({ select: { sha256: true, bytes: true }, orderBy: { sha256: 'asc' } });
    for (const blob of blobRows) writeFileSync(join(work, 'blobs', blob.sha256), await blobs.read(blob.sha256));
    log(`  blobs: ${blobRows.length}`);
    const migrations = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    const manifest: Manifest = {
      format: 'clearance-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      migrations: migrations.map((m) => m.migration_name),
      tables,
      blobs: blobRows.map((b) => ({ sha256: b.sha256, bytes: Number(b.bytes) })),
    };
    writeFileSync(join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await tar.c({ gzip: true, file, cwd: work, portable: true }, ['manifest.json', 'tables', 'blobs']);
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export class RestoreError extends Error {}

/** Restores a backup into an instance with no data of its own (its API tokens are kept). */
export async function restoreInstance(prisma: PrismaClient, blobs: BlobStore, file: string, log: (m: string) => void = () => {}) {
  const work = mkdtempSync(join(tmpdir(), 'clearance-restore-'));
  try {
    await tar.x({ file, cwd: work, strict: true });
    const manifest = JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8')) as Manifest;
    if (manifest.format !== 'clearance-backup' || manifest.version !== 1) throw new RestoreError('Not a Clearance backup (version 1)');
    const applied = await prisma.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL');
    const missing = manifest.migrations.filter((m) => !applied.some((a) => a.migration_name === m));
    if (missing.length) throw new RestoreError(`This instance lacks migrations the backup was taken with: ${missing.join(', ')}; upgrade it first`);
    for (const table of mustBeEmpty) {
      const [{ n }] = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`) as [{ n: number }];
      if (n > 0) throw new RestoreError(`The target instance is not empty (${table} has ${n} rows); restore into a new instance`);
    }
    // Verify everything before writing anything.
    const texts = new Map<string, string>();
    for (const table of tablesInOrder) {
      const text = readFileSync(join(work, 'tables', `${table}.jsonl`), 'utf8');
      if (sha256(text) !== manifest.tables[table]?.sha256) throw new RestoreError(`${table}.jsonl does not match the manifest`);
      texts.set(table, text);
    }
    const blobFiles = new Set(readdirSync(join(work, 'blobs')));
    for (const blob of manifest.blobs) {
      if (!blobFiles.has(blob.sha256) || sha256(readFileSync(join(work, 'blobs', blob.sha256))) !== blob.sha256) {
        throw new RestoreError(`Blob ${blob.sha256} is missing or altered in the backup`);
      }
    }
    for (const blob of manifest.blobs) await blobs.put(readFileSync(join(work, 'blobs', blob.sha256)));
    log(`  blobs: ${manifest.blobs.length}`);
    await prisma.$transaction(
      async (tx) => {
        for (const table of tablesInOrder) {
          const lines = texts.get(table)!.split('\n').filter(Boolean);
          const conflict = table === 'api_tokens' ? ' ON CONFLICT DO NOTHING' : '';
          for (let i = 0; i < lines.length; i += 500) {
            const batch = `[${lines.slice(i, i + 500).join(',')}]`;
            await tx.$executeRawUnsafe(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)${conflict}`, batch);
          }
          log(`  ${table}: ${lines.length} rows`);
        }
        await tx.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('audit_events', 'seq'), COALESCE((SELECT max(seq) FROM audit_events), 0) + 1, false)`);
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
