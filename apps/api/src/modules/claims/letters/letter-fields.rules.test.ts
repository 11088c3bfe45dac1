import { describe, expect, it } from 'vitest';
import { findAgency } from './letter-agency.rules.ts';
import { findAmount, readNumber } from './letter-amount.rules.ts';
import { findCaseRef } from './letter-case-ref.rules.ts';
import { addToDay, findDates, findRelativeDeadline, headerDay } from './letter-dates.rules.ts';
import { findInfringingUrls } from './letter-urls.rules.ts';

describe('letter field rules', () => {
  it.each([
    ['Betrag: EUR 1.234,56', '1234.56', 'EUR'],
    ['Total: 1,234.56 €', '1234.56', 'EUR'],
    ['in Höhe von € 450 an', '450.00', 'EUR'],
    ['a fee of USD 900 is due', '900.00', 'USD'],
    ['settle for $1,200', '1200.00', 'USD'],
    ['Lizenzgebühr 500,- €', '500.00', 'EUR'],
    ['fee: CHF 1\'250.50', '1250.50', 'CHF'],
    ['My fee is £650.', '650.00', 'GBP'],
    ['Summe: 1.890 EUR', '1890.00', 'EUR'],
  ])('reads the amount in %j', (text, amount, currency) => {
    expect(findAmount(text)).toMatchObject({ amount, currency });
  });

  it('prefers the total over its parts and ignores threatened damages', () => {
    expect(findAmount('Lizenz: 400,00 €\nZuschlag: 400,00 €\nGesamtbetrag: 950,00 €\nBearbeitung: 150,00 €')?.amount).toBe('950.00');
    expect(findAmount('damages of up to $150,000 per work. We offer to settle for $2,000.')?.amount).toBe('2000.00');
    expect(findAmount('Gesamtbetrag:\n615,00 EUR\nAnlage 1.000,00 EUR')?.amount).toBe('615.00');
    expect(findAmount('ABCUSD12 x1CHF+ 2026 EUROPE')).toBeNull();
  });

  it('reads numbers with either decimal mark', () => {
    expect([readNumber('1.234'), readNumber('1,234'), readNumber('1.234,5'), readNumber('12,50'), readNumber('0,00'), readNumber('1.2.3')]).toEqual(['1234.00', '1234.00', '1234.50', '12.50', null, null]);
  });

  it.each([
    ['14. Dezember 2026', '2026-12-14'],
    ['14.12.2026', '2026-12-14'],
    ['December 14, 2026', '2026-12-14'],
    ['14th of December 2026', '2026-12-14'],
    ['2026-12-14', '2026-12-14'],
    ['3. März 2027', '2027-03-03'],
    ['Dec. 1, 2026', '2026-12-01'],
    ['14/12/2026', '2026-12-14'],
  ])('reads the date %j', (text, day) => {
    expect(findDates(text, 'de').map((d) => d.day)).toEqual([day]);
  });

  it('rejects impossible dates and reads slashed dates by language when ambiguous', () => {
    expect(findDates('31.04.2026 and 2026-02-30', 'de')).toEqual([]);
    expect(findDates('03/04/2026', 'en')[0]?.day).toBe('2026-03-04');
    expect(findDates('03/04/2026', 'de')[0]?.day).toBe('2026-04-03');
  });

  it('counts relative deadlines in calendar and business days', () => {
    expect(findRelativeDeadline('innerhalb von 14 Tagen')).toMatchObject({ days: 14, businessDays: false });
    expect(findRelativeDeadline('within fourteen (14) days')).toMatchObject({ days: 14 });
    expect(findRelativeDeadline('innerhalb von zwei Wochen')).toMatchObject({ days: 14 });
    expect(findRelativeDeadline('within 10 business\ndays')).toMatchObject({ days: 10, businessDays: true });
    expect(addToDay('2026-11-20', 5, true)).toBe('2026-11-27'); // Friday + 5 business days
    expect(addToDay('2026-12-25', 14, false)).toBe('2027-01-08');
  });

  it('takes the Date header day as the sender wrote it', () => {
    expect(headerDay('Tue, 3 Nov 2026 00:30:00 +0100')).toBe('2026-11-03');
    expect(headerDay('garbage')).toBeNull();
  });

  it.each([
    ['Aktenzeichen: BL-482/26', 'BL-482/26'],
    ['Fallnummer: CT-4711', 'CT-4711'],
    ['Case ID: PX-1234', 'PX-1234'],
    ['Claim number: HA-2026-1', 'HA-2026-1'],
    ['Reference: PR-2026-1.', 'PR-2026-1'],
    ['Subject: [Case #A1B2C3]', 'A1B2C3'],
    ['Ihr Zeichen: XY-999\nUnser Zeichen: AB-123', 'AB-123'],
    // Copytrack's "your case" is the case it opened: the sender's reference, unlike "Ihr Zeichen".
    ['Ihr Fall: 123456', '123456'],
    ['Ihr Fall:\n123456', '123456'],
    ['Ihr Zeichen: XY-999\nIhr Fall: 654321', '654321'],
    ['Your case number: 8877665', '8877665'],
    ['Fallnummer\n4711-22', '4711-22'],
    ['Case ID:\nPX-1234', 'PX-1234'],
    ['Unser Zeichen: 2024/0815', '2024/0815'],
    ['Aktenzeichen: 12 O 345/24, Landgericht Hamburg', '12 O 345/24'],
    ['Aktenzeichen:\n123/24', '123/24'],
    ['Ref.: 998877', '998877'],
    ['Ref.:\n998877', '998877'],
  ])('reads the case reference in %j', (text, ref) => {
    expect(findCaseRef(text)?.value).toBe(ref);
  });

  it('finds no reference without a digit after a label', () => {
    expect(findCaseRef('Reference: your letter of last week')).toBeNull();
    // The recipient's own reference, on its own line, is still not the sender's; a bare "claim" ending a line takes no value from the next.
    expect(findCaseRef('Ihr Zeichen:\n55555')).toBeNull();
    expect(findCaseRef('about this claim\n2026-11-20 was the day')).toBeNull();
  });

  it('detects agencies by sender address first, then by name', () => {
    expect(findAgency('text', ['Jane <jane@mail.pixsy.com>'])?.value).toBe('pixsy');
    expect(findAgency('Higbee & Associates, Higbee & Associates, COPYTRACK', [])?.value).toBe('higbee');
    expect(findAgency('Pic Rights International', [])?.value).toBe('picrights');
    expect(findAgency('I am the photographer and you use my photo without a licence', [])?.value).toBe('rights_holder');
    expect(findAgency('Our client holds the copyright', [])?.value).toBe('other');
    expect(findAgency('Hello, lunch on Friday?', [])).toBeNull();
  });

  it('keeps the pages where the image is used and drops the sender links', () => {
    const text = [
      'The image was found on your website:',
      'https://shop.example/blog/post-1/',
      'https://shop.example/wp-content/uploads/2026/01/',
      'photo-1024x683.jpg',
      'Pay online: https://pay.example/case/1',
      'Original: https://photographer.example/gallery/1',
      'https://www.copytrack.com/help',
      'Website: www.studio.example · mail@studio.example',
    ].join('\n');
    expect(findInfringingUrls(text, ['a@sender.example'])?.value).toEqual(['https://shop.example/blog/post-1/', 'https://shop.example/wp-content/uploads/2026/01/photo-1024x683.jpg']);
    expect(findInfringingUrls('https://sender.example/x', ['Someone <a@sender.example>'])).toBeNull();
  });
});
