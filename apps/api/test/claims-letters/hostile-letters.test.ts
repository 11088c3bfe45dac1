import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { LetterUnreadableError, parseClaimLetter, type LetterInput, type LetterProposal } from '../../src/modules/claims/letters/letter.parse.ts';
import { buildLetterPdf } from './letter-pdf.builder.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const screenshot = readFileSync(join(fixtures, 'images', 'copytrack-de-screenshot.jpg'));
const letter = readFileSync(join(fixtures, 'copytrack-de.txt'), 'utf8');

// Generous on a shared two-core machine; a hang or a catastrophic regex would take minutes.
const prompt = 10_000;

async function timed(input: LetterInput): Promise<{ ms: number } & ({ proposal: LetterProposal } | { error: unknown })> {
  const start = performance.now();
  try {
    const proposal = await parseClaimLetter(input);
    return { ms: performance.now() - start, proposal };
  } catch (error) {
    return { ms: performance.now() - start, error };
  }
}

async function expectUnreadable(input: LetterInput, reason: LetterUnreadableError['reason']) {
  const outcome = await timed(input);
  expect(outcome.ms).toBeLessThan(prompt);
  expect('error' in outcome && outcome.error).toBeInstanceOf(LetterUnreadableError);
  expect((outcome as { error: LetterUnreadableError }).error.reason).toBe(reason);
}

async function expectProposal(input: LetterInput): Promise<LetterProposal> {
  const outcome = await timed(input);
  expect(outcome.ms).toBeLessThan(prompt);
  if ('error' in outcome) throw outcome.error;
  return outcome.proposal;
}

const emptyFields = { agency: null, caseRef: null, rightsHolder: null, amount: null, currency: null, deadlineOn: null, receivedOn: null, infringingUrls: [], images: [] };

function pdfOf(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  draw(doc);
  doc.end();
  return done;
}

function emailWithAttachments(count: number): Buffer {
  const parts = Array.from({ length: count }, (_, i) =>
    [`--many`, `Content-Type: image/jpeg`, `Content-Disposition: attachment; filename="shot-${i + 1}.jpg"`, 'Content-Transfer-Encoding: base64', '', screenshot.toString('base64').replace(/.{76}/g, '$&\r\n'), ''].join('\r\n'),
  );
  return Buffer.from(
    [
      'From: COPYTRACK <noreply@copytrack.com>',
      'Subject: Fallnummer CT-5050-2026',
      'Date: Mon, 2 Nov 2026 10:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="many"',
      '',
      '--many',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Fallnummer: CT-5050-2026. Siehe Anlagen.',
      ...parts,
      '--many--',
      '',
    ].join('\r\n'),
  );
}

