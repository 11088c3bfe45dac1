import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Address, Attachment, Email, Mailbox } from 'postal-mime';
import { salvageFilename } from './filename.rules.ts';
import { htmlToText } from './html-to-text.ts';

export type ParsedEmail = {
  from: string | null;
  to: string[];
  cc: string[];
  /** ISO 8601, or null when the Date header is missing or unreadable */
  date: string | null;
  subject: string | null;
  messageId: string | null;
  /** plain-text body; if only HTML, a text rendering of it with tags stripped */
  text: string;
  attachments: { filename: string; mimeType: string; content: Buffer; contentId: string | null; disposition: 'attachment' | 'inline' | null }[];
};

/** The only error parseEmail throws for bad input; anything else is a bug on our side. */
export class EmailParseError extends Error {
  override name = 'EmailParseError';
}

const maxMessageBytes = 25 * 1024 * 1024;
const maxAttachments = 50;
const defaultTimeoutMs = 5_000;
// postal-mime's own limits bound depth, not breadth or time; real mail nests a handful of levels.
const parserOptions = { attachmentEncoding: 'arraybuffer', maxNestingDepth: 50, maxRfc822NestingDepth: 5 } as const;

/** Parses an RFC 5322 message in a worker that is killed after `timeoutMs` or if it outgrows its heap. */
export async function parseEmail(bytes: Buffer, options: { timeoutMs?: number } = {}): Promise<ParsedEmail> {
  if (!(bytes instanceof Uint8Array)) throw new EmailParseError('The message is not a byte buffer');
  if (bytes.length === 0) throw new EmailParseError('The message is empty');
  if (bytes.length > maxMessageBytes) throw new EmailParseError(`The message is ${bytes.length} bytes; at most ${maxMessageBytes} (25 MB) are accepted`);
  const email = await parseInWorker(bytes, options.timeoutMs ?? defaultTimeoutMs);
  if (!email.headers?.length) throw new EmailParseError('The message has no header fields');
  if (email.attachments.length > maxAttachments) throw new EmailParseError(`The message has ${email.attachments.length} attachments; at most ${maxAttachments} are accepted`);
  return {
    from: formatMailbox(mailboxes(email.from ? [email.from] : [])[0]),
    to: formatList(email.to),
    cc: formatList(email.cc),
    date: isoDate(email.date),
    subject: singleLine(email.subject),
    messageId: singleLine(email.messageId),
    text: email.text?.trim() ? email.text : email.html ? htmlToText(email.html) : '',
    attachments: email.attachments.map((attachment, index) => mapAttachment(attachment, index)),
  };
}

// Runs as CommonJS in the worker; loading failures are reported apart from parse failures, since they are ours.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
let PostalMime = null;
try { PostalMime = require(workerData.modulePath); }
catch (error) { parentPort.postMessage({ ok: false, internal: true, message: String(error && error.message || error) }); }
if (PostalMime) PostalMime.parse(workerData.bytes, workerData.options).then(
  (email) => {
    const buffers = new Set(email.attachments.map((a) => a.content).filter((c) => c instanceof ArrayBuffer));
    parentPort.postMessage({ ok: true, email }, [...buffers]);
  },
  (error) => parentPort.postMessage({ ok: false, message: String(error && error.message || error) }),
);`;

const postalMimePath = createRequire(import.meta.url).resolve('postal-mime');

type WorkerReply = { ok: true; email: Email } | { ok: false; internal?: boolean; message: string };

function parseInWorker(bytes: Buffer, timeoutMs: number): Promise<Email> {
  const copy = new Uint8Array(bytes); // its own ArrayBuffer, transferred so the caller's buffer stays usable
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, {
      eval: true,
      execArgv: [], // no tsx/vitest loaders: the worker runs plain CommonJS
      workerData: { bytes: copy, modulePath: postalMimePath, options: parserOptions },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    let settled = false;
    const finish = (outcome: { email: Email } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if ('email' in outcome) resolve(outcome.email);
      else reject(outcome.error);
    };
    // postal-mime only awaits resolved promises, so a timer in this thread could never interrupt it: hence the worker.
    const timer = setTimeout(() => finish({ error: new EmailParseError(`The message took longer than ${timeoutMs} ms to parse`) }), timeoutMs);
    worker.once('message', (reply: WorkerReply) => {
      if (reply.ok) finish({ email: reply.email });
      else if (reply.internal) finish({ error: new Error(`The e-mail parser could not be loaded: ${reply.message}`) });
      else finish({ error: new EmailParseError(`The message could not be parsed: ${reply.message}`) });
    });
    // Out-of-memory (ERR_WORKER_OUT_OF_MEMORY) and uncaught parser errors arrive here.
    worker.once('error', (error) => finish({ error: new EmailParseError(`The message could not be parsed: ${error.message}`) }));
    worker.once('exit', (code) => finish({ error: new EmailParseError(`The parser stopped (exit code ${code}) without a result`) }));
  });
}

function mailboxes(addresses: Address[] | undefined): Mailbox[] {
  return (addresses ?? []).flatMap((a) => ('group' in a && a.group ? a.group : [a]));
}

function formatMailbox(mailbox: Mailbox | undefined): string | null {
  if (!mailbox) return null;
  const name = singleLine(mailbox.name);
  const address = singleLine(mailbox.address);
  return name && address ? `${name} <${address}>` : address || name || null;
}

function formatList(addresses: Address[] | undefined): string[] {
  return mailboxes(addresses).flatMap((m) => formatMailbox(m) ?? []);
}

/** Decoded encoded-words can smuggle CR/LF or NUL into a header value; fold them into spaces. */
function singleLine(value: string | undefined): string | null {
  const cleaned = value?.replace(/[\u0000-\u001F\u007F]+/g, ' ').trim();
  return cleaned ? cleaned : null;
}

/** postal-mime passes an unparseable Date header through as is; the contract promises ISO or null. */
function isoDate(value: string | undefined): string | null {
  const time = value ? Date.parse(value) : NaN;
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

const extensionForMime = new Map([
  ['application/pdf', 'pdf'], ['image/jpeg', 'jpg'], ['image/png', 'png'], ['image/gif', 'gif'], ['image/webp', 'webp'],
  ['image/tiff', 'tif'], ['image/heic', 'heic'], ['image/heif', 'heic'], ['text/plain', 'txt'], ['text/html', 'html'],
  ['text/calendar', 'ics'], ['application/ics', 'ics'], ['message/rfc822', 'eml'],
]);

function mapAttachment(attachment: Attachment, index: number): ParsedEmail['attachments'][number] {
  const mimeType = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(attachment.mimeType?.toLowerCase() ?? '') ? attachment.mimeType.toLowerCase() : 'application/octet-stream';
  const { content, disposition } = attachment;
  return {
    filename: salvageFilename(attachment.filename) ?? `attachment-${index + 1}.${extensionForMime.get(mimeType) ?? 'bin'}`,
    mimeType,
    content: typeof content === 'string' ? Buffer.from(content, 'utf8') : content instanceof ArrayBuffer ? Buffer.from(content) : Buffer.from(content.buffer, content.byteOffset, content.byteLength),
    contentId: singleLine(attachment.contentId),
    disposition: disposition === 'attachment' ? 'attachment' : disposition === 'inline' ? 'inline' : null,
  };
}
