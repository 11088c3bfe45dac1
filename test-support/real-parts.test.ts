/**
 * The rule for suites that need a real part: skipped visibly on a developer's machine, a failure
 * in CI. The end-to-end cases run vitest itself, with the repository's configuration, on a suite
 * that needs a part that does not exist (real-parts.sample.ts).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decideRealPart, isCi, RealPartMissingError } from './real-parts.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const vitestBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

function runSample(ci: string | undefined) {
  // Not this run's worker variables: the inner vitest is a run of its own.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'CI' && k !== 'NODE_ENV'));
  if (ci !== undefined) env.CI = ci;
  const run = spawnSync(process.execPath, [vitestBin, 'run', '--config', 'test-support/real-parts.sample.config.ts'], {
    cwd: repoRoot,
    env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe('decideRealPart', () => {
  it('runs a part that is there, in CI or not', () => {
    expect(decideRealPart('Chromium', null, {})).toBe('run');
    expect(decideRealPart('Chromium', null, { CI: 'true' })).toBe('run');
  });

  it('skips a missing part on a developer machine (CI unset, false or 0)', () => {
    for (const env of [{}, { CI: '' }, { CI: 'false' }, { CI: '0' }]) expect(decideRealPart('Chromium', 'not installed', env), JSON.stringify(env)).toBe('skip');
  });

  it('fails on a missing part in CI, naming the part and the reason', () => {
    for (const CI of ['true', '1']) {
      expect(isCi({ CI })).toBe(true);
      expect(() => decideRealPart('WordPress', 'php is not installed', { CI })).toThrow(RealPartMissingError);
      expect(() => decideRealPart('WordPress', 'php is not installed', { CI })).toThrow('WordPress is required in CI (CI=true), and it cannot run here: php is not installed');
    }
  });
});

describe('a suite that needs a missing part, under vitest', () => {
  it('without CI: the run passes and ends with a line naming the part, the file and the reason', () => {
    const { status, output } = runSample(undefined);
    expect(status, output).toBe(0);
    expect(output).toMatch(/SKIPPED REAL PARTS \(1\)[^\n]*\n\s+- An invented part \(test-support\/real-parts\.sample\.ts\): it exists only in real-parts\.test\.ts\n/);
    // Nothing ran: not the suite's test, not the placeholder that names the part, not the file's hooks.
    expect(output).not.toContain('the hooks of a file');
    expect(output).toMatch(/Tests\s+2 skipped \(2\)/);
  });

  it('with CI=true: the run fails with the reason, and nothing is skipped', () => {
    const { status, output } = runSample('true');
    expect(status, output).toBe(1);
    expect(output).toContain('RealPartMissingError: An invented part is required in CI (CI=true), and it cannot run here: it exists only in real-parts.test.ts');
    expect(output).toMatch(/Test Files\s+1 failed \(1\)/);
    expect(output).not.toContain('SKIPPED REAL PARTS');
  });
});
