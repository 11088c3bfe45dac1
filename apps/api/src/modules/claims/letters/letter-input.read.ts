import { fileTypeFromBuffer } from 'file-type';
import { EmailParseError, parseEmail, type ParsedEmail } from '../../proofs/content/email.parse.ts';
import { htmlToText } from '../../proofs/content/html-to-text.ts';
import { sniffText } from '../../proofs/content/text.sniff.ts';
import { selectEncodedImages, selectPdfImages } from './letter-images.select.ts';
import { extractPdf, PdfUnreadableError } from './letter-pdf.extract.ts';
import { headerDay } from './letter-dates.rules.ts';
import { LetterUnreadableError, type LetterImage, type LetterInput, type LetterProposal } from './letter.types.ts';

/** What a letter says before any field is looked for: its text, its pictures, and what the envelope tells. */
export type LetterContent = {
  source: LetterProposal['source'];
  text: string;
  images: LetterImage[];
  /** the day the e-mail was sent, from its Date header */
  sentOn: string | null;
  /** that Date header as written, shown as the evidence */
  sentHeader: string | null;
  /** the From and Reply-To addresses of an e-mail ("Name <address>") */
  senders: string[];
  warnings: string[];
};

export const maxLetterBytes = 25 * 1024 * 1024;
const maxAttachedPdfs = 3;

/** Decides from the content alone whether the input is an e-mail, a PDF or text, and reads it. */
export async function readLetter(input: LetterInput): Promise<LetterContent> {
  if ('text' in input) {
    const text = typeof input.text === 'string' ? input.text : '';
    if (!text.trim()) throw new LetterUnreadableError('empty', 'The letter is empty');
    // pasted raw message source ("show original") is still an e-mail
    const head = Buffer.from(text.slice(0, 64 * 1024), 'utf8');
    if (looksLikeMessage(head) && text.length <= maxLetterBytes) return readEmail(Buffer.from(text, 'utf8'));
    return { source: 'text', text, images: [], sentOn: null, sentHeader: null, senders: [], warnings: [] };
  }
  const { bytes } = input;
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new LetterUnreadableError('empty', 'The letter is empty (0 bytes)');
  if (bytes.length > maxLetterBytes) throw new LetterUnreadableError('too_large', `The letter is ${bytes.length} bytes; at most ${maxLetterBytes} (25 MB) are read`);
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  if (isPdf(buffer)) return readPdf(buffer, input.filename);
  const detected = await fileTypeFromBuffer(buffer).catch(() => undefined);
  if (detected) throw new LetterUnreadableError('not_a_letter', `The file is ${detected.mime}, not an e-mail, a PDF or text`);
  const sniffed = sniffText(buffer);
  if (sniffed.kind === 'binary') throw new LetterUnreadableError('not_a_letter', 'The file is binary data, not an e-mail, a PDF or text');
  if (sniffed.kind === 'rejected') throw new LetterUnreadableError('not_a_letter', sniffed.detail);
  if (sniffed.kind === 'email' && looksLikeMessage(buffer)) return readEmail(buffer);
  const decoded = buffer.toString(sniffed.charset === 'iso-8859-1' ? 'latin1' : 'utf8');
  return { source: 'text', text: sniffed.kind === 'html' ? htmlToText(decoded) : decoded, images: [], sentOn: null, sentHeader: null, senders: [], warnings: [] };
}

/**
 * A letter may open with "Date: …" and "Reference: …" lines and a blank line, which is a valid header block;
 * an e-mail also has a From field and one that only mail software writes.
 */
function looksLikeMessage(bytes: Buffer): boolean {
  if (sniffText(bytes.subarray(0, 64 * 1024)).kind !== 'email') return false;
  return rawHeader(bytes, 'from') !== null && ['message-id', 'mime-version', 'content-type', 'received', 'return-path'].some((f) => rawHeader(bytes, f) !== null);
}

