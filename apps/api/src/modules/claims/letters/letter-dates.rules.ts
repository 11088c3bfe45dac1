import { lineAt, snippetAt } from './letter-text.normalize.ts';

export type FoundDate = { day: string; index: number; length: number };
type Found<T> = { value: T; evidence: string } | null;

const months: Record<string, number> = {
  jan: 1, januar: 1, jänner: 1, january: 1, feb: 2, februar: 2, february: 2, mär: 3, märz: 3, maerz: 3, mar: 3, march: 3,
  apr: 4, april: 4, mai: 5, may: 5, jun: 6, juni: 6, june: 6, jul: 7, juli: 7, july: 7, aug: 8, august: 8,
  sep: 9, sept: 9, september: 9, okt: 10, oktober: 10, oct: 10, october: 10, nov: 11, november: 11,
  dez: 12, dezember: 12, dec: 12, december: 12,
};
const monthNames = Object.keys(months).sort((a, b) => b.length - a.length).join('|');

// Each pattern is anchored on digits or a month name and has no nested repetition, so it stays linear on long text.
const patterns: { re: RegExp; read: (m: RegExpExecArray, language: 'de' | 'en') => [number, number, number] | null }[] = [
  { re: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, read: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  { re: /\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b/g, read: (m) => [year(m[3]!), +m[2]!, +m[1]!] },
  { re: new RegExp(`\\b(\\d{1,2})(?:\\.|st|nd|rd|th)?\\s?(?:of\\s)?(${monthNames})\\.?,?\\s(\\d{4})\\b`, 'giu'), read: (m) => [+m[3]!, months[m[2]!.toLowerCase()]!, +m[1]!] },
  { re: new RegExp(`\\b(${monthNames})\\.?\\s(\\d{1,2})(?:st|nd|rd|th)?,?\\s(\\d{4})\\b`, 'giu'), read: (m) => [+m[3]!, months[m[1]!.toLowerCase()]!, +m[2]!] },
  {
    // 03/04/2026: day first unless a part cannot be a month, or the letter is in English (US style)
    re: /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g,
    read: (m, language) => {
      const a = +m[1]!;
      const b = +m[2]!;
      const monthFirst = a > 12 ? false : b > 12 ? true : language === 'en';
      return monthFirst ? [+m[3]!, a, b] : [+m[3]!, b, a];
    },
  },
];

function year(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function isoDay(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null; // 31 April and the like
  return date.toISOString().slice(0, 10);
}

/** Every date written in the text, in order; overlapping readings keep the earliest, longest one. */
export function findDates(text: string, language: 'de' | 'en'): FoundDate[] {
  const found: FoundDate[] = [];
  for (const { re, read } of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const parts = read(m, language);
      const day = parts && isoDay(...parts);
      if (day) found.push({ day, index: m.index, length: m[0].length });
    }
  }
  found.sort((a, b) => a.index - b.index || b.length - a.length);
  // Sorted by start, a reading overlaps an earlier one exactly when it starts before the furthest
  // end seen so far: one pass, so a letter that is nothing but dates stays linear.
  let reach = 0;
  return found.filter((f) => {
    const overlaps = f.index < reach;
    reach = Math.max(reach, f.index + f.length);
    return !overlaps;
  });
}

const deadlineWords =
  /(?:^|[^\p{L}])(fällig|frist|spätestens|zahlungsziel|bis zum|bis|deadline|due|no later than|on or before|payable|by|until|before|expires?|expiry|gültig bis|valid until|valid through)[^\p{L}\d]{0,3}(?:am |dem |zum |the |on )?$/iu;
const sentWords = /\b(datum|date|dated|sent|gesendet|versandt|letter of|schreiben vom)\b\s*:?\s*/i;
// dates that belong to the use, not to the letter
const eventWords = /(festgestellt|gefunden|entdeckt|dokumentiert|seit|since|found|detected|discovered|captured|recorded|first seen|screenshot|veröffentlicht|published|posted|uploaded|hochgeladen|erstellt|taken|aufgenommen|rechnung|invoice)/i;

/** The text before a date on its line, up to 80 characters: where "bis zum", "due", "Datum:" stand. */
function before(text: string, date: FoundDate): string {
  const { start } = lineAt(text, date.index);
  return text.slice(Math.max(start, date.index - 80), date.index);
}

/** A date named as the deadline (payment, reply, offer validity), the first one on or after the letter date. */
export function findDeadlineDate(text: string, dates: FoundDate[], receivedOn: string | null): Found<string> {
  for (const date of dates) {
    if (!deadlineWords.test(before(text, date))) continue;
    if (receivedOn && date.day < receivedOn) continue;
    return { value: date.day, evidence: snippetAt(text, date.index, date.length) };
  }
  return null;
}

/**
 * The date of the letter: a labelled one ("Datum:", "Date:", "Sent:") or one standing alone on its line
 * ("Berlin, 3. November 2026", "November 9, 2026"), never a deadline or the date a use was found.
 */
export function findLetterDate(text: string, dates: FoundDate[]): Found<string> {
  for (const date of dates) {
    const lead = before(text, date);
    if (deadlineWords.test(lead) || eventWords.test(lead)) continue;
    const { line, start } = lineAt(text, date.index);
    const rest = (line.slice(0, date.index - start) + line.slice(date.index - start + date.length)).trim();
    const labelled = sentWords.test(lead) && lead.trim().length <= 24;
    // what may stand beside the date on a letterhead date line: a place, a weekday, "den"
    const alone = /^[\p{L} .,()-]{0,30}$/u.test(rest) && !/\b(bis|by|until|before|due|on or)\b/i.test(rest);
    if (labelled || alone) return { value: date.day, evidence: snippetAt(text, date.index, date.length) };
  }
  return null;
}

const numberWords: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fourteen: 14, fifteen: 15, twenty: 20, 'twenty-one': 21, thirty: 30,
  ein: 1, einer: 1, eine: 1, zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10,
  zwölf: 12, vierzehn: 14, fünfzehn: 15, zwanzig: 20, einundzwanzig: 21, dreißig: 30, dreissig: 30,
};
const numberWordNames = Object.keys(numberWords).sort((a, b) => b.length - a.length).join('|');

