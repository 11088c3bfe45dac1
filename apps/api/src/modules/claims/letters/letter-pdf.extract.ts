import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type RawPdfImage = { width: number; height: number; channels: 1 | 3 | 4; data: Uint8Array };
export type PdfContent = {
  /** text of the pages read, pages separated by a blank line */
  text: string;
  images: RawPdfImage[];
  /** set when the text was read but reading the images failed or took too long */
  imagesIncomplete: boolean;
};

/** The document itself could not be opened or its text not read (corrupt, encrypted, hostile). */
export class PdfUnreadableError extends Error {
  override name = 'PdfUnreadableError';
}

export const pdfLimits = {
  timeoutMs: 15_000,
  maxPages: 30,
  imagePages: 10,
  maxImages: 12,
  // decoded pixels per image; a screenshot is far below, a decompression bomb far above
  maxImagePixels: 25_000_000,
  minImageSide: 48,
};

// Runs as CommonJS in the worker. Node 20 lacks ArrayBuffer.prototype.transferToFixedLength (Node 21+), which
// pdf.js calls when it decodes images; without it every image is silently dropped. The polyfill lives only here.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
if (!ArrayBuffer.prototype.transferToFixedLength) {
  ArrayBuffer.prototype.transferToFixedLength = function (length) {
    const moved = structuredClone(this, { transfer: [this] });
    if (length === undefined || length === moved.byteLength) return moved;
    const out = new ArrayBuffer(length);
    new Uint8Array(out).set(new Uint8Array(moved, 0, Math.min(length, moved.byteLength)));
    return out;
  };
}
let unpdf = null;
try { unpdf = require(workerData.modulePath); }
catch (error) { parentPort.postMessage({ kind: 'internal', message: String(error && error.message || error) }); }
const limits = workerData.limits;
// pdf.js ends each line with hasEOL but marks no paragraphs; a vertical gap well above the line height is one,
// and letters read much better with it (a name on one line is not run into the next paragraph).
function pageText(items) {
  let text = '';
  let previous = null;
  let line = null;
  for (const item of items) {
    if (!('str' in item)) continue;
    const y = item.transform[5];
    const size = Math.max(Math.abs(item.transform[3]) || item.height || 0, 4);
    if (!line) line = { y, size };
    if (previous && text.endsWith('\\n') && previous.y - line.y > 1.7 * Math.max(previous.size, line.size)) text += '\\n';
    text += item.str;
    line.size = Math.max(line.size, size);
    if (item.hasEOL) { text += '\\n'; previous = line; line = null; }
  }
  return text;
}
async function run() {
  let pdf;
  try {
    // isEvalSupported: false keeps font programs from compiling JavaScript (CVE-2024-4367).
    pdf = await unpdf.getDocumentProxy(workerData.bytes, { isEvalSupported: false, verbosity: 0, stopAtErrors: false });
  } catch (error) {
    parentPort.postMessage({ kind: 'error', message: String(error && error.message || error) });
    return;
  }
  const pages = Math.min(pdf.numPages, limits.maxPages);
  const texts = [];
  for (let n = 1; n <= pages; n++) {
    try {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      texts.push(pageText(content.items));
    } catch { texts.push(''); }
  }
  parentPort.postMessage({ kind: 'text', text: texts.join('\\n\\n'), pages: pdf.numPages });
  let count = 0;
  for (let n = 1; n <= Math.min(pages, limits.imagePages) && count < limits.maxImages; n++) {
    let images = [];
    try { images = await unpdf.extractImages(pdf, n); } catch { continue; }
    for (const image of images) {
      if (count >= limits.maxImages) break;
      const { width, height, channels, data } = image;
      if (width < limits.minImageSide || height < limits.minImageSide || width * height > limits.maxImagePixels) continue;
      if (data.length !== width * height * channels) continue;
      const copy = new Uint8Array(data);
      parentPort.postMessage({ kind: 'image', width, height, channels, data: copy }, [copy.buffer]);
      count++;
    }
  }
  parentPort.postMessage({ kind: 'done' });
}
if (unpdf) run().catch((error) => parentPort.postMessage({ kind: 'error', message: String(error && error.message || error) }));
`;

const unpdfPath = createRequire(import.meta.url).resolve('unpdf');

type Reply =
  | { kind: 'internal' | 'error'; message: string }
  | { kind: 'text'; text: string; pages: number }
  | ({ kind: 'image' } & RawPdfImage)
  | { kind: 'done' };

/**
 * Reads a PDF's text and embedded images with pdf.js (unpdf) in a worker that is killed after the time limit or
 * when it outgrows its heap: a hostile PDF can loop or inflate, and pdf.js cannot be interrupted from outside.
 */
export function extractPdf(bytes: Buffer, limits = pdfLimits): Promise<PdfContent> {
  const copy = new Uint8Array(bytes);
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, {
      eval: true,
      execArgv: [],
      stdout: true, // pdf.js warns on stdout; keep that out of the server log
      stderr: true,
      workerData: { bytes: copy, modulePath: unpdfPath, limits },
      transferList: [copy.buffer],
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let text: string | null = null;
    const images: RawPdfImage[] = [];
    let settled = false;
    const finish = (outcome: { ok: true; complete: boolean } | { ok: false; error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (outcome.ok) resolve({ text: text ?? '', images, imagesIncomplete: !outcome.complete });
      else reject(outcome.error);
    };
    // Once the text is in, a later failure only costs the images.
    const fail = (message: string) => (text === null ? finish({ ok: false, error: new PdfUnreadableError(message) }) : finish({ ok: true, complete: false }));
    const timer = setTimeout(() => fail(`Reading the PDF took longer than ${limits.timeoutMs} ms`), limits.timeoutMs);
    worker.on('message', (reply: Reply) => {
      if (reply.kind === 'internal') finish({ ok: false, error: new Error(`The PDF reader could not be loaded: ${reply.message}`) });
      else if (reply.kind === 'error') fail(`The PDF could not be read: ${reply.message}`);
      else if (reply.kind === 'text') text = reply.text;
      else if (reply.kind === 'image') images.push({ width: reply.width, height: reply.height, channels: reply.channels, data: reply.data });
      else finish({ ok: true, complete: true });
    });
    // a SyntaxError is in our worker source, not in the document
    worker.once('error', (error) => (error instanceof SyntaxError ? finish({ ok: false, error }) : fail(`The PDF could not be read: ${error.message}`)));
    worker.once('exit', (code) => fail(`The PDF reader stopped (exit code ${code}) without a result`));
  });
}