/** PDF readers accept junk before the header within the first kilobyte; so do we (file-type only looks at byte 0). */
function isPdf(bytes: Buffer): boolean {
  const at = bytes.subarray(0, 1024).indexOf('%PDF-');
  return at !== -1;
}

async function readPdf(bytes: Buffer, filename: string | undefined): Promise<LetterContent> {
  const { text, images, warnings } = await readPdfContent(bytes, baseName(filename ?? 'letter.pdf'));
  return { source: 'pdf', text, images, sentOn: null, sentHeader: null, senders: [], warnings };
}

async function readPdfContent(bytes: Buffer, base: string): Promise<{ text: string; images: LetterImage[]; warnings: string[] }> {
  try {
    const content = await extractPdf(bytes);
    const warnings: string[] = [];
    if (!content.text.trim()) warnings.push('The PDF has no text layer (a scan?): no fields could be read from it');
    if (content.imagesIncomplete) warnings.push('Not every image of the PDF could be read');
    return { text: content.text, images: await selectPdfImages(content.images, base), warnings };
  } catch (error) {
    if (error instanceof PdfUnreadableError) throw new LetterUnreadableError('unreadable_pdf', error.message);
    throw error;
  }
}

async function readEmail(bytes: Buffer): Promise<LetterContent> {
  let email: ParsedEmail;
  try {
    email = await parseEmail(bytes);
  } catch (error) {
    if (error instanceof EmailParseError) throw new LetterUnreadableError('unreadable_email', error.message);
    throw error;
  }
  const warnings: string[] = [];
  const parts = [
    [email.from && `From: ${email.from}`, email.date && `Date: ${rawHeader(bytes, 'date') ?? email.date}`, email.subject && `Subject: ${email.subject}`].filter(Boolean).join('\n'),
    email.text,
  ];
  const imageCandidates: { filename: string; bytes: Buffer }[] = [];
  const images: LetterImage[] = [];
  let pdfs = 0;
  for (const attachment of email.attachments) {
    if (attachment.content.subarray(0, 1024).includes('%PDF-') || attachment.mimeType === 'application/pdf') {
      // a letter often comes as a PDF attached to a short e-mail: its text and images are part of the letter
      if (++pdfs > maxAttachedPdfs) continue;
      try {
        const pdf = await readPdfContent(attachment.content, baseName(attachment.filename));
        parts.push(`--- ${attachment.filename} ---\n${pdf.text}`);
        images.push(...pdf.images);
      } catch (error) {
        if (!(error instanceof LetterUnreadableError)) throw error;
        warnings.push(`The attached PDF ${attachment.filename} could not be read`);
      }
    } else if (attachment.mimeType.startsWith('image/') || attachment.mimeType === 'application/octet-stream') {
      imageCandidates.push({ filename: attachment.filename, bytes: attachment.content });
    }
  }
  images.unshift(...(await selectEncodedImages(imageCandidates)));
  const senders = [email.from, rawHeader(bytes, 'reply-to'), rawHeader(bytes, 'sender')].flatMap((s) => (s ? [s] : []));
  return {
    source: 'email',
    text: parts.filter((p) => p.trim()).join('\n\n'),
    images: images.slice(0, 10),
    sentOn: headerDay(rawHeader(bytes, 'date')) ?? email.date?.slice(0, 10) ?? null,
    sentHeader: rawHeader(bytes, 'date') ?? email.date,
    senders,
    warnings,
  };
}

/** One header field of the message as written, unfolded; postal-mime gives the Date only converted to UTC. */
function rawHeader(bytes: Buffer, field: string): string | null {
  const head = bytes.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const line = block.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${field}:`));
  const value = line?.slice(field.length + 1).trim();
  return value ? value.replace(/[\u0000-\u001f\u007f]+/g, ' ') : null;
}

function baseName(filename: string): string {
  return (
    filename
      .replace(/\.[a-z0-9]{1,5}$/i, '')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .slice(0, 60) || 'letter'
  );
}
