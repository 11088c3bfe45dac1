/** One part of a multipart/form-data body: its field name, its filename when it is a file, and its bytes. */
export type FormPart = { name: string; filename: string | null; content: Buffer };

export class MalformedFormDataError extends Error {}

/** A part's header block larger than this is not a form part. */
const maxHeaderBytes = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Splits a multipart/form-data body (RFC 7578) that is already in memory — the signed webhook keeps
 * its body whole to check the signature — into its parts. Each part's content is a view into the
 * body, not a copy: a 12 MP upload is never duplicated to read it. Stops after `maxParts + 1`
 * parts, so the caller can refuse too many without the rest being read. Throws
 * MalformedFormDataError for anything that is not well-formed form data.
 */
export function splitFormData(body: Buffer, contentType: string, maxParts: number): FormPart[] {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType) || !match) throw new MalformedFormDataError('The content type names no multipart boundary');
  const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
  const nextDelimiter = Buffer.concat([CRLF, delimiter]);

  // A preamble before the first delimiter is allowed, and ignored.
  let at = body.subarray(0, delimiter.length).equals(delimiter) ? 0 : body.indexOf(nextDelimiter);
  if (at < 0) throw new MalformedFormDataError('The body holds no multipart boundary');
  if (at > 0) at += CRLF.length;
  const parts: FormPart[] = [];
  for (;;) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // "--": the closing delimiter
    while (body[at] === 0x20 || body[at] === 0x09) at++; // transport padding
    if (!body.subarray(at, at + 2).equals(CRLF)) throw new MalformedFormDataError('A multipart boundary is not followed by a line break');
    at += CRLF.length;
    const headerEnd = body.indexOf(HEADER_END, at);
    if (headerEnd < 0 || headerEnd - at > maxHeaderBytes) throw new MalformedFormDataError('A part has no complete header block');
    const contentStart = headerEnd + HEADER_END.length;
    const contentEnd = body.indexOf(nextDelimiter, contentStart);
    if (contentEnd < 0) throw new MalformedFormDataError('The body ends inside a part');
    parts.push({ ...dispositionOf(body.toString('utf8', at, headerEnd)), content: body.subarray(contentStart, contentEnd) });
    if (parts.length > maxParts) return parts;
    at = contentEnd + CRLF.length;
  }
}

/** The field name and filename from a part's `Content-Disposition: form-data; name="…"; filename="…"`. */
function dispositionOf(headers: string): { name: string; filename: string | null } {
  const disposition = headers
    .split('\r\n')
    .find((line) => /^content-disposition\s*:/i.test(line))
    ?.replace(/^content-disposition\s*:\s*/i, '');
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) throw new MalformedFormDataError('A part has no form-data Content-Disposition');
  const param = (key: string) => new RegExp(`;\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s;"]+))`, 'i').exec(disposition);
  const name = param('name');
  if (!name) throw new MalformedFormDataError('A part has no field name');
  const filename = param('filename');
  const value = (m: RegExpExecArray) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return { name: value(name), filename: filename ? value(filename) : null };
}
