import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseClaimLetter, type LetterProposal } from '../../src/modules/claims/letters/letter.parse.ts';
import { buildLetterPdf } from './letter-pdf.builder.ts';
import { expectedLetters, type ExpectedLetter } from './letters.expected.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const read = (name: string) => readFileSync(join(fixtures, name));
const image = (name: string) => read(join('images', name));
const logo = image('letterhead-logo.png');

const forms = ['email', 'pdf', 'text'] as const;
type Form = (typeof forms)[number];

// Every letter in all three forms: the committed .eml, a PDF built from the .txt with pdfkit, the .txt pasted.
const pdfs = new Map<string, Buffer>();
beforeAll(async () => {
  for (const row of expectedLetters) {
    pdfs.set(row.id, await buildLetterPdf(read(`${row.id}.txt`).toString('utf8'), { ...row.pdf, logo, screenshots: row.pdf.screenshots.map(image) }));
  }
});

function parse(row: ExpectedLetter, form: Form): Promise<LetterProposal> {
  if (form === 'email') return parseClaimLetter({ bytes: read(`${row.id}.eml`), filename: `${row.id}.eml` });
  if (form === 'pdf') return parseClaimLetter({ bytes: pdfs.get(row.id)!, filename: `${row.id}.pdf` });
  return parseClaimLetter({ text: read(`${row.id}.txt`).toString('utf8') });
}

/** Mean absolute difference per channel between two images of the same size, 0..255. */
async function pixelDistance(a: Buffer, b: Buffer): Promise<number> {
  const [ra, rb] = await Promise.all([a, b].map((x) => sharp(x).removeAlpha().toColourspace('srgb').raw().toBuffer()));
  expect(ra!.length).toBe(rb!.length);
  let sum = 0;
  for (let i = 0; i < ra!.length; i++) sum += Math.abs(ra![i]! - rb![i]!);
  return sum / ra!.length;
}

describe('claim letters: every letter as e-mail, PDF and pasted text', () => {
  it('covers at least twenty letters, in English and German, from every kind of sender', () => {
    expect(expectedLetters.length).toBeGreaterThanOrEqual(20);
    expect(new Set(expectedLetters.map((r) => r.language))).toEqual(new Set(['de', 'en']));
    expect(new Set(expectedLetters.map((r) => r.agency))).toEqual(new Set(['copytrack', 'pixsy', 'picrights', 'higbee', 'rights_holder', 'other']));
  });

  describe.each(expectedLetters.flatMap((row) => forms.map((form) => ({ row, form, name: `${row.id} as ${form}` }))))('$name', ({ row, form }) => {
    let proposal: LetterProposal;
    beforeAll(async () => {
      proposal = await parse(row, form);
    });

    it('proposes the expected fields', () => {
      expect(proposal).toMatchObject({
        source: form,
        agency: row.agency,
        caseRef: row.caseRef,
        rightsHolder: row.rightsHolder,
        amount: row.amount,
        currency: row.currency,
        deadlineOn: row.deadlineOn,
        receivedOn: row.receivedOn,
        claimedUseFrom: row.claimedUseFrom,
        claimedUseTo: row.claimedUseTo,
        infringingUrls: row.infringingUrls,
        warnings: [],
      });
    });

    it('shows where each field was found', () => {
      const { evidence } = proposal;
      for (const field of ['agency', 'rightsHolder', 'amount', 'currency', 'deadlineOn', 'receivedOn', 'infringingUrls'] as const) expect(evidence[field], field).toBeTruthy();
      if (row.caseRef) expect(evidence.caseRef).toContain(row.caseRef);
      else expect(evidence.caseRef).toBeUndefined();
      expect(evidence.rightsHolder).toContain(row.rightsHolder.split(' ')[0]);
      expect(evidence.infringingUrls).toContain(row.infringingUrls[0]!.replace(/^https:\/\//, '').slice(0, 30));
      // the use dates carry the sentence they were read from, and are absent when the letter names none
      for (const field of ['claimedUseFrom', 'claimedUseTo'] as const) {
        if (row[field]) expect(evidence[field], field).toMatch(/\d/);
        else expect(evidence[field], field).toBeUndefined();
      }
    });

    it('returns the letter text with its accents intact', () => {
      expect(proposal.text).toContain(row.rightsHolder);
      if (row.caseRef) expect(proposal.text).toContain(row.caseRef);
      expect(proposal.text.length).toBeGreaterThan(400);
    });

    it('offers the screenshots in the letter, and no logo or tracking pixel', async () => {
      const expected = form === 'email' ? row.emlImages : form === 'pdf' ? row.pdf.screenshots : [];
      expect(proposal.images.map((i) => [i.width, i.height])).toEqual(expected.map(() => [480, 320]));
      for (const [index, name] of expected.entries()) {
        const found = proposal.images[index]!;
        if (form === 'email') {
          // attachments are handed over byte for byte
          expect(found.bytes.equals(image(name))).toBe(true);
          expect(found.mimeType).toBe({ jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }[name.split('.').pop()!]);
        } else {
          // PDF images are decoded by pdf.js and re-encoded as PNG: the same picture, pixel for pixel or nearly
          expect(found.mimeType).toBe('image/png');
          expect(found.bytes.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
          expect(await pixelDistance(found.bytes, image(name))).toBeLessThan(3);
        }
      }
    });
  });
});
