/**
 * `Content-Disposition: attachment` with the filename in both forms of RFC 6266: an ASCII
 * fallback for old clients and the exact UTF-8 name as `filename*` (RFC 8187 encoding).
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_') || 'download';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
