import { MatchEvidenceSchema, type MatchEvidence } from '@clearance/contracts';
import { Value } from 'typebox/value';

/**
 * The evidence stored with a match (a JSON column), read back as the contract shape. Rows written
 * before evidence was kept hold `[]`; anything else that does not fit is dropped, not passed on.
 */
export function readEvidence(stored: unknown): MatchEvidence[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((e): e is MatchEvidence => Value.Check(MatchEvidenceSchema, e));
}
