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
  const match = /;\s*boundary=(?:"([^"]*)"|([^\s;"]*))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2] ?? '';
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType) || !boundary) throw new MalformedFormDataError('The content type names no multipart boundary');
  if (boundary.length > 70) throw new MalformedFormDataError('The multipart boundary is longer than 70 characters');
  const delimiter = Buffer.from(`--${boundary}`);
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

/** `; key=value` or `; key="quoted \"value\""`, read left to right from where the last one ended. */
const parameterPattern = /\s*;\s*([^\s=;"]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s;"]*))/y;

/** The field name and filename from a part's `Content-Disposition: form-data; name="…"; filename="…"`. */
function dispositionOf(headers: string): { name: string; filename: string | null } {
  const disposition = headers
    .split('\r\n')
    .find((line) => /^content-disposition\s*:/i.test(line))
    ?.replace(/^content-disposition\s*:\s*/i, '');
  const kind = /^form-data\b/i.exec(disposition ?? '');
  if (!disposition || !kind) throw new MalformedFormDataError('A part has no form-data Content-Disposition');
  const parameters = new Map<string, string>();
  let end = kind[0].length;
  parameterPattern.lastIndex = end;
  for (let match; (match = parameterPattern.exec(disposition)); end = parameterPattern.lastIndex) {
    parameters.set(match[1]!.toLowerCase(), match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!);
  }
  if (disposition.slice(end).trim() !== '') throw new MalformedFormDataError('A part has a malformed Content-Disposition');
  const name = parameters.get('name');
  if (name === undefined) throw new MalformedFormDataError('A part has no field name');
  const extended = parameters.get('filename*');
  return { name, filename: extended !== undefined ? decodeExtendedValue(extended) : (parameters.get('filename') ?? null) };
}

/** RFC 8187 `charset'language'percent-encoded`, as `filename*` carries it. */
function decodeExtendedValue(value: string): string {
  const match = /^(utf-8|iso-8859-1)'[^']*'((?:[!#$&+.^`|~\w-]|%[0-9a-f]{2})*)$/i.exec(value);
  if (!match) throw new MalformedFormDataError('A part has a malformed filename*');
  const bytes = Buffer.from(match[2]!.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return bytes.toString(match[1]!.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1');
}
