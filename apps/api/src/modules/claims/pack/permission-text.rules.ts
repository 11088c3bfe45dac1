/** Sentences that grant or limit a permission, in English and German. */
const permissionWords =
  /\b(permission|permitted|permit|allowed?|may use|can use|free to use|happy for you to|feel free|go ahead|grant(?:ed)?|consent|licen[cs]e[sd]?|credit|attribution|editorial|erlaub\w*|genehmig\w*|gestatt\w*|dürfen|darfst|dürft|zustimm\w*|einverstanden|nutzungsrecht\w*|bildnachweis|quellenangabe|redaktionell\w*)\b/iu;

// A sentence ends at . ! or ? before a capital or a quote, but not after an initial ("J. Weiss") or a title ("Dr. Roth").
const sentenceEnd = /(?<=[.!?])(?<!(?:^|[\s("„“])(?:\p{L}|Dr|Mr|Mrs|Ms|Prof|Nr|St)\.)\s+(?=[\p{Lu}"„“(])/u;

const maxSentences = 4;
const maxSentenceChars = 400;

/**
 * The sentences of an e-mail that state the permission (and its conditions, such as a credit line),
 * quoted as written: quoted replies (`>` lines) and signatures below `-- ` are left out, since they
 * are not what the sender wrote in this message.
 */
export function permissionSentences(text: string | null | undefined): string[] {
  if (!text) return [];
  const own: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^--\s*$/.test(line)) break;
    if (/^\s*>/.test(line)) continue;
    own.push(line);
  }
  const paragraphs = own.join('\n').split(/\n\s*\n/);
  const sentences = paragraphs.flatMap((p) =>
    p
      .replace(/\s*\n\s*/g, ' ')
      .split(sentenceEnd)
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return sentences
    .filter((s) => permissionWords.test(s))
    .slice(0, maxSentences)
    .map((s) => ([...s].length > maxSentenceChars ? `${[...s].slice(0, maxSentenceChars).join('')}…` : s));
}
