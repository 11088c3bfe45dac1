import { describe, expect, it } from 'vitest';
import { claimedUseOf, usePeriodOf } from './assessment.service.ts';

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const shown = { usages: [], removedAt: null };

describe('the use period a claim is judged over', () => {
  it('a letter that names only the last day of use ("last seen 2025-03-01") is judged on that day, not on the day it came', () => {
    const claimed = claimedUseOf({ claimedUseFrom: null, claimedUseTo: day('2025-03-01'), receivedOn: day('2026-11-02') });
    expect(claimed).toEqual({ day: '2025-03-01', to: '2025-03-01' });
    expect(usePeriodOf(shown, claimed, '2026-12-07')).toEqual({ from: '2025-03-01', to: '2025-03-01' });
  });

  it('the claimed start wins when the letter names one; without either, the received day and on while the image is shown', () => {
    expect(claimedUseOf({ claimedUseFrom: day('2021-03-12'), claimedUseTo: day('2025-03-01'), receivedOn: day('2026-11-02') }).day).toBe('2021-03-12');
    const claimed = claimedUseOf({ claimedUseFrom: null, claimedUseTo: null, receivedOn: day('2026-11-02') });
    expect(usePeriodOf(shown, claimed, '2026-12-07')).toEqual({ from: '2026-11-02', to: '2026-12-07' });
  });

  it('an end day after the received day does not move the judged day later than the letter', () => {
    expect(claimedUseOf({ claimedUseFrom: null, claimedUseTo: day('2026-12-01'), receivedOn: day('2026-11-02') }).day).toBe('2026-11-02');
  });
});
