import { describe, expect, it } from 'vitest';
import { newestMessageEnd } from './letter-quotes.rules.ts';
import { findRightsHolder } from './letter-rights-holder.rules.ts';
import { parseClaimLetter } from './letter.parse.ts';

const claim = 'We found an unlicensed use of a photograph on your website:\nhttps://shop.example/about/\nWe ask for a license fee of EUR 400.';

describe('rights holder phrases', () => {
  it.each([
    ['Pixsy vertritt die Rechte der Fotografin Ilse Marquardt.', 'Ilse Marquardt'],
    ['Wir vertreten die Interessen des Urhebers Jonas Falk, Berlin.', 'Jonas Falk'],
    ['PicRights is authorised by Thomson Reuters to pursue the unlicensed use.', 'Thomson Reuters'],
    ['We are authorized by the photographer, Amelia Stone, to resolve this matter.', 'Amelia Stone'],
    ['I am writing on behalf of Nordic Light Images AB regarding your website.', 'Nordic Light Images AB'],
    ['Wir sind im Auftrag von Ralf Keller, Berufsfotograf, tätig.', 'Ralf Keller'],
    ['Rechteinhaber(in): Mareike Holm\nFundstelle: https://x.example/', 'Mareike Holm'],
    ['Rechteinhaberin: Dr. Ute Berg', 'Dr. Ute Berg'],
    ['This firm represents the rights of photographer Olivia Tran.', 'Olivia Tran'],
  ])('%j', (text, name) => {
    expect(findRightsHolder(text)?.value).toBe(name);
  });
});

describe('deadlines', () => {
  it('finds a deadline wrapped onto the next line', async () => {
    const p = await parseClaimLetter({ text: `Berlin, 3 November 2026\n\n${claim}\nPlease remove it by\n7 December 2026.` });
    expect(p.deadlineOn).toBe('2026-12-07');
    expect(p.evidence.deadlineOn).toContain('remove it by 7 December 2026');
    expect(p.warnings).toEqual([]);
  });

  it('warns when a deadline is named but its date cannot be read', async () => {
    const p = await parseClaimLetter({ text: `Berlin, 3 November 2026\n\n${claim}\nPlease pay no later than the 7th of next month.` });
    expect(p.deadlineOn).toBeNull();
    expect(p.warnings.join(' ')).toMatch(/names a deadline but no date could be read.*no later than/);
  });

  it('counts "within 14 days" from the letter date first, then from the claim\'s received day, and says which', async () => {
    const dated = await parseClaimLetter({ text: `Berlin, 3 November 2026\n\n${claim} Please pay within 14 days.` }, { claimReceivedOn: '2026-11-10' });
    expect(dated.deadlineOn).toBe('2026-11-17');
    expect(dated.evidence.deadlineOn).toMatch(/counted from the letter's date, 2026-11-03/);

    const undated = await parseClaimLetter({ text: `${claim} Bitte zahlen Sie innerhalb von 14 Tagen.` }, { claimReceivedOn: '2026-11-10' });
    expect(undated).toMatchObject({ receivedOn: null, deadlineOn: '2026-11-24', warnings: [] });
    expect(undated.evidence.deadlineOn).toMatch(/counted from the claim's received day, 2026-11-10/);

    const unknown = await parseClaimLetter({ text: `${claim} Please pay within 14 days.` });
    expect(unknown.deadlineOn).toBeNull();
    expect(unknown.warnings.join(' ')).toMatch(/deadline in days but its date is unknown/);
  });
});

describe('replies and forwards', () => {
  it('ends the newest message where the quoted one begins', () => {
    const text = 'New offer: EUR 300.\n\nOn Tue, 24 Nov 2026 at 09:12, Anna <a@x.example> wrote:\n> Old offer: EUR 900.';
    expect(text.slice(0, newestMessageEnd(text)).trim()).toBe('New offer: EUR 300.');
    const outlook = 'Neues Angebot: 300 EUR.\n\nVon: Anna <a@x.example>\nGesendet: Dienstag, 24. November 2026 09:12\nAltes Angebot: 900 EUR';
    expect(outlook.slice(0, newestMessageEnd(outlook)).trim()).toBe('Neues Angebot: 300 EUR.');
  });

  it('reads all of a forwarded letter, dated by its own header, sent by its own sender', async () => {
    const text = [
      'Hi Sam, see below.',
      '',
      '---------- Forwarded message ---------',
      'From: Lumen Licensing <claims@lumen.example>',
      'Date: Mon, Nov 9, 2026 at 10:14 AM',
      'Subject: Unlicensed use',
      '',
      `${claim} Please pay within 10 days.`,
    ].join('\n');
    const p = await parseClaimLetter({ text });
    expect(p).toMatchObject({ receivedOn: '2026-11-09', deadlineOn: '2026-11-19', amount: 400, currency: 'EUR', infringingUrls: ['https://shop.example/about/'] });
    expect(p.evidence.receivedOn).toBe('Date: Mon, Nov 9, 2026 at 10:14 AM');
  });
});
