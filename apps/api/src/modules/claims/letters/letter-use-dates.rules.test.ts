import { describe, expect, it } from 'vitest';
import { findDates } from './letter-dates.rules.ts';
import { findUsePeriod } from './letter-use-dates.rules.ts';
import { unwrapHardBreaks } from './letter-text.normalize.ts';

function period(text: string, language: 'de' | 'en' = 'en') {
  const flowing = unwrapHardBreaks(text);
  const { from, to } = findUsePeriod(flowing, findDates(flowing, language));
  return { from: from?.value ?? null, to: to?.value ?? null };
}

describe('period of use named in a letter', () => {
  it.each([
    ['The image was first detected on your website on 12.03.2021.', '2021-03-12', null],
    ['first detected 12.03.2021', '2021-03-12', null],
    ['Our crawler found the photograph on 4 February 2024 at the URL below.', '2024-02-04', null],
    ['The photo has been displayed on your site since at least 27 July 2022.', '2022-07-27', null],
    ['It was online as early as March 3, 2020 according to the Wayback Machine.', '2020-03-03', null],
    ['The image was used on your website between 2019-06-01 and 2026-10-30.', '2019-06-01', '2026-10-30'],
    ['Our client\'s photograph was used from January 4, 2020 to October 30, 2026.', '2020-01-04', '2026-10-30'],
    ['The use was first detected on 01.02.2023 and last seen on 15.11.2026.', '2023-02-01', '2026-11-15'],
    ['It was still online on 2 November 2026.', null, '2026-11-02'],
    ['Date of first detection: 12.03.2021', '2021-03-12', null],
    ['The image has been in use on your site since 14/02/2021.', '2021-02-14', null],
  ])('EN %j', (text, from, to) => {
    expect(period(text)).toEqual({ from, to });
  });

  it.each([
    ['Die Nutzung wurde festgestellt am 12.03.2021.', '2021-03-12', null],
    ['Festgestellt am: 21.09.2025', '2025-09-21', null],
    ['Das Lichtbild wurde am 12.03.2021 erstmals auf Ihrer Seite festgestellt.', '2021-03-12', null],
    ['Das Bild wird seit dem 3. August 2022 auf Ihrer Webseite verwendet.', '2022-08-03', null],
    ['Das Foto ist seit mindestens 01.04.2020 online.', '2020-04-01', null],
    ['Das Bild war zwischen dem 01.06.2019 und dem 30.10.2026 auf Ihrer Website abrufbar.', '2019-06-01', '2026-10-30'],
    ['Die Fotografie wurde vom 3. März 2021 bis zum 9. Mai 2024 auf Ihrer Seite genutzt.', '2021-03-03', '2024-05-09'],
    ['Zuletzt festgestellt am 28.11.2026 unter der genannten Adresse.', null, '2026-11-28'],
    ['Erstmals festgestellt: 03.05.2022', '2022-05-03', null],
    ['Fundzeitpunkt: 7. Januar 2023', '2023-01-07', null],
    ['Datum der ersten Feststellung: 02.02.2022', '2022-02-02', null],
  ])('DE %j', (text, from, to) => {
    expect(period(text, 'de')).toEqual({ from, to });
  });

  it('reads a phrase and its date across a hard wrap', () => {
    expect(period('Our investigation shows that the photograph was used from\nJanuary 4, 2020 to October 30, 2026 on your site.')).toEqual({ from: '2020-01-04', to: '2026-10-30' });
    expect(period('Das Bild wurde erstmals festgestellt am\n12.03.2021.', 'de')).toEqual({ from: '2021-03-12', to: null });
  });

  it('takes the earliest start when the letter names several', () => {
    expect(period('A screenshot was captured on 02.11.2026. The image was first detected on 14.03.2021.')).toEqual({ from: '2021-03-14', to: null });
  });

  it.each([
    ['Please pay by 7 December 2026.'],
    ['Berlin, 3. November 2026'],
    ['The license is valid from 1 January 2024 to 31 December 2024.'],
    ['Lizenz gültig vom 01.01.2024 bis 31.12.2024.'],
    ['Our offer is valid between 1 December 2026 and 14 December 2026.'],
    ['anbei unsere Rechnung über den Kauf Ihres Fotos vom 12.04.2022.'],
    ['We wrote to you on 5 November 2026 and have not heard back.'],
  ])('finds no use date in %j', (text) => {
    expect(period(text, /[äöüß]|Lizenz|Rechnung/.test(text) ? 'de' : 'en')).toEqual({ from: null, to: null });
  });

  it('gives the sentence each day was read from', () => {
    const flowing = 'Sehr geehrte Damen und Herren,\n\ndas Bild war zwischen dem 01.06.2019 und dem 30.10.2026 auf Ihrer Website abrufbar.';
    const { from, to } = findUsePeriod(flowing, findDates(flowing, 'de'));
    expect(from?.evidence).toContain('zwischen dem 01.06.2019 und dem 30.10.2026');
    expect(to?.evidence).toBe(from?.evidence);
  });
});

describe('hard-wrapped lines', () => {
  it('joins a sentence broken after a preposition and keeps every index', () => {
    const text = 'Please remove it by\n7 December 2026.\n\nKind regards';
    const flowing = unwrapHardBreaks(text);
    expect(flowing).toBe('Please remove it by 7 December 2026.\n\nKind regards');
    expect(flowing.length).toBe(text.length);
  });

  it('leaves labelled lines, letterhead lines, quote levels and broken URLs apart', () => {
    expect(unwrapHardBreaks('Subject: Use of my photograph on your website and elsewhere\nDate: 19 November 2026')).toContain('\nDate:');
    expect(unwrapHardBreaks('Berlin, 3. November 2026\nFallnummer: CT-1')).toContain('\nFallnummer');
    expect(unwrapHardBreaks('> we bought the photo and believed it was licensed by\n>> the agency')).toContain('\n>>');
    expect(unwrapHardBreaks('https://www.example.com/wp-content/uploads/2024/05/morgennebel-\nelbe.jpg')).toContain('-\nelbe');
  });
});
