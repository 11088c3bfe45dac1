// Where a reply's quoted older message begins: "> " lines, "On … wrote:", "Am … schrieb …:", an
// "Original Message" rule, or an Outlook header block ("From: …" then "Sent:"/"Date:" on the next line).
const quoteStarts = [
  /^>/m,
  /^(?:On|Am) [^\n]{4,200}(?:wrote|schrieb)[^\n]{0,120}:[ \t]*$/m,
  /^-{2,}[ \t]*(?:Original Message|Ursprüngliche Nachricht|Originalnachricht)[ \t]*-{2,}[ \t]*$/im,
  /^(?:From|Von):[^\n]*\n(?:Sent|Gesendet|Date|Datum):/m,
];
const forwardMarkers = /^[ \t]*(?:-{2,}[ \t]*(?:Forwarded message|Weitergeleitete Nachricht)[ \t]*-{2,}|Begin forwarded message:|Anfang der weitergeleiteten Nachricht:)[ \t]*$/im;

/**
 * The end of the newest message of a reply: the text before its quoted older messages. The header block
 * the e-mail reader puts first ("From: … Date: …") is not a quote, so the search begins after it.
 */
export function newestMessageEnd(text: string): number {
  const bodyStart = /^(?:From|Date|Subject):/.test(text) ? Math.max(0, text.indexOf('\n\n')) : 0;
  const body = text.slice(bodyStart);
  let end = text.length;
  for (const re of quoteStarts) {
    const m = re.exec(body);
    if (m && m.index > 0) end = Math.min(end, bodyStart + m.index);
  }
  const forward = forwardMarkers.exec(body);
  // a forwarded letter is the letter: what stands above it is only the forwarder's note
  if (forward && bodyStart + forward.index <= end) return text.length;
  return end;
}

/**
 * The header block of a forwarded message: its Date line ("Date:", "Datum:", "Sent:", "Gesendet:"), the
 * day the letter was sent rather than forwarded, and its From line, the letter's real sender.
 */
export function forwardedHeader(text: string): { sent: string | null; from: string | null } | null {
  const forward = forwardMarkers.exec(text);
  if (!forward) return null;
  const block = text.slice(forward.index + forward[0].length, forward.index + forward[0].length + 800).replace(/^\s+/, '').split('\n\n')[0] ?? '';
  const field = (names: string) => new RegExp(String.raw`^[ \t]*(?:${names})[ \t]*:[ \t]*(\S[^\n]*)$`, 'im').exec(block);
  const sent = field('Date|Datum|Sent|Gesendet');
  const from = field('From|Von');
  return { sent: sent ? sent[0].trim() : null, from: from ? from[1]!.trim() : null };
}
