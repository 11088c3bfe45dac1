import PDFDocument from 'pdfkit';

export type LetterPdfLayout = {
  /** sender name printed in the letterhead band */
  letterhead: string;
  /** band colour, e.g. "#1d3557" */
  accent: string;
  /** small print at the foot of every page (company register, website) */
  footer: string;
  /** PNG or JPEG files placed under the letter as the enclosed screenshot(s) */
  screenshots: Buffer[];
  /** a small logo in the letterhead band; a real letter's logo must not be offered as a screenshot */
  logo?: Buffer;
};

/**
 * A letterhead-style A4 letter built with pdfkit: a coloured band with logo and sender, the letter text,
 * the screenshots as an enclosure, and a footer. Text goes into the PDF as real text, so reading it back
 * goes through pdf.js text extraction like a letter from an agency would.
 */
export function buildLetterPdf(text: string, layout: LetterPdfLayout): Promise<Buffer> {
  // fixed dates keep the output byte-for-byte stable between runs
  const doc = new PDFDocument({ size: 'A4', margins: { top: 110, bottom: 70, left: 64, right: 64 }, info: { Title: layout.letterhead, CreationDate: new Date('2026-11-01T00:00:00Z') } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const decoratePage = () => {
    const { width, height } = doc.page;
    doc.save().rect(0, 0, width, 78).fill(layout.accent).restore();
    if (layout.logo) doc.image(layout.logo, 40, 15, { width: 180, height: 48 });
    doc.save().fillColor('#ffffff').font('Helvetica-Bold').fontSize(15).text(layout.letterhead, layout.logo ? 236 : 40, 30, { lineBreak: false }).restore();
    // the footer sits inside the bottom margin; pdfkit would start a new page if it were written as flowing text
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.save().fillColor('#666666').font('Helvetica').fontSize(7.5).text(layout.footer, 64, height - 44, { width: width - 128, align: 'center', lineBreak: false }).restore();
    doc.page.margins.bottom = bottom;
    doc.x = doc.page.margins.left;
    doc.y = doc.page.margins.top;
  };
  doc.on('pageAdded', decoratePage);
  decoratePage();

  doc.fillColor('#111111').font('Helvetica').fontSize(10.5);
  for (const paragraph of text.trimEnd().split(/\n{2,}/)) {
    doc.text(paragraph, { lineGap: 2 });
    doc.moveDown(0.7);
  }
  for (const screenshot of layout.screenshots) {
    if (doc.y > doc.page.height - 330) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(9).text('Anlage / Enclosure: Screenshot').moveDown(0.3);
    doc.image(screenshot, { width: 320 });
    doc.moveDown(1);
  }
  doc.end();
  return done;
}
