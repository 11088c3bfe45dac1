import { describe, expect, it } from 'vitest';
import { elapsedBetween, isLate, metadataConflicts, nameTokens } from './evidence-age.rules.ts';
import { permissionSentences } from './permission-text.rules.ts';

const d = (s: string) => new Date(`${s}T12:00:00Z`);

describe('elapsedBetween', () => {
  it.each([
    ['2023-09-14', '2026-12-07', { sign: 1, years: 3, months: 2, days: 23 }],
    ['2024-01-31', '2024-02-29', { sign: 1, years: 0, months: 0, days: 29 }],
    ['2024-01-31', '2024-03-01', { sign: 1, years: 0, months: 1, days: 1 }],
    ['2026-05-10', '2026-05-10', { sign: 0, years: 0, months: 0, days: 0 }],
    ['2026-05-10', '2025-04-09', { sign: -1, years: 1, months: 1, days: 1 }],
  ])('%s to %s', (from, to, expected) => {
    expect(elapsedBetween(d(from), d(to))).toEqual(expected);
  });

  it('calls a snapshot late after 90 days, never one taken before', () => {
    expect(isLate(elapsedBetween(d('2026-01-01'), d('2026-03-31')))).toBe(false);
    expect(isLate(elapsedBetween(d('2026-01-01'), d('2026-04-15')))).toBe(true);
    expect(isLate(elapsedBetween(d('2026-04-15'), d('2020-01-01')))).toBe(false);
  });
});

describe('metadataConflicts', () => {
  const pexels = { licensor: 'Pexels', sourceUrl: 'https://www.pexels.com/photo/harbour-by-mark-stone-4411/', attributionText: 'Photo by Mark Stone on Pexels', usageTerms: null };

  it('flags a creator or notice the license never names', () => {
    expect(metadataConflicts({ creator: 'A. Webb', copyrightNotice: '© 2008 A. Webb', cameraMake: 'Canon' }, [pexels])).toEqual([
      { field: 'creator', value: 'A. Webb' },
      { field: 'copyrightNotice', value: '© 2008 A. Webb' },
    ]);
  });

  it('accepts names found in the licensor, the attribution or the source address, accents folded', () => {
    expect(metadataConflicts({ creator: 'Mark STONE', credit: 'Photo: Pexels' }, [pexels])).toEqual([]);
    expect(metadataConflicts({ creator: 'Weiss' }, [{ licensor: 'Jürgen Weiß', sourceUrl: null, attributionText: null, usageTerms: null }])).toEqual([]);
    expect(metadataConflicts({ creator: 'Jürgen Weiss' }, [{ licensor: 'Jurgen Weiss', sourceUrl: null, attributionText: null, usageTerms: null }])).toEqual([]);
  });

  it('judges nothing without a claimed source, and takes license names and years for no one', () => {
    expect(metadataConflicts({ creator: 'A. Webb' }, [{ licensor: null, sourceUrl: null, attributionText: null, usageTerms: null }])).toEqual([]);
    expect(nameTokens('Creative Commons Attribution-ShareAlike (CC BY-SA) 2019')).toEqual([]);
    expect(nameTokens('© 2008 A. Webb, all rights reserved')).toEqual(['webb']);
  });
});

describe('permissionSentences', () => {
  it('quotes the sentences that grant or condition the use, not the quoted question or the signature', () => {
    const text = 'Hi Anna,\n\nyes, you may use the harbour photo on your blog. Please credit it as\n"Photo: J. Weiss".\n\nCheers\n\n> Can we use it? We would like permission.\n-- \nJ. Weiss, licensed photographer';
    expect(permissionSentences(text)).toEqual(['yes, you may use the harbour photo on your blog.', 'Please credit it as "Photo: J. Weiss".']);
  });

  it('finds nothing in a message without a permission', () => {
    expect(permissionSentences('Thanks for your message, I will get back to you.')).toEqual([]);
    expect(permissionSentences(null)).toEqual([]);
  });
});
