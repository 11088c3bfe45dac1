import { textLimits, type TextTruncation } from '@clearance/contracts';
import { describe, expect, it } from 'vitest';
import { characterCount, fitText } from './fit-text.ts';

describe('fitText', () => {
  const max = textLimits.sizeName;

  it('keeps text at the limit, counting characters as JSON Schema does (an emoji is one)', () => {
    const notes: TextTruncation[] = [];
    const atLimit = '😀'.repeat(max);
    expect(atLimit.length).toBe(2 * max);
    expect(fitText(atLimit, 'sizeName', 'urls.sizeName', notes)).toBe(atLimit);
    expect(fitText(null, 'sizeName', 'urls.sizeName', notes)).toBeNull();
    expect(notes).toEqual([]);
  });

  it('cuts text over the limit between characters, and notes the cut', () => {
    const notes: TextTruncation[] = [];
    const cut = fitText(`a${'😀'.repeat(max)}`, 'sizeName', 'urls.sizeName', notes);
    expect(cut).toBe(`a${'😀'.repeat(max - 1)}`);
    expect(characterCount(cut)).toBe(max);
    expect(notes).toEqual([{ field: 'urls.sizeName', keptLength: max, originalLength: max + 1 }]);
  });
});
