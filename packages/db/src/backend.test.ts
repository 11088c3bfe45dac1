import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveBackend } from './backend.ts';

describe('DATABASE_URL', () => {
  it.each([
    [undefined, { kind: 'pglite', dataDir: resolve('/srv/data/pglite') }],
    ['', { kind: 'pglite', dataDir: resolve('/srv/data/pglite') }],
    ['pglite:/var/lib/clearance/db', { kind: 'pglite', dataDir: '/var/lib/clearance/db' }],
    ['pglite:./db', { kind: 'pglite', dataDir: resolve('./db') }],
    ['pglite:memory', { kind: 'pglite', dataDir: 'memory://' }],
    ['postgresql://u@localhost/clearance', { kind: 'postgres', url: 'postgresql://u@localhost/clearance' }],
    ['postgres://u@localhost/clearance', { kind: 'postgres', url: 'postgres://u@localhost/clearance' }],
  ])('%s', (url, expected) => {
    expect(resolveBackend(url, '/srv/data')).toEqual(expected);
  });

  it('refuses anything else with a message that says what is allowed', () => {
    expect(() => resolveBackend('mysql://x', '/srv/data')).toThrow(/postgresql:\/\/.*pglite:/);
    expect(() => resolveBackend('pglite:', '/srv/data')).toThrow(/needs a directory/);
  });
});
