import { isUtf8 } from 'node:buffer';

/** What a text upload is, decided from its first bytes; scripts and active formats are refused here. */
export type TextVerdict =
  | { kind: 'binary' }
  | { kind: 'rejected'; detail: string }
  | { kind: 'email' | 'html' | 'plain'; charset: TextCharset | undefined; markup: boolean };

/** Only asserted when it is certain; 7-bit encodings such as ISO-2022-JP would be mis-labelled as UTF-8. */
export type TextCharset = 'utf-8' | 'iso-8859-1';

// Headers, prologs and doctypes all sit at the start; 64 KiB also covers long Received: chains.
const sniffWindow = 64 * 1024;
const asciiWhitespace = /[\t\n\f\r ]/;

export function sniffText(bytes: Buffer): TextVerdict {
  if (!looksLikeText(bytes)) return { kind: 'binary' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // latin1 keeps one character per byte, so ASCII tokens are found whatever the real encoding is.
  const head = bytes.subarray(bom, bom + sniffWindow).toString('latin1');
  const charset = bytes.includes(0x1b) ? undefined : isUtf8(bytes) ? 'utf-8' : 'iso-8859-1';
  const markup = /<[a-z!?/]/i.test(head);

  if (looksLikeEmail(head, bytes.length - bom > sniffWindow)) return { kind: 'email', charset, markup };

  const first = skipSpace(head);
  const start = head.slice(first, first + 8);
  if (start.startsWith('#!')) return { kind: 'rejected', detail: 'The content is a script (it starts with #!)' };
  if (start.startsWith('{\\rtf')) return { kind: 'rejected', detail: 'The content is an RTF document' };
  if (start.startsWith('%!')) return { kind: 'rejected', detail: 'The content is a PostScript program' };
  // PHP runs code wherever the tag appears, so the whole file is searched, not just the start.
  if (/<\?(php|=)/i.test(bytes.toString('latin1'))) return { kind: 'rejected', detail: 'The content contains PHP code (<?php)' };

  const root = markupRoot(head);
  if (/^<!doctype\s+html[\s>]|^<html[\s>]/.test(root)) return { kind: 'html', charset, markup: true };
  if (/^<!doctype\s+svg[\s>]|^<svg[\s>]/.test(root)) return { kind: 'rejected', detail: 'The content is an SVG image, which can carry scripts' };
  if (/^<script[\s>]/.test(root)) return { kind: 'rejected', detail: 'The content is a script (it starts with <script>)' };
  return { kind: 'plain', charset, markup };
}

/** No NUL anywhere and almost no other control bytes; UTF-16 has NULs and is therefore refused. */
function looksLikeText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  let controls = 0;
  for (const byte of bytes) {
    // TAB LF VT FF CR are layout; ESC switches character sets in ISO-2022-JP mail.
    if ((byte < 0x20 && !(byte >= 0x09 && byte <= 0x0d) && byte !== 0x1b) || byte === 0x7f) controls++;
  }
  return controls <= bytes.length / 100;
}

const headerField = /^[!-9;-~]+[ \t]*:/; // RFC 5322 §3.6.8 field-name, with obsolete WSP before the colon
const identifyingFields = new Set(['from', 'date', 'subject', 'message-id', 'mime-version']);

/** RFC 5322 header lines up to the first blank line, one of them a field every real message has. */
function looksLikeEmail(head: string, truncated: boolean): boolean {
  const lines = head.split(/\r?\n/);
  if (truncated) lines.pop(); // the window may cut a header line in half
  let i = lines[0]?.startsWith('From ') ? 1 : 0; // mbox "From sender date" separator line
  if (!headerField.test(lines[i] ?? '')) return false;
  let identified = false;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') return identified;
    if (line[0] === ' ' || line[0] === '\t') continue; // folded continuation
    if (!headerField.test(line)) return false;
    if (identifyingFields.has(line.slice(0, line.indexOf(':')).trimEnd().toLowerCase())) identified = true;
  }
  return identified; // a message that is all headers, or whose header block runs past the window
}

function skipSpace(text: string, from = 0): number {
  let i = from;
  while (i < text.length && asciiWhitespace.test(text[i] ?? '')) i++;
  return i;
}

/** The first tag after whitespace, comments and processing instructions (an XHTML page starts with <?xml). */
function markupRoot(head: string): string {
  let i = skipSpace(head);
  for (;;) {
    const [open, close] = head.startsWith('<!--', i) ? ['<!--', '-->'] : head.startsWith('<?', i) ? ['<?', '?>'] : [null, null];
    if (!open || !close) return head.slice(i, i + 32).toLowerCase();
    const end = head.indexOf(close, i + open.length);
    if (end === -1) return ''; // unterminated comment or instruction: not a page we recognise
    i = skipSpace(head, end + close.length);
  }
}
