// Run only by real-parts.test.ts, in a vitest of its own (real-parts.sample.config.ts): a suite
// that needs a part no machine has.
import { beforeAll, describe, expect, it } from 'vitest';
import { requireRealPart } from './real-parts.ts';

beforeAll(() => {
  throw new Error('the hooks of a file whose only suite is skipped ran');
});

describe.runIf(requireRealPart('An invented part', 'it exists only in real-parts.test.ts'))('a suite that needs it', () => {
  it('would check something', () => {
    expect(1).toBe(1);
  });
});
