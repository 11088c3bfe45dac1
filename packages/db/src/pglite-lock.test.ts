import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { DataDirLockedError } from './pglite-lock.ts';

const openScript = fileURLToPath(new URL('./test-fixtures/open-database.ts', import.meta.url));

describe('one process per PGlite directory', () => {
  it('a second process that opens the same directory fails with a clear message, and the first keeps working', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'clearance-lock-')), 'pglite');
    const first = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const second = spawnSync(process.execPath, ['--import', 'tsx', openScript, dataDir], { encoding: 'utf8', timeout: 60_000 });
      expect(second.status).not.toBe(0);
      expect(second.stderr).toContain(`already open in process ${process.pid}`);
      await first.prisma.site.create({ data: { name: 'still mine', baseUrl: 'https://a.example' } });
      expect(await first.prisma.site.count()).toBe(1);
    } finally {
      await first.close();
    }
    // Closed: the directory can be opened again, with the data in it.
    const again = await openDatabase({ kind: 'pglite', dataDir });
    expect(await again.prisma.site.count()).toBe(1);
    await again.close();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'clearance-lock-')), 'pglite');
    const lockFile = `${dataDir}.lock`;
    writeFileSync(lockFile, '2147483646'); // above Linux's largest pid_max: no such process
    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
      await db.prisma.site.create({ data: { name: 'after the takeover', baseUrl: 'https://a.example' } });
      expect(await db.prisma.site.count()).toBe(1);
    } finally {
      await db.close();
    }
    expect(existsSync(lockFile)).toBe(false);
  });

  it('refuses a lock held by another live process, and takes it over once that process is gone', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'clearance-lock-')), 'pglite');
    const lockFile = `${dataDir}.lock`;
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    try {
      writeFileSync(lockFile, String(holder.pid));
      const refused = openDatabase({ kind: 'pglite', dataDir });
      await expect(refused).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(refused).rejects.toThrow(`already open in process ${holder.pid}`);
      expect(readFileSync(lockFile, 'utf8')).toBe(String(holder.pid)); // left as it was
    } finally {
      holder.kill('SIGKILL');
      await exited;
    }
    const db = await openDatabase({ kind: 'pglite', dataDir });
    expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    await db.close();
  });
});