describe('claim letters: hostile input', () => {
  it('refuses empty input with a typed error', async () => {
    await expectUnreadable({ bytes: Buffer.alloc(0) }, 'empty');
    await expectUnreadable({ text: '' }, 'empty');
    await expectUnreadable({ text: ' \n\t ' }, 'empty');
  });

  it('refuses binary junk and images as not a letter', async () => {
    await expectUnreadable({ bytes: randomBytes(1024 * 1024), filename: 'letter.eml' }, 'not_a_letter');
    await expectUnreadable({ bytes: screenshot, filename: 'letter.pdf' }, 'not_a_letter');
    await expectUnreadable({ bytes: Buffer.from('#!/bin/sh\nrm -rf /\n') }, 'not_a_letter');
  });

  it('refuses a broken or truncated PDF as unreadable', async () => {
    await expectUnreadable({ bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(64 * 1024)]) }, 'unreadable_pdf');
    const real = await buildLetterPdf(letter, { letterhead: 'COPYTRACK', accent: '#000000', footer: 'x', screenshots: [] });
    // Cut before its cross-reference table, the letter is not salvaged: pdf.js finds no valid structure.
    await expectUnreadable({ bytes: real.subarray(0, Math.floor(real.length / 3)) }, 'unreadable_pdf');
  });

  it('reads a PDF without a text layer as an empty proposal with a warning, keeping its picture', async () => {
    const shapes = await expectProposal({ bytes: await pdfOf((doc) => doc.rect(50, 50, 200, 100).fill('#336699')) });
    expect(shapes).toMatchObject({ source: 'pdf', text: '', ...emptyFields });
    expect(shapes.warnings.join(' ')).toMatch(/no text layer/);

    const scan = await expectProposal({ bytes: await pdfOf((doc) => doc.image(screenshot, 50, 50, { width: 400 })) });
    expect(scan).toMatchObject({ source: 'pdf', text: '', agency: null, caseRef: null });
    expect(scan.images.map((i) => [i.mimeType, i.width, i.height])).toEqual([['image/png', 480, 320]]);
  });

  it('reads an e-mail with 50 attachments promptly and offers at most ten distinct images', async () => {
    const proposal = await expectProposal({ bytes: emailWithAttachments(50) });
    expect(proposal).toMatchObject({ source: 'email', agency: 'copytrack', caseRef: 'CT-5050-2026', receivedOn: '2026-11-02' });
    // the same screenshot fifty times is one image
    expect(proposal.images).toHaveLength(1);
  });

  it('refuses an e-mail with more attachments than the e-mail parser accepts', async () => {
    await expectUnreadable({ bytes: emailWithAttachments(51) }, 'unreadable_email');
  });

  it('reads huge text only up to its limit, promptly', async () => {
    const huge = await expectProposal({ text: letter.repeat(4000) }); // ~6 MB
    expect(huge.text.length).toBeLessThanOrEqual(200_000);
    expect(huge.warnings.join(' ')).toMatch(/longer than 200000 characters/);
    expect(huge).toMatchObject({ agency: 'copytrack', caseRef: 'CT-4711-2026-DE', amount: 615 });
    await expectProposal({ bytes: Buffer.from(letter.repeat(4000)) });
  });

  it.each([
    ['digits and separators', '€ ' + '1,'.repeat(300_000)],
    ['one endless URL', 'https://' + 'a'.repeat(1_000_000)],
    ['endless URL continuation lines', 'https://x.example/' + '\na-b.c/'.repeat(100_000)],
    ['dotted numbers', '1.'.repeat(500_000)],
    ['labels without values', 'Aktenzeichen: Case ID: Reference: '.repeat(20_000)],
    ['capitalised words after a label', 'on behalf of our client ' + 'Anna '.repeat(100_000)],
    ['blank lines', '\n'.repeat(1_000_000) + 'x'],
    ['mail-like header lines', 'From: a\nDate: b\n'.repeat(50_000)],
    ['a run of address characters', 'a.b-c_d%e+'.repeat(100_000)],
    ['many at signs', 'a@'.repeat(300_000)],
    ['a dotted host name', 'www.' + 'a.'.repeat(300_000)],
    ['currency codes and digits', 'EUR 1'.repeat(100_000)],
    ['date fragments', '14.12.'.repeat(100_000)],
    // ~22,000 whole dates: the overlap check between date readings once compared each with all before it
    ['nothing but dates', '1.1.2021 2.1.2021 '.repeat(12_000)],
    ['use ranges side by side', 'used between 1.1.2020 and 2.1.2021 '.repeat(6_000)],
    ['relative-deadline words', 'within innerhalb von '.repeat(30_000)],
    ['closing formulas', 'Mit freundlichen Grüßen\n'.repeat(30_000)],
    ['one long line of words', 'Sehr geehrte Damen und Herren '.repeat(30_000)],
  ])('does not stall on %s', async (_name, text) => {
    const proposal = await expectProposal({ text });
    expect(proposal.source).toBe('text');
  });

  it('gives empty fields for text that is no letter', async () => {
    // seeded, so a failure can be reproduced: base64 and printable-ASCII noise
    let seed = 0x2026;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    for (let sample = 0; sample < 20; sample++) {
      const bytes = Buffer.from(Array.from({ length: 20_000 }, () => next() & 0xff));
      const printable = Array.from({ length: 20_000 }, () => String.fromCharCode(32 + (next() % 95))).join('');
      expect(await expectProposal({ text: bytes.toString('base64') })).toMatchObject({ source: 'text', ...emptyFields });
      expect(await expectProposal({ text: printable })).toMatchObject({ agency: null, caseRef: null, rightsHolder: null, receivedOn: null, deadlineOn: null, infringingUrls: [] });
    }
    expect(await expectProposal({ text: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.' })).toMatchObject(emptyFields);
  });

  it('reads a pasted raw e-mail source as an e-mail', async () => {
    const eml = readFileSync(join(fixtures, 'picrights-en.eml'), 'utf8');
    const proposal = await expectProposal({ text: eml });
    expect(proposal).toMatchObject({ source: 'email', agency: 'picrights', caseRef: 'PR-2026-118834' });
    expect(proposal.images).toHaveLength(1);
  });
});