const relativePattern = new RegExp(
  `\\b(?:within|in the next|innerhalb von|innerhalb|binnen|in den nächsten)\\s+(?:(${numberWordNames})\\s*)?(?:\\((\\d{1,3})\\)|(\\d{1,3}))?\\s*(calendar\\s+|business\\s+|working\\s+|kalender|werk|arbeits)?(days?|weeks?|tagen|tage|wochen|woche)\\b`,
  'giu',
);

/** "within 14 days", "within fourteen (14) business days", "innerhalb von zwei Wochen", counted from the letter date. */
export function findRelativeDeadline(text: string): { days: number; businessDays: boolean; index: number; length: number } | null {
  relativePattern.lastIndex = 0;
  for (let m = relativePattern.exec(text); m; m = relativePattern.exec(text)) {
    const count = m[2] ?? m[3] ? Number(m[2] ?? m[3]) : m[1] ? numberWords[m[1].toLowerCase()] : undefined;
    if (!count || count > 180) continue;
    const weeks = /^w/i.test(m[5]!);
    const business = !!m[4] && /^(business|working|werk|arbeits)/i.test(m[4]);
    return { days: weeks ? count * 7 : count, businessDays: business && !weeks, index: m.index, length: m[0].length };
  }
  return null;
}

export function addToDay(day: string, days: number, businessDays: boolean): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (!businessDays) {
    date.setUTCDate(date.getUTCDate() + days);
  } else {
    for (let left = days; left > 0; ) {
      date.setUTCDate(date.getUTCDate() + 1);
      const weekday = date.getUTCDay();
      if (weekday !== 0 && weekday !== 6) left--;
    }
  }
  return date.toISOString().slice(0, 10);
}

const headerMonths = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');

/**
 * The calendar day of an RFC 5322 Date header as the sender wrote it ("Tue, 3 Nov 2026 00:30 +0100" is
 * 3 November, though it is 2 November in UTC); null when the header is missing or unreadable.
 */
export function headerDay(value: string | null): string | null {
  const m = value && /\b(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{4})\b/i.exec(value);
  if (!m) return null;
  const month = headerMonths.indexOf(m[2]!.toLowerCase()) + 1;
  return month ? isoDay(Number(m[3]), month, Number(m[1])) : null;
}

// A deadline named in words: when one stands in the letter but no date was read for it, the user is told.
const deadlinePhrase =
  /(?:^|[^\p{L}])((?:pay(?:ment)?|respond|reply|remove (?:it|the (?:image|photo|picture))|take (?:it|the (?:image|photo)) down|settle)[^.\n]{0,40}\b(?:by|before|until|no later than)|deadline|no later than|on or before|zahlungsfrist|frist|spätestens|bis zum|zahlungsziel)(?=$|[^\p{L}])/imu;

/** The words of a deadline phrase ("remove it by", "Frist", "no later than"), or null when there is none. */
export function findDeadlinePhrase(text: string): string | null {
  const m = deadlinePhrase.exec(text);
  return m ? snippetAt(text, m.index, m[0].length) : null;
}
