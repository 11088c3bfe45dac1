import { existsSync, readFileSync } from 'node:fs';

/**
 * Fonts for the pack's PDFs.
 *
 * PDFKit's built-in Helvetica is a standard 14 font: nothing to ship, but it only encodes WinAnsi
 * (Windows-1252): Latin-1 plus € „ “ ” – — … and a few more, which covers German, French, Spanish,
 * Italian, Dutch and the Nordic languages. Nothing is downloaded and no font is vendored: when a
 * Unicode TrueType font is installed at one of the usual places (Debian/Ubuntu `fonts-dejavu-core`,
 * which fontconfig and so Chromium pull in, or `fonts-liberation`; the Alpine and Fedora paths of
 * DejaVu), it is embedded (subset) instead and Polish, Czech, Greek, Cyrillic, ... print as written.
 * Without one, characters outside WinAnsi are transliterated where that is harmless (ł -> l, ő -> o)
 * and shown as `?` otherwise, so the PDF never contains wrong glyphs. Either way pdfkit does no bidi
 * reordering: right-to-left scripts print in logical order.
 */
export type PdfFontChoice = 'auto' | 'standard' | { regular: string | Buffer; bold?: string | Buffer };

export type PdfFonts = {
  regular: string | Buffer;
  bold: string | Buffer;
  /** Whether any Unicode text prints as written (an embedded TrueType font) or is folded to WinAnsi. */
  unicode: boolean;
  /** Makes a string printable with these fonts. */
  printable: (text: string) => string;
};

const candidates: Array<{ regular: string; bold: string }> = [
  { regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf' },
  { regular: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', bold: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf' },
  { regular: '/usr/share/fonts/dejavu/DejaVuSans.ttf', bold: '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf' },
  { regular: '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf', bold: '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf' },
];

let found: { regular: Buffer; bold: Buffer } | null | undefined;

/** The first installed Unicode font, read once per process; null when there is none. */
export function findUnicodeFont(): { regular: Buffer; bold: Buffer } | null {
  if (found !== undefined) return found;
  found = null;
  for (const c of candidates) {
    try {
      if (!existsSync(c.regular)) continue;
      const regular = readFileSync(c.regular);
      found = { regular, bold: existsSync(c.bold) ? readFileSync(c.bold) : regular };
      break;
    } catch {
      // unreadable: try the next one
    }
  }
  return found;
}

export function resolvePdfFonts(choice: PdfFontChoice = 'auto'): PdfFonts {
  if (choice === 'standard') return standardFonts;
  if (choice === 'auto') {
    const font = findUnicodeFont();
    return font ? { ...font, unicode: true, printable: (t) => t } : standardFonts;
  }
  return { regular: choice.regular, bold: choice.bold ?? choice.regular, unicode: true, printable: (t) => t };
}

// Windows-1252 0x80-0x9F, the part of WinAnsi that is not Latin-1.
const winAnsiExtra = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const isWinAnsi = (ch: string) => {
  const cp = ch.codePointAt(0)!;
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || winAnsiExtra.has(ch);
};

// Letters without a canonical decomposition, and common typography outside WinAnsi.
const fold: Record<string, string> = {
  ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ħ: 'h', Ħ: 'H', ı: 'i', ŀ: 'l', Ŀ: 'L', ŧ: 't', Ŧ: 'T', ŋ: 'ng', Ŋ: 'NG',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2212': '-', '\u2032': "'", '\u2033': '"', '\u2009': ' ', '\u202F': ' ',
  '\u2007': ' ', '\u200B': '', '\u2060': '', '\uFEFF': '', '\u2192': '->', '\u2190': '<-', '\u2264': '<=', '\u2265': '>=',
};

function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    if (isWinAnsi(ch)) out += ch;
    else if (fold[ch] !== undefined) out += fold[ch];
    else {
      // Strip accents a font cannot draw: "ő" -> "o", "ş" -> "s"; compatibility forms: "ﬁ" -> "fi".
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base && [...base].every(isWinAnsi) ? base : '?';
    }
  }
  return out;
}

const standardFonts: PdfFonts = { regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false, printable: toWinAnsi };
