import PDFDocument from 'pdfkit';
import type { PdfFonts } from './pdf-fonts.ts';
import type { PdfImage } from './pdf-images.ts';

const margin = 50;
const footerHeight = 24;
const grey = '#555555';
const englishPage = (n: number, of: number) => `page ${n} of ${of}`;

/**
 * The few layout moves the pack's PDFs need, on top of PDFKit: every string goes through the fonts'
 * `printable` (so no text can produce wrong glyphs), long content flows onto new pages, and each page
 * gets a footer "<label> - page n of m" once the page count is known.
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<Buffer>;
  private readonly regular: string;
  private readonly bold: string;

  constructor(
    private readonly fonts: PdfFonts,
    private readonly meta: { title: string; subject: string; generatedAt: Date; footer: string; page?: (n: number, of: number) => string },
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: margin, left: margin, right: margin, bottom: margin + footerHeight },
      bufferPages: true,
      info: { Title: fonts.printable(meta.title), Subject: fonts.printable(meta.subject), Producer: 'Clearance', Creator: 'Clearance', CreationDate: meta.generatedAt, ModDate: meta.generatedAt },
    });
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    // Registered once under a name: PDFKit caches fonts by name, and would embed a font given as bytes again on every switch.
    this.regular = 'Regular';
    this.bold = 'Bold';
    this.doc.registerFont(this.regular, fonts.regular);
    this.doc.registerFont(this.bold, fonts.bold);
    this.doc.font(this.regular).fontSize(10).fillColor('black');
  }

  get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get left() {
    return this.doc.page.margins.left;
  }

  private get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  title(text: string, subtitle?: string) {
    this.doc.font(this.bold).fontSize(18).fillColor('black').text(this.fonts.printable(text), this.left, this.doc.y, { width: this.width });
    if (subtitle) this.doc.font(this.regular).fontSize(10).fillColor(grey).text(this.fonts.printable(subtitle), { width: this.width });
    this.doc.fillColor('black').moveDown(0.8);
  }

  heading(text: string, level: 1 | 2 = 1) {
    const size = level === 1 ? 13 : 11;
    this.ensureSpace(size * 3 + 30); // keep a heading with at least two lines of what follows
    this.doc.moveDown(level === 1 ? 0.8 : 0.4);
    this.doc.font(this.bold).fontSize(size).fillColor('black').text(this.fonts.printable(text), this.left, this.doc.y, { width: this.width });
    if (level === 1) {
      const y = this.doc.y + 2;
      this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.5).strokeColor('#999999').stroke();
      this.doc.moveDown(0.4);
    }
    this.doc.font(this.regular).fontSize(10);
  }

  paragraph(text: string, options: { size?: number; color?: string; bold?: boolean; indent?: number } = {}) {
    const indent = options.indent ?? 0;
    this.doc
      .font(options.bold ? this.bold : this.regular)
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? 'black')
      .text(this.fonts.printable(text), this.left + indent, this.doc.y, { width: this.width - indent });
    this.doc.fillColor('black').font(this.regular).fontSize(10);
  }

  /** "Label: value", the label in bold; the value wraps (long URLs break anywhere) and may flow to the next page. */
  field(label: string, value: string, options: { indent?: number; size?: number } = {}) {
    const indent = options.indent ?? 0;
    const size = options.size ?? 10;
    this.ensureSpace(size * 1.6);
    this.doc
      .fontSize(size)
      .font(this.bold)
      .text(`${this.fonts.printable(label)}: `, this.left + indent, this.doc.y, { width: this.width - indent, continued: true })
      .font(this.regular)
      .text(this.fonts.printable(value || '-'), { width: this.width - indent });
    this.doc.fontSize(10);
  }

  fields(pairs: Array<[string, string]>, options: { indent?: number; size?: number } = {}) {
    for (const [label, value] of pairs) this.field(label, value, options);
  }

  gap(lines = 0.5) {
    this.doc.moveDown(lines);
  }

  /** Pictures side by side, each fitted in its own box with a caption; a missing one shows its reason. */
  images(items: Array<{ caption: string; image: PdfImage }>, boxHeight = 190) {
    const gutter = 16;
    const boxWidth = (this.width - gutter * (items.length - 1)) / items.length;
    this.ensureSpace(boxHeight + 30);
    const top = this.doc.y;
    items.forEach((item, i) => {
      const x = this.left + i * (boxWidth + gutter);
      this.doc.font(this.bold).fontSize(9).text(this.fonts.printable(item.caption), x, top, { width: boxWidth, height: 24, ellipsis: true });
      const y = top + 14;
      this.doc.rect(x, y, boxWidth, boxHeight).lineWidth(0.5).strokeColor('#bbbbbb').stroke();
      if (item.image.ok) {
        this.doc.image(item.image.jpeg, x + 4, y + 4, { fit: [boxWidth - 8, boxHeight - 8], align: 'center', valign: 'center' });
      } else {
        this.doc.font(this.regular).fontSize(9).fillColor(grey).text(this.fonts.printable(item.image.reason), x + 8, y + boxHeight / 2 - 6, { width: boxWidth - 16, align: 'center' });
        this.doc.fillColor('black');
      }
    });
    this.doc.font(this.regular).fontSize(10);
    this.doc.x = this.left;
    this.doc.y = top + 14 + boxHeight + 10;
  }

  /** A table whose cells wrap; a row never splits across pages and the header repeats on each new page. */
  table(columns: Array<{ header: string; width: number }>, rows: string[][], size = 8.5) {
    const gutter = 6;
    const total = columns.reduce((sum, c) => sum + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width - gutter);
    const heightOf = (cells: string[], font: string) => {
      this.doc.font(font).fontSize(size);
      return Math.max(...cells.map((cell, i) => this.doc.heightOfString(this.fonts.printable(cell), { width: widths[i] })));
    };
    const draw = (cells: string[], font: string) => {
      const height = heightOf(cells, font);
      const y = this.doc.y;
      let x = this.left;
      cells.forEach((cell, i) => {
        this.doc.font(font).fontSize(size).text(this.fonts.printable(cell), x, y, { width: widths[i] });
        x += widths[i]! + gutter;
      });
      this.doc.x = this.left;
      this.doc.y = y + height + 3;
    };
    const header = columns.map((c) => c.header);
    const headerHeight = heightOf(header, this.bold) + 3;
    this.ensureSpace(headerHeight * 2);
    draw(header, this.bold);
    for (const row of rows) {
      const height = heightOf(row, this.regular);
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        draw(header, this.bold);
      }
      draw(row, this.regular);
    }
    this.doc.font(this.regular).fontSize(10);
  }

  /** Ends the document: footers on every page, then the bytes. */
  async finish(): Promise<Buffer> {
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      // Writing inside the bottom margin would otherwise make PDFKit start yet another page.
      const bottomMargin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font(this.regular)
        .fontSize(8)
        .fillColor(grey)
        .text(this.fonts.printable(`${this.meta.footer} - ${(this.meta.page ?? englishPage)(i - start + 1, count)}`), margin, this.doc.page.height - margin, {
          width: this.doc.page.width - 2 * margin,
          align: 'center',
          lineBreak: false,
          height: 12,
          ellipsis: true,
        });
      this.doc.page.margins.bottom = bottomMargin;
    }
    this.doc.end();
    return this.ended;
  }
}
