import { describe, expect, it } from 'vitest';
import { checkTransition } from './claim-status.rules.ts';

describe('claim status transitions', () => {
  it('moves forward without a note', () => {
    expect(checkTransition('new', 'matched', null)).toEqual({ ok: true });
    expect(checkTransition('matched', 'responded', undefined)).toEqual({ ok: true });
    expect(checkTransition('responded', 'negotiating', '')).toEqual({ ok: true });
    expect(checkTransition('negotiating', 'withdrawn', null)).toEqual({ ok: true });
  });

  it('needs a note to go back, reopen or undo', () => {
    for (const [from, to] of [['settled', 'new'], ['settled', 'negotiating'], ['matched', 'new'], ['rejected', 'responded'], ['withdrawn', 'new']] as const) {
      expect(checkTransition(from, to, null)).toMatchObject({ ok: false, code: 'reason_required' });
      expect(checkTransition(from, to, '   ')).toMatchObject({ ok: false, code: 'reason_required' });
      expect(checkTransition(from, to, 'The agency wrote again on 3 May with new evidence')).toEqual({ ok: true });
    }
  });

  it('never settles by a plain status change, nor "changes" to the same status', () => {
    expect(checkTransition('negotiating', 'settled', 'paid')).toMatchObject({ ok: false, code: 'invalid_transition' });
    expect(checkTransition('new', 'new', 'why not')).toMatchObject({ ok: false, code: 'invalid_transition' });
  });
});
