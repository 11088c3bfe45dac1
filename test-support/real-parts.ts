/**
 * Suites that need a real part of the stack (Chromium, WordPress with PHP and MariaDB, a
 * PostgreSQL server) decide here whether they run. A part that is present runs. A missing part is
 * skipped visibly on a developer's machine: a skipped test names the part and the reason, and
 * test-support/real-parts-reporter.ts lists every such skip at the end of the run. With `CI` set,
 * a missing part fails the test file with the reason instead, so CI always runs everything.
 */
import { it } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Set on the placeholder test of a suite skipped for a missing real part. */
    realPartSkipped?: { part: string; reason: string };
  }
}

/** CI servers set CI=true (GitHub Actions, GitLab, Buildkite, ...); `CI=false` or `CI=0` is a developer saying no. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.CI && !/^(0|false|no)$/i.test(env.CI);
}

export class RealPartMissingError extends Error {
  override name = 'RealPartMissingError';
  constructor(readonly part: string, readonly reason: string) {
    super(`${part} is required in CI (CI=true), and it cannot run here: ${reason}`);
  }
}

/**
 * The rule alone: 'run' when the part is there (`missing` null), 'skip' when it is missing on a
 * developer's machine; throws RealPartMissingError when it is missing in CI.
 */
export function decideRealPart(part: string, missing: string | null, env: NodeJS.ProcessEnv = process.env): 'run' | 'skip' {
  if (missing === null) return 'run';
  if (isCi(env)) throw new RealPartMissingError(part, missing);
  return 'skip';
}

/**
 * Call at the top of a test file (or of its describe), before the suite that needs the part:
 * `describe.runIf(requireRealPart('Chromium', chromiumMissing()))(...)`. Returns whether the suite
 * runs. When it does not, a skipped test carries the reason (the file's hooks do not run, as all
 * its tests are skipped); in CI the call throws and the file fails.
 */
export function requireRealPart(part: string, missing: string | null): boolean {
  if (decideRealPart(part, missing) === 'run') return true;
  it.skip(`needs ${part}: ${missing}`, { meta: { realPartSkipped: { part, reason: missing! } } }, () => {});
  return false;
}
