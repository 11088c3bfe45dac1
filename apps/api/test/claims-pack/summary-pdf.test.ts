import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { findUnicodeFont } from '../../src/modules/claims/pack/pdf-fonts.ts';
import { renderClaimSummaryPdf } from '../../src/modules/claims/pack/summary-pdf.ts';
import { minimalPdf } from '../helpers/documents.ts';
import { assetOf, istockLicense, liveTakedown, proofOf, sampleInput } from './pack-fixtures.ts';
import { readPdf } from './pdf-text.ts';

describe('claim summary PDF', () => {
  for (const fonts of ['standard', 'auto'] as const) {
    it(`shows the case, both images' captions, licenses then and now, proofs with SHA-256 and takedown results (${fonts} fonts)`, async () => {
      const input = await sampleInput({ assets: [await assetOf({ takedowns: [liveTakedown()] })] });
      const pdf = await readPdf(await renderClaimSummaryPdf(input, { fonts }));

      expect(pdf.text).toContain('CT-2025-04711');
      expect(pdf.info.Title).toBe('Claim CT-2025-04711');
      // WinAnsi (standard Helvetica) and an embedded font both print umlauts, ß and €.
      expect(pdf.text).toContain('Jürgen Weiß Fotografie');
      expect(pdf.text).toContain('300,00 €');
      expect(pdf.text).toContain('Bäckerei Müller Blog');
      expect(pdf.text).toContain('Claimant image: screenshot.png');
      expect(pdf.text).toContain('Stored image: iStock-1234567-beach.jpg');
      // The image's own day of use (its first recorded use, 2019-03-02), not the day the letter names (2023-07-14).
      // Without a use period on the input, only the licenses covering the whole use are listed, from its first day.
      expect(pdf.text).toContain('Licenses covering the whole use (from 2019-03-02)');
      expect(pdf.text).toContain('Valid: 2019-03-01 to 2024-02-28');
      expect(pdf.text).toContain('Licenses held now (2025-06-03)');
      expect(pdf.text).toContain('Valid: from 2024-02-29, perpetual');
      expect(pdf.text).toContain('Order / invoice: INV-2019-0042');
      for (const proof of input.proofs) expect(pdf.compact).toContain(proof.sha256);
      expect(pdf.text).toContain('Licensed: send the license proof');
      expect(pdf.compact).toContain('notverified:2of5URLsstillanswer');
      expect(pdf.compact).toContain('200https://blog.example/wp-content/uploads/2019/03/beach-300x200.jpg');
      expect(pdf.compact).toContain('200https://blog.example/wp-content/uploads/2019/03/beach-scaled.jpg');
      expect(pdf.compact).toContain('firstseenonhttps://blog.example/2019/03/sommer-am-strand/');
      expect(pdf.compact).toContain(`event#42,hash${'a'.repeat(64)}`);
      expect(pdf.outside).toEqual([]);
    });
  }

  it('says what is missing instead of failing: no claim image, no stored image, an undecodable one, no assets', async () => {
    const input = await sampleInput({
      claimImage: null,
      assets: [await assetOf({ image: null }), await assetOf({ id: 'asset-2', filename: 'broken.jpg', image: Buffer.from('not an image at all') })],
    });
    const pdf = await readPdf(await renderClaimSummaryPdf(input));
    expect(pdf.text).toContain('No claim image supplied');
    expect(pdf.text).toContain('No image stored');
    expect(pdf.text).toContain('could not be decoded');
    expect(pdf.text).toContain('Asset 2 of 2: broken.jpg');

    const none = await readPdf(await renderClaimSummaryPdf(await sampleInput({ assets: [], stance: 'ask_for_proof' })));
    expect(none.text).toContain('No asset in the library was confirmed as the claimed image.');
    expect(none.text).toContain('Ownership doubtful');
  });

  it('flows many proofs over several pages, every hash intact and every page numbered', async () => {
    const proofs = Array.from({ length: 160 }, (_, i) => proofOf({ id: `p${i}`, filename: `receipt-${i}.pdf`, content: minimalPdf(`Receipt ${i}`) }));
    const input = await sampleInput({ proofs });
    const pdf = await readPdf(await renderClaimSummaryPdf(input, { fonts: 'standard' }));
    expect(pdf.pages).toBeGreaterThan(5);
    for (const p of proofs) expect(pdf.compact).toContain(p.sha256);
    for (let n = 1; n <= pdf.pages; n++) expect(pdf.text).toContain(`page ${n} of ${pdf.pages}`);
    expect(pdf.outside).toEqual([]);
  });

  it('keeps very long URLs on the paper and says where it cut them', async () => {
    const longUrl = `https://blog.example/${'a1b2c3d4'.repeat(400)}.jpg`; // 3,225 characters, no break opportunity
    const input = await sampleInput({ claim: { ...(await sampleInput()).claim, infringingUrls: [longUrl] } });
    const pdf = await readPdf(await renderClaimSummaryPdf(input, { fonts: 'standard' }));
    expect(pdf.compact).toContain(longUrl.slice(0, 2048));
    expect(pdf.text).toMatch(/\[1177 more characters not shown\]/);
    expect(pdf.outside).toEqual([]);
  });

  it('with the standard font, folds what WinAnsi cannot encode instead of printing wrong glyphs', async () => {
    const base = await sampleInput();
    const input = await sampleInput({ claim: { ...base.claim, rightsHolder: 'Łukasz Żółw from Łódź, Жук 写真' } });
    const pdf = await readPdf(await renderClaimSummaryPdf(input, { fonts: 'standard' }));
        // ó is in WinAnsi and stays; Ł and Ż have no glyph there and lose their marks; Cyrillic and CJK cannot be folded.
    expect(pdf.text).toContain('Lukasz Zólw from Lódz, ??? ??');
  });

  it('with an installed Unicode font, prints Polish and Cyrillic as written', async () => {
    // The test setup installs one (Debian: fonts-dejavu-core); without it 'auto' means the standard font.
    expect(findUnicodeFont(), 'no Unicode TrueType font installed (apt-get install fonts-dejavu-core)').not.toBeNull();
    const base = await sampleInput();
    const input = await sampleInput({ claim: { ...base.claim, rightsHolder: 'Łukasz Żółw from Łódź, Жук' } });
    const pdf = await readPdf(await renderClaimSummaryPdf(input, { fonts: 'auto' }));
    expect(pdf.text).toContain('Łukasz Żółw from Łódź, Жук');
  });

  it('(the off-paper check itself catches text drawn past the edge)', async () => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
    doc.text('https://blog.example/a-very-long-unbroken-url-that-runs-off-the-page', 500, 100, { lineBreak: false });
    doc.end();
    expect((await readPdf(await done)).outside).toHaveLength(1);
  });

  it('prints the use period, the uncovered days and each overlapping license with its window, in English and German', async () => {
    const undated = { ...istockLicense, id: 'lic-undated', orderRef: 'INV-UNDATED', validFrom: null, expiresOn: '2019-12-31', obtainedOn: null };
    const asset = await assetOf({
      stance: 'remove',
      licensesAtUse: [],
      licensesNow: [],
      licenses: [istockLicense, undated],
      usePeriod: { from: '2019-03-02', to: '2025-06-03' },
      uncoveredPeriods: [{ from: '2024-02-29', to: '2025-06-03' }],
    });
    const en = await readPdf(await renderClaimSummaryPdf(await sampleInput({ stance: 'remove', assets: [asset] }), { fonts: 'standard' }));
    expect(en.text).toContain('Use period 2019-03-02 – 2025-06-03');
    expect(en.text).toContain('No license covered: 2024-02-29 – 2025-06-03');
    expect(en.text).toContain('Licenses overlapping the use');
    expect(en.text).toContain('Valid: 2019-03-01 to 2024-02-28');
    expect(en.text).toContain('Covers: 2019-03-02 – 2024-02-28');
    expect(en.text).toContain('No start day on record: check it was held from 2019-03-02.');
    expect(en.text).not.toMatch(/no license covered the asset on that day|use began/);
    expect(en.text).toContain('Not licensed for the whole use: remove the image, then negotiate or settle');

    const de = await readPdf(await renderClaimSummaryPdf(await sampleInput({ stance: 'remove', assets: [asset], replyLanguage: 'de' }), { fonts: 'standard' }));
    expect(de.text).toContain('Nutzungszeitraum 02.03.2019 – 03.06.2025');
    expect(de.text).toContain('Von keiner Lizenz gedeckt: 29.02.2024 – 03.06.2025');
    expect(de.text).toContain('Lizenzen im Nutzungszeitraum');
    expect(de.compact).toContain('iStock-1234567-beach.jpg:andiesenTagenderNutzunglagkeineLizenzvor:29.02.2024–03.06.2025.');
    expect(de.text).toContain('Kein Beginn erfasst: prüfen, ob sie ab 02.03.2019 bestand.');
  });

  it('an embed license on a hosted copy is listed without "Covers": the uncovered days are counted without it', async () => {
    const embed = { ...istockLicense, id: 'lic-embed', kind: 'embed_only', orderRef: null, validFrom: '2019-01-01', expiresOn: null };
    const asset = await assetOf({
      stance: 'remove',
      hosted: true,
      licensesAtUse: [],
      licensesNow: [],
      licenses: [embed],
      usePeriod: { from: '2019-03-02', to: '2025-06-03' },
      uncoveredPeriods: [{ from: '2019-03-02', to: '2025-06-03' }],
    });
    const en = await readPdf(await renderClaimSummaryPdf(await sampleInput({ stance: 'remove', assets: [asset] }), { fonts: 'standard' }));
    expect(en.text).toContain('No license covered: 2019-03-02 – 2025-06-03');
    expect(en.text).toContain('An embed license: it does not cover the copy hosted on the site.');
    expect(en.text).not.toContain('Covers: 2019-03-02 – 2025-06-03');
    const de = await readPdf(await renderClaimSummaryPdf(await sampleInput({ stance: 'remove', assets: [asset], replyLanguage: 'de' }), { fonts: 'standard' }));
    expect(de.text).toContain('Eine Einbettungslizenz: Sie deckt die auf der Website gespeicherte Kopie nicht.');
  });
});
