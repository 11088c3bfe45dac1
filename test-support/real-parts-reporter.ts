/**
 * Lists, after vitest's own summary, every suite skipped because a real part was missing
 * (test-support/real-parts.ts), so that a green run on a machine without Chromium, WordPress or
 * PostgreSQL does not pass for a full one. The reasons travel as test metadata, which vitest
 * brings back from every worker; nothing is written to disk.
 */
import path from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';

export function realPartSkips(testModules: ReadonlyArray<TestModule>, root = process.cwd()): string[] {
  const lines: string[] = [];
  for (const testModule of testModules) {
    for (const test of testModule.children.allTests()) {
      const skipped = test.meta().realPartSkipped;
      if (skipped) lines.push(`${skipped.part} (${path.relative(root, testModule.moduleId)}): ${skipped.reason}`);
    }
  }
  return lines;
}

export default class RealPartsReporter implements Reporter {
  private root = process.cwd();

  onInit(vitest: Vitest) {
    this.root = vitest.config.root;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const lines = realPartSkips(testModules, this.root);
    if (!lines.length) return;
    const yellow = (s: string) => (process.stdout.isTTY ? `\x1b[33m${s}\x1b[39m` : s);
    process.stdout.write(
      `\n${yellow(` SKIPPED REAL PARTS (${lines.length})`)} these suites did not run here; with CI=true they fail instead:\n` +
        lines.map((l) => `   - ${l}\n`).join('') +
        '\n',
    );
  }
}
