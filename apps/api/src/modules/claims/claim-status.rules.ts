import type { ClaimStatus } from '@clearance/contracts';

/** Claims that still need an answer or a decision. */
export const openStatuses: readonly ClaimStatus[] = ['new', 'matched', 'responded', 'negotiating', 'litigation'];
export const closedStatuses: readonly ClaimStatus[] = ['settled', 'rejected', 'withdrawn'];

/**
 * The usual way a claim moves forward. `settled` is reached only by recording a settlement (which
 * says how), so no plain status change leads to it.
 */
const forward: Record<ClaimStatus, readonly ClaimStatus[]> = {
  new: ['matched', 'responded', 'negotiating', 'rejected', 'withdrawn', 'litigation'],
  matched: ['responded', 'negotiating', 'rejected', 'withdrawn', 'litigation'],
  responded: ['negotiating', 'rejected', 'withdrawn', 'litigation'],
  negotiating: ['responded', 'rejected', 'withdrawn', 'litigation'],
  litigation: ['negotiating', 'rejected', 'withdrawn'],
  settled: [],
  rejected: [],
  withdrawn: [],
};

export type TransitionCheck = { ok: true } | { ok: false; code: 'invalid_transition' | 'reason_required'; detail: string };

/**
 * Whether a claim may go from one status to another. Going back (a closed claim reopened, a
 * matched claim back to new) is allowed only with a note saying why, so the timeline explains it.
 */
export function checkTransition(from: ClaimStatus, to: ClaimStatus, note: string | null | undefined): TransitionCheck {
  if (from === to) return { ok: false, code: 'invalid_transition', detail: `The claim is already ${to}` };
  if (to === 'settled') return { ok: false, code: 'invalid_transition', detail: 'Record a settlement (POST /v1/claims/{id}/settlement) to settle a claim' };
  if (forward[from].includes(to)) return { ok: true };
  if (note?.trim()) return { ok: true };
  return { ok: false, code: 'reason_required', detail: `Going from ${from} back to ${to} needs a note saying why` };
}
