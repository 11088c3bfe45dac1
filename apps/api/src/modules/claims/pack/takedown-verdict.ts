import { cleanText } from './pack-format.ts';
import type { TakedownCheckInput } from './pack.types.ts';

export { goneStatusCodes, takedownVerdict, type TakedownVerdict } from '../../takedowns/takedown-verdict.rules.ts';
import { isGone as isGoneCode } from '../../takedowns/takedown-verdict.rules.ts';

export const isGone = (check: Pick<TakedownCheckInput, 'statusCode'>) => isGoneCode(check.statusCode);

/** What a URL answered, in a few words: `404`, `200`, or the error (`timeout`, `connection refused`). */
export function answerOf(check: Pick<TakedownCheckInput, 'statusCode' | 'error'>): string {
  if (check.statusCode !== null) return String(check.statusCode);
  const error = cleanText(check.error, { max: 200 });
  return error ? `no answer (${error})` : 'no answer';
}
