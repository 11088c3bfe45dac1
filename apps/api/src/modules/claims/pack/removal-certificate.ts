import { cleanText, formatInstant } from './pack-format.ts';
import type { RemovalCertificateInput } from './pack.types.ts';
import { resolvePdfFonts, type PdfFontChoice } from './pdf-fonts.ts';
import { PdfWriter } from './pdf-writer.ts';
import { answerOf, goneStatusCodes, isGone, takedownVerdict } from './takedown-verdict.ts';

const url = (value: string) => cleanText(value, { max: 2048 });

/**
 * A removal certificate: every URL variant of the asset that was requested, what it answered and when,
 * and the verdict, which is "verified" only when the latest answer of every URL is 404 or 410.
 */
export async function renderRemovalCertificatePdf(input: RemovalCertificateInput, options: { fonts?: PdfFontChoice } = {}): Promise<Buffer> {
  const fonts = resolvePdfFonts(options.fonts);
  const { takedown, asset, site } = input;
  const verdict = takedownVerdict(takedown.checks);
  const caseRef = input.caseRef ? cleanText(input.caseRef, { max: 200 }) : null;
  const pdf = new PdfWriter(fonts, {
    title: `Removal certificate: ${cleanText(asset.filename, { max: 120 })}`,
    subject: caseRef ? `Case ${caseRef}` : 'Removal certificate',
    generatedAt: input.generatedAt,
    footer: `Removal certificate, takedown ${cleanText(takedown.id, { max: 64 })}${caseRef ? `, case ${cleanText(caseRef, { max: 60 })}` : ''}`,
  });

  pdf.title('Removal certificate', `Generated ${formatInstant(input.generatedAt)} by Clearance`);
  if (caseRef) pdf.field('Case reference', caseRef, { size: 12 });
  pdf.fields([
    ['Site', `${cleanText(site.name, { max: 200 })} (${url(site.baseUrl)})`],
    ['Image', cleanText(asset.filename, { max: 255 })],
    ['Title', cleanText(asset.title, { max: 500 }) || '-'],
    ['Asset id', cleanText(asset.id, { max: 64 })],
    ['Takedown id', cleanText(takedown.id, { max: 64 })],
    ['Takedown requested', formatInstant(takedown.requestedAt)],
    ['Last checked', formatInstant(verdict.lastCheckedAt)],
  ]);

  pdf.heading('Verdict');
  if (verdict.verified) {
    pdf.paragraph(`VERIFIED: every one of the ${verdict.latest.length} URLs checked answered 404 or 410.`, { bold: true, size: 12, color: '#1b5e20' });
  } else if (verdict.latest.length === 0) {
    pdf.paragraph('NOT VERIFIED: no URL has been checked yet.', { bold: true, size: 12, color: '#b71c1c' });
  } else {
    pdf.paragraph(`NOT VERIFIED: ${verdict.stillLive.length} of ${verdict.latest.length} URLs did not answer 404 or 410 at their latest check.`, {
      bold: true,
      size: 12,
      color: '#b71c1c',
    });
  }
  pdf.paragraph(
    `Each URL under which the site served the image (the original, "-scaled", every generated size and format sibling, and the variants WordPress would generate from its name) was requested from the site's own origin. Only ${goneStatusCodes.join(' and ')} count as removed; any other status, a redirect, a server error or no answer counts as still live.`,
    { size: 9, color: '#555555' },
  );

  if (verdict.stillLive.length) {
    pdf.heading(`Still live (${verdict.stillLive.length})`, 2);
    for (const c of verdict.stillLive) pdf.paragraph(`${answerOf(c)}  ${url(c.url)}`, { size: 9 });
  }

  pdf.heading(`URLs checked (${verdict.latest.length})`);
  pdf.table(
    [
      { header: 'Answer', width: 60 },
      { header: 'Checked at', width: 118 },
      { header: 'Result', width: 52 },
      { header: 'URL', width: 265 },
    ],
    verdict.latest.map((c) => [answerOf(c), formatInstant(c.checkedAt), isGone(c) ? 'removed' : 'LIVE', url(c.url)]),
  );

  if (takedown.checks.length > verdict.latest.length) {
    pdf.heading(`Every check, in order (${takedown.checks.length})`, 2);
    const history = [...takedown.checks].sort((a, b) => a.checkedAt.getTime() - b.checkedAt.getTime());
    pdf.table(
      [
        { header: 'Checked at', width: 118 },
        { header: 'Answer', width: 60 },
        { header: 'URL', width: 317 },
      ],
      history.map((c) => [formatInstant(c.checkedAt), answerOf(c), url(c.url)]),
      8,
    );
  }
  return pdf.finish();
}
