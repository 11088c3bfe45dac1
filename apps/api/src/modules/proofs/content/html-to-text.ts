/**
 * A readable text rendering of an HTML mail body, for messages without a text/plain part. Every pattern
 * stops at the next "<" or scans forward only, so hostile markup (25 MB of "<a<a<a…") stays linear.
 */
export function htmlToText(html: string): string {
  let text = dropBetween(html, /<!--/g, () => /-->/g);
  text = dropBetween(text, /<(script|style|head|title)\b/gi, (name) => new RegExp(`</${name}\\s*>`, 'gi'));
  text = text
    .replace(/\s+/g, ' ') // HTML collapses source line breaks; only tags below make new lines
    .replace(/<li\b[^<>]*>/gi, '\n* ')
    .replace(/<(br|hr|p|div|tr|table|h[1-6]|blockquote|pre|ul|ol)\b[^<>]*>|<\/(p|div|tr|table|h[1-6]|blockquote|pre|li|ul|ol)\s*>/gi, '\n')
    .replace(/<(td|th)\b[^<>]*>/gi, ' ')
    .replace(/<[!/?a-z][^<>]*>/gi, '');
  return decodeEntities(text)
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ ?\r?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Removes each span from an opening match up to its closing match; an unclosed span runs to the end. */
function dropBetween(text: string, open: RegExp, closeFor: (name: string) => RegExp): string {
  let out = '';
  let from = 0;
  for (let match = open.exec(text); match; match = open.exec(text)) {
    out += text.slice(from, match.index);
    const close = closeFor((match[1] ?? '').toLowerCase());
    close.lastIndex = open.lastIndex;
    const end = close.exec(text);
    if (!end) return out;
    from = open.lastIndex = end.index + end[0].length;
  }
  return out + text.slice(from);
}

const namedEntities = new Map(Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', euro: '€', hellip: '…', mdash: '—', ndash: '–', laquo: '«', raquo: '»' }));

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (entity, body: string) => {
    if (body[0] !== '#') return namedEntities.get(body.toLowerCase()) ?? entity;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : '\uFFFD';
  });
}
