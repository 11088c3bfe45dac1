/** The most text a letter is read to; a real letter is a few thousand characters, pasted text is capped at 200,000. */
export const maxLetterChars = 200_000;

/**
 * One spelling of the same text whatever it came from: LF line ends, plain spaces, no soft hyphens or
 * zero-width characters, NFC (a PDF may spell "ä" as "a" + combining diaeresis). Cut at maxLetterChars first,
 * so every later pattern runs over a bounded string.
 */
export function normalizeLetterText(raw: string): { text: string; truncated: boolean } {
  const truncated = raw.length > maxLetterChars;
  const text = (truncated ? raw.slice(0, maxLetterChars) : raw)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f\t\f\v]/g, ' ')
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '')
    .normalize('NFC')
    .replace(/[ ]+\n/g, '\n')
    .replace(/\n{4,}/g, '\n\n\n')
    .trim();
  return { text, truncated };
}

/** The line around a match, shortened to a readable snippet: the evidence shown next to a proposed field. */
export function snippetAt(text: string, index: number, length: number, maxChars = 160): string {
  const lineStart = lineStartOf(text, index);
  const lineEnd = lineEndOf(text, index + length);
  let start = lineStart;
  let end = lineEnd;
  if (end - start > maxChars) {
    const room = Math.max(0, maxChars - length);
    start = Math.max(lineStart, index - Math.floor(room / 2));
    end = Math.min(lineEnd, start + Math.max(maxChars, length));
  }
  const body = text.slice(start, end).trim().replace(/\s+/g, ' ');
  return `${start > lineStart ? '…' : ''}${body}${end < lineEnd ? '…' : ''}`;
}

// Context never reaches further than this from a match, so hostile text that is one huge line costs
// no more per match than a real line does.
const maxLineReach = 2_000;

function lineStartOf(text: string, index: number): number {
  const from = Math.max(0, index - maxLineReach);
  const at = text.slice(from, index).lastIndexOf('\n'); // searching a slice keeps the scan bounded
  return at === -1 ? from : from + at + 1;
}

function lineEndOf(text: string, index: number): number {
  const to = Math.min(text.length, index + maxLineReach);
  const at = text.slice(index, to).indexOf('\n');
  return at === -1 ? to : index + at;
}

/** The text of the line containing `index` (at most 2,000 characters either side of it). */
export function lineAt(text: string, index: number): { line: string; start: number } {
  const start = lineStartOf(text, index);
  return { line: text.slice(start, lineEndOf(text, index)), start };
}

/** Rough language guess from function words, used only to read ambiguous dates such as 03/04/2026. */
export function guessLanguage(text: string): 'de' | 'en' {
  const sample = text.slice(0, 20_000).toLowerCase();
  const count = (re: RegExp) => sample.match(re)?.length ?? 0;
  const de = count(/\b(und|der|die|das|sie|ihre|ihrer|bitte|wir|nicht|mit|für|zum|zur)\b/g);
  const en = count(/\b(and|the|you|your|please|we|not|with|for|to|of)\b/g);
  return de > en ? 'de' : 'en';
}

// A line that a mail client or a PDF broke in the middle of a sentence: it ends in a word or a comma
// (not a colon, which labels what follows, nor a full stop) and the next line goes on in lower case or
// with a number, or the line is as long as wrapped prose is.
const wrapEnd = /[\p{L}\p{N},;)–-]$/u;
const wrapStart = /^[\p{Ll}\p{N}(]/u;
const wrapWidth = 45;
// a line that ends in a preposition or an article always goes on ("remove it by" / "7 December 2026")
// a line that opens with a label ("Date:", "Fundstelle:", "Gesamtbetrag:") starts a field of its own
const labelLine = /^\p{Lu}[\p{L}()/*-]*(?: [\p{L}()/*-]+){0,3}:(?:\s|$)/u;
const wrapConnector = /(?:^|[ \t])(?:by|until|before|on|from|to|of|at|the|and|than|bis|zum|zur|am|vom|von|dem|den|der|die|das|und|spätestens)$/iu;

/**
 * The text with hard-wrapped lines joined ("remove it by\n7 December 2026" reads as one line), for the
 * rules that read a phrase and its date together. Each joining line end becomes one space, so every index
 * in the result is the same index in `text` and evidence can be cut from either.
 */
export function unwrapHardBreaks(text: string): string {
  const lines = text.split('\n');
  let out = '';
  for (const [i, line] of lines.entries()) {
    out += line;
    const next = lines[i + 1];
    if (next === undefined) break;
    const current = line.replace(/^[> ]+/, '').trimEnd();
    const following = next.replace(/^[> ]+/, '');
    const quoteDepth = (l: string) => /^[> ]*/.exec(l)![0].replace(/ /g, '').length;
    // a URL broken over two lines is joined without a space by the URL rule; a space here would cut it
    const endsInUrl = /^(?:https?:\/\/|www\.)/i.test(current.slice(current.lastIndexOf(' ') + 1));
    const joins = !endsInUrl && current.length > 0 && following.trim().length > 0 && quoteDepth(line) === quoteDepth(next) && wrapEnd.test(current) && !labelLine.test(following.trimStart()) && (wrapStart.test(following.trimStart()) || current.length >= wrapWidth || wrapConnector.test(current));
    out += joins ? ' ' : '\n';
  }
  return out;
}
