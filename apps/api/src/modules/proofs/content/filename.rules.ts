import type { Rejection } from './file-type.rules.ts';

const maxNameBytes = 255; // the common file-system limit (ext4, APFS, NTFS in UTF-16 units is looser)

// C0, DEL and C1 controls: invisible in UIs, and NUL truncates names in C-based tools.
const controlChars = /[\u0000-\u001F\u007F-\u009F]/u;
// Bidi overrides, embeddings, isolates and marks can make "invoice\u202Efdp.exe" display as "invoiceexe.pdf".
// See https://unicode.org/reports/tr36/#Bidirectional_Text_Spoofing
const bidiChars = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const loneSurrogate = /\p{Cs}/u;

type FilenameCheck = { ok: true; name: string } | { ok: false; rejection: Rejection };

const invalid = (detail: string): FilenameCheck => ({ ok: false, rejection: { code: 'invalid_filename', detail } });

/** A name is only a label for the stored bytes, so anything that could act as a path or disguise the real extension is refused. */
export function checkFilename(name: string): FilenameCheck {
  if (typeof name !== 'string') return invalid('The file name is missing');
  if (name.includes('\u0000')) return invalid('The file name contains a NUL byte');
  if (controlChars.test(name)) return invalid('The file name contains a control character');
  if (bidiChars.test(name)) return invalid('The file name contains a bidirectional-text control character (right-to-left override or similar) that can disguise its extension');
  if (loneSurrogate.test(name)) return invalid('The file name is not valid Unicode (unpaired surrogate)');
  const normalized = name.normalize('NFC').trim();
  if (/(^|[/\\])\.\.([/\\]|$)/.test(normalized)) return invalid('The file name contains a parent-directory segment (..)');
  if (/[/\\]/.test(normalized)) return invalid('The file name contains a path separator (/ or \\)');
  if (/^[.\s]*$/u.test(normalized)) return invalid('The file name is empty or only dots and spaces');
  const bytes = Buffer.byteLength(normalized, 'utf8');
  if (bytes > maxNameBytes) return invalid(`The file name is ${bytes} bytes long in UTF-8; at most ${maxNameBytes} are allowed`);
  return { ok: true, name: normalized };
}

/** Lower-case extension without the dot, or null; a leading dot alone (".env") is not an extension, as in path.extname. */
export function extensionOf(name: string): string | null {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return null;
  return base.slice(dot + 1).toLowerCase();
}

/**
 * Best effort for names we did not choose (e-mail attachments): keep the last path segment, drop invisible
 * and direction-changing characters, shorten the stem to fit. Returns null when nothing usable is left.
 */
export function salvageFilename(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let name = raw.normalize('NFC');
  // Old Outlook and some webmail send the sender's full path ("C:\Users\me\invoice.pdf").
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name.replace(new RegExp(controlChars.source, 'gu'), '').replace(new RegExp(bidiChars.source, 'gu'), '');
  name = name.replace(new RegExp(loneSurrogate.source, 'gu'), '').trim();
  name = fitUtf8(name, maxNameBytes);
  const checked = checkFilename(name);
  return checked.ok ? checked.name : null;
}

/** Shortens the stem (never a short extension) by whole code points until the name fits. */
function fitUtf8(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name, 'utf8') <= maxBytes) return name;
  const ext = extensionOf(name);
  const suffix = ext && ext.length <= 16 ? name.slice(name.length - ext.length - 1) : '';
  let budget = maxBytes - Buffer.byteLength(suffix, 'utf8');
  let stem = '';
  for (const char of name.slice(0, name.length - suffix.length)) {
    budget -= Buffer.byteLength(char, 'utf8');
    if (budget < 0) break;
    stem += char;
  }
  return stem.trimEnd() + suffix;
}
