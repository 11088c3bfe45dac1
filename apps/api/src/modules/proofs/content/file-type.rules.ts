import { fileTypeFromBuffer, supportedExtensions } from 'file-type';
import { checkFilename, extensionOf } from './filename.rules.ts';
import { findHiddenFormat } from './polyglot.scan.ts';
import { sniffText, type TextCharset } from './text.sniff.ts';

export { checkFilename };

export type AcceptedType = {
  mimeType: string;
  extension: string;
  /** may the browser render it inline safely? always false for html, svg, email */
  inlineSafe: boolean;
  /** text types only, and only when certain; serve it so the browser does not guess */
  charset?: TextCharset;
};
export type Rejection = { code: 'unsupported_type' | 'type_mismatch' | 'polyglot' | 'invalid_filename' | 'empty_file'; detail: string };
type Classified = { ok: true; type: AcceptedType } | { ok: false; rejection: Rejection };

type Family = 'image' | 'pdf' | 'text';

// Formats recognised by their magic bytes (file-type's MIME names). Raster images and PDFs cannot run script
// in a browser's image/PDF viewer, so they may be shown inline.
const binaryTypes = new Map<string, { extension: string; family: Family; label: string }>([
  ['application/pdf', { extension: 'pdf', family: 'pdf', label: 'a PDF document' }],
  ['image/jpeg', { extension: 'jpg', family: 'image', label: 'a JPEG image' }],
  ['image/png', { extension: 'png', family: 'image', label: 'a PNG image' }],
  ['image/apng', { extension: 'png', family: 'image', label: 'an animated PNG image' }],
  ['image/webp', { extension: 'webp', family: 'image', label: 'a WebP image' }],
  ['image/gif', { extension: 'gif', family: 'image', label: 'a GIF image' }],
  ['image/tiff', { extension: 'tif', family: 'image', label: 'a TIFF image' }],
  ['image/heic', { extension: 'heic', family: 'image', label: 'a HEIC image' }],
  ['image/heif', { extension: 'heic', family: 'image', label: 'a HEIF image' }],
  ['image/heic-sequence', { extension: 'heic', family: 'image', label: 'a HEIC image sequence' }],
  ['image/heif-sequence', { extension: 'heic', family: 'image', label: 'a HEIF image sequence' }],
]);

const textTypes = {
  email: { mimeType: 'message/rfc822', extension: 'eml', label: 'an e-mail message' },
  html: { mimeType: 'text/html', extension: 'html', label: 'an HTML page' },
  plain: { mimeType: 'text/plain', extension: 'txt', label: 'plain text' },
} as const;

const extensionFamilies = new Map<string, Family>([
  ...['jpg', 'jpeg', 'jpe', 'jfif', 'pjpeg', 'pjp', 'png', 'apng', 'webp', 'gif', 'tif', 'tiff', 'heic', 'heif', 'hif'].map((e) => [e, 'image'] as const),
  ['pdf', 'pdf'],
  // Any text type may carry any text name: a saved e-mail named .txt, a page saved as .htm, a UBL invoice .xml.
  ...['txt', 'text', 'csv', 'tsv', 'log', 'md', 'eml', 'mht', 'mhtml', 'html', 'htm', 'xhtml', 'xml', 'ics', 'vcf', 'vtt'].map((e) => [e, 'text'] as const),
]);

// Names that make an OS or a web server run or actively render the file. file-type's own list covers
// the binary formats (exe, zip, apk, lnk, …); these are the script and text-based ones it cannot detect.
const activeExtensions = new Set(
  'bat cmd com scr pif cpl msi msp dll sys ocx inf reg scf url desktop ps1 psm1 vbs vbe js jse mjs cjs wsf wsh hta jar sh bash zsh command app appimage ipa php phtml phar pht php3 php4 php5 php7 py pl rb cgi asp aspx jsp svg svgz'.split(' '),
);

const familyLabels: Record<Family, string> = { image: 'an image', pdf: 'a PDF', text: 'a text document' };
const accepted = 'PDF, JPEG, PNG, WebP, GIF, TIFF, HEIC, plain text, HTML page or e-mail message';
const reject = (code: Rejection['code'], detail: string): Classified => ({ ok: false, rejection: { code, detail } });

/** Decides the type from the bytes alone; the name can only make an upload fail, never change its type. */
export async function classifyContent(bytes: Buffer, filename: string): Promise<Classified> {
  if (bytes.length === 0) return reject('empty_file', 'The file is empty (0 bytes)');
  const detected = await fileTypeFromBuffer(bytes).catch(() => undefined); // a parser bug is "not recognised", not a 500
  const binary = detected && binaryTypes.get(detected.mime);

  let type: AcceptedType;
  let family: Family;
  let label: string;
  if (detected && binary) {
    const hidden = findHiddenFormat(bytes, detected.mime);
    if (hidden) return reject('polyglot', `The content is ${binary.label} that also contains ${hidden}`);
    type = { mimeType: detected.mime, extension: binary.extension, inlineSafe: true };
    ({ family, label } = binary);
  } else {
    const text = sniffText(bytes);
    if (text.kind === 'binary') {
      const what = detected ? `${detected.mime} (.${detected.ext})` : 'binary data of no recognised type';
      return reject('unsupported_type', `The content is ${what}; accepted are ${accepted}`);
    }
    if (text.kind === 'rejected') return reject('unsupported_type', `${text.detail}; accepted are ${accepted}`);
    const textType = textTypes[text.kind];
    // Plain text with tags in it stays a download: an old browser or a missing nosniff header would render it.
    const inlineSafe = text.kind === 'plain' && !text.markup;
    type = { mimeType: textType.mimeType, extension: textType.extension, inlineSafe, ...(text.charset ? { charset: text.charset } : {}) };
    family = 'text';
    label = textType.label;
  }

  const mismatch = nameMismatch(filename, family);
  if (mismatch) return reject('type_mismatch', `${mismatch}, but the content is ${label}`);
  return { ok: true, type };
}

/** A missing or unknown extension is fine; one that promises another family, or an executable, is not. */
function nameMismatch(filename: string, family: Family): string | null {
  const ext = extensionOf(filename);
  if (!ext) return null;
  const claimed = extensionFamilies.get(ext);
  if (claimed) return claimed === family ? null : `The name ends in .${ext} (${familyLabels[claimed]})`;
  if (activeExtensions.has(ext) || supportedExtensions.has(ext)) return `The name ends in .${ext}, which would be opened as another kind of file`;
  return null;
}
