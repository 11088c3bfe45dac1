import { getDocumentProxy } from 'unpdf';

export type PdfText = {
  pages: number;
  /** All text, pages joined by newlines, items of a line joined as pdf.js reports them. */
  text: string;
  /** The same with every whitespace removed: wrapped URLs and hashes read as one string. */
  compact: string;
  /** Text items that leave their page's box (anything drawn off the paper). */
  outside: Array<{ page: number; str: string; x: number; y: number; width: number }>;
  info: Record<string, unknown>;
};

/** Opens a PDF with pdf.js (through unpdf), as a reader would, and returns its text and where it sits. */
export async function readPdf(bytes: Buffer): Promise<PdfText> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const texts: string[] = [];
  const outside: PdfText['outside'] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const strings: string[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      strings.push(item.str + (item.hasEOL ? '\n' : ''));
      const x = item.transform[4] as number;
      const y = item.transform[5] as number;
      if (item.str.trim() && (x < x0 - 0.5 || x + item.width > x1 + 0.5 || y < y0 - 0.5 || y > y1 + 0.5)) outside.push({ page: n, str: item.str.slice(0, 40), x, y, width: item.width });
    }
    texts.push(strings.join(''));
  }
  const text = texts.join('\n');
  const { info } = (await pdf.getMetadata()) as unknown as { info: Record<string, unknown> };
  const pages = pdf.numPages;
  await pdf.cleanup();
  return { pages, text, compact: text.replace(/\s+/g, ''), outside, info };
}
