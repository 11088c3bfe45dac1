import { textLimits, type TextLimit, type TextTruncation } from '@clearance/contracts';

/** Characters as JSON Schema's `maxLength` counts them: code points, not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Text that Clearance stores by itself, cut to its named limit so that its answers stay within
 * the response schema. A cut is appended to `notes` as `field`, kept and original length; a cut
 * never splits a character.
 */
export function fitText(value: string, limit: TextLimit, field: string, notes: TextTruncation[]): string;
export function fitText(value: string | null, limit: TextLimit, field: string, notes: TextTruncation[]): string | null;
export function fitText(value: string | null, limit: TextLimit, field: string, notes: TextTruncation[]): string | null {
  const max = textLimits[limit];
  if (value === null || value.length <= max) return value; // UTF-16 length is never below the character count
  const originalLength = characterCount(value);
  if (originalLength <= max) return value;
  let kept = '';
  let count = 0;
  for (const char of value) {
    if (count++ === max) break;
    kept += char;
  }
  notes.push({ field, keptLength: max, originalLength });
  return kept;
}
