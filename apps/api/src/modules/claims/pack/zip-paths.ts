/**
 * Names inside the ZIP. Proof file names come from uploads and e-mail attachments, so each path
 * segment is rebuilt from a safe alphabet: no separators, no `..`, no absolute or drive paths, no
 * control or direction-changing characters, no names Windows refuses, and unique even on
 * case-insensitive file systems (where `Invoice.pdf` and `invoice.pdf` would overwrite each other).
 */

const maxSegmentBytes = 120; // well under every file system's 255, leaving room for the folders

// Windows refuses these as names, with any extension: https://learn.microsoft.com/windows/win32/fileio/naming-a-file
const reservedOnWindows = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** One path segment: letters and digits of any script, `-`, `_`, `.`, `(`, `)`, `+`, `,` kept; everything else becomes `_`. */
export function safeSegment(raw: string, fallback = 'file'): string {
  let name = String(raw ?? '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}\p{M}\-_.()+, ]/gu, '_')
    .replace(/\s+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+|[._\s]+$/g, '');
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  if (reservedOnWindows.test(stem)) name = `_${name}`;
  if (!name) name = fallback;
  return fitBytes(name, maxSegmentBytes);
}

/** Shortens the stem by whole code points, keeping a short extension. */
function fitBytes(name: string, max: number): string {
  if (Buffer.byteLength(name) <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  let out = '';
  let budget = max - Buffer.byteLength(ext);
  for (const ch of name.slice(0, name.length - ext.length)) {
    budget -= Buffer.byteLength(ch);
    if (budget < 0) break;
    out += ch;
  }
  return out.replace(/[._-]+$/, '') + ext;
}

/** Hands out paths that are unique regardless of letter case: the second `proofs/invoice/a.pdf` becomes `.../a-2.pdf`. */
export class ZipPaths {
  private readonly taken = new Set<string>();

  /** `segments` are joined with `/` after each is made safe. */
  claim(segments: string[]): string {
    const safe = segments.map((s) => safeSegment(s));
    const last = safe.pop()!;
    const dir = safe.length ? `${safe.join('/')}/` : '';
    const dot = last.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [last.slice(0, dot), last.slice(dot)] : [last, ''];
    for (let n = 1; ; n++) {
      const path = `${dir}${n === 1 ? last : `${stem}-${n}${ext}`}`;
      const key = path.toLowerCase();
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return path;
      }
    }
  }
}

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/tiff': 'tif',
  'image/heic': 'heic',
  'image/avif': 'avif',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/html': 'html',
  'message/rfc822': 'eml',
};

/** The extension a stored file should carry, from its (content-detected) MIME type; null when unknown. */
export const extensionForMime = (mimeType: string) => extensions[mimeType.toLowerCase().split(';')[0]!.trim()] ?? null;

/** A proof's name with the extension its type calls for (a renamed `invoice.pdf.exe` of type PDF ends in `.pdf`). */
export function proofFileName(filename: string, mimeType: string): string {
  const ext = extensionForMime(mimeType);
  const safe = safeSegment(filename, 'proof');
  if (!ext) return safe;
  const dot = safe.lastIndexOf('.');
  const current = dot > 0 ? safe.slice(dot + 1).toLowerCase() : null;
  if (current === ext || (ext === 'jpg' && current === 'jpeg') || (ext === 'tif' && current === 'tiff') || (ext === 'html' && current === 'htm')) return safe;
  return `${safe}.${ext}`;
}

/** The claimant's own material: their letter and the screenshot they sent (and anything attached to them). */
const claimantKinds = new Set(['claim_letter', 'screenshot']);

/** Whose a proof is, as the pack files it: the recorded origin, else by its kind. */
export const originOf = (proof: { kind: string; origin?: 'ours' | 'claimant' }) => proof.origin ?? (claimantKinds.has(proof.kind) ? 'claimant' : 'ours');

/** Top-level folders of the pack: our evidence is never mixed with what the claimant sent. */
export const packFolders = { ours: 'our-evidence', claimant: 'claimant-material', identification: 'identification' } as const;
