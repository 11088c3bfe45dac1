import { lineAt, snippetAt } from './letter-text.normalize.ts';

export type FoundAmount = { amount: string; currency: string; evidence: string };

// Symbols and codes people write next to a sum, mapped to ISO 4217.
const currencyWords: [RegExp, string][] = [
  [/^(€|eur|euro|euros)$/i, 'EUR'],
  [/^(us\$|usd|us-dollar|dollars?|\$)$/i, 'USD'],
  [/^(£|gbp|pounds?)$/i, 'GBP'],
  [/^(chf|fr\.|sfr\.?)$/i, 'CHF'],
  [/^(c\$|cad)$/i, 'CAD'],
  [/^(a\$|aud)$/i, 'AUD'],
];
const currencyToken = String.raw`€|EUR|Euro|Euros|US\$|USD|US-Dollar|Dollars?|\$|£|GBP|CHF|SFr\.?|C\$|CAD|A\$|AUD`;
// 1.234,56 · 1,234.56 · 1'234.50 · 450 · 450,- · 450.00 (the grouped form first, so "1.234" is not read as 1)
const numberToken = String.raw`\d{1,3}(?:[.,'’]\d{3})+(?:[.,]\d{1,2})?|\d{1,7}(?:[.,]\d{1,2})?`;
const amountPattern = new RegExp(
  String.raw`(?:(?<![\p{L}\p{N}+/])(?<cur1>${currencyToken}) ?(?<num1>${numberToken})(?![\p{L}\d])|(?<![\p{L}\d.,+/])(?<num2>${numberToken})(?:[.,]-{1,2})? ?(?<cur2>${currencyToken})(?![\p{L}\p{N}]))`,
  'giu',
);

/** "1.234,56", "1,234.56", "1'234.50", "450,-" as a decimal string with two places, or null. */
export function readNumber(raw: string): string | null {
  const text = raw.replace(/[.,]-+$/, '');
  const separators = [...text.matchAll(/[.,'’]/g)].map((m) => ({ char: m[0], index: m.index }));
  let integer = text;
  let fraction = '';
  const last = separators.at(-1);
  if (last) {
    const digitsAfter = text.length - last.index - 1;
    const mixed = new Set(separators.map((s) => s.char)).size > 1;
    // the last separator is the decimal mark when another kind precedes it, or when it has 1–2 digits after it
    if ((mixed || digitsAfter !== 3) && last.char !== "'" && last.char !== '’' && digitsAfter <= 2) {
      integer = text.slice(0, last.index);
      fraction = text.slice(last.index + 1);
      if (integer.includes(last.char)) return null; // "1.2.3": a decimal mark appears once
    }
  }
  const digits = integer.replace(/[.,'’]/g, '');
  if (!/^\d{1,9}$/.test(digits) || !/^\d{0,2}$/.test(fraction)) return null;
  const value = `${BigInt(digits)}.${fraction.padEnd(2, '0')}`;
  return value === '0.00' ? null : value;
}

function currencyOf(token: string): string | null {
  return currencyWords.find(([re]) => re.test(token.trim()))?.[1] ?? null;
}

// Lines that hold the sum asked for, strongest first; and sums that are only threats or examples.
const totalWords = /(gesamt|insgesamt|summe|total|zahlbetrag|endbetrag|vergleichsbetrag|gesamtforderung|settlement amount|settle|amount due|balance due|zu zahlen)/i;
const demandWords = /(in höhe von|betrag|forderung|lizenzgebühr|nachlizenzierung|amount|fee|pay|zahlen|offer|angebot|license|licence|lizenz)/i;
// and sums the letter no longer asks for ("EUR 890.00 (instead of EUR 1,050.00)")
const notDemanded = /(bis zu|up to|maximum|höchstens|statutory damages of|streitwert|gegenstandswert|mindestens|at least|instead of|rather than|statt|anstatt|anstelle von|previously|originally|ursprünglich)[^\n]{0,15}$/i;

/**
 * The sum the letter asks for: an amount on a "total" line first, then one on a line that asks for payment,
 * then the largest; amounts named as possible damages ("up to $150,000") are never proposed.
 */
export function findAmount(text: string): FoundAmount | null {
  const candidates: (FoundAmount & { score: number; value: number })[] = [];
  amountPattern.lastIndex = 0;
  for (let m = amountPattern.exec(text); m; m = amountPattern.exec(text)) {
    const g = m.groups ?? {};
    const currency = currencyOf(g.cur1 ?? g.cur2 ?? '');
    const amount = readNumber(g.num1 ?? g.num2 ?? '');
    if (!currency || !amount) continue;
    const { line, start } = lineAt(text, m.index);
    const lead = line.slice(0, m.index - start);
    if (notDemanded.test(lead)) continue;
    // a sum on a line of its own takes its label from the line above ("Gesamtbetrag:\n615,00 EUR")
    const label = lead.trim() ? lead : lineAt(text, Math.max(0, start - 1)).line;
    const score = totalWords.test(label) ? 2 : demandWords.test(label) ? 1 : 0;
    candidates.push({ amount, currency, evidence: snippetAt(text, m.index, m[0].length), score, value: Number(amount) });
  }
  candidates.sort((a, b) => b.score - a.score || b.value - a.value);
  const best = candidates[0];
  return best ? { amount: best.amount, currency: best.currency, evidence: best.evidence } : null;
}
