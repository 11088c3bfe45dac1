import { snippetAt } from './letter-text.normalize.ts';

// Labels under which senders print their own reference, most specific first. "Ihr Zeichen" / "Your reference"
// is the recipient's own reference and is skipped; "Ihr Fall" / "your case" (Copytrack: "Ihr Fall: 123456")
// is the case the sender opened about the recipient, so it is the sender's.
const labels = [
  String.raw`ihr fall|ihre fallnummer|ihre fall-nr\.?|your case(?: number| no\.?| id)?`,
  String.raw`aktenzeichen|az\.|fallnummer|fall-nr\.?|fall nr\.?|fall-id|vorgangsnummer|vorgangs-nr\.?|schadennummer`,
  String.raw`case[ -]id|case number|case no\.?|case ref(?:erence)?|case #|claim number|claim no\.?|claim id|claim reference|claim #|file no\.?|file number|matter no\.?|our file`,
  String.raw`referenznummer|referenz-nr\.?|unsere referenz|unser zeichen|reference number|reference no\.?|reference id|our ref(?:erence)?\.?|reference|referenz|ref\.|ticket(?: number| no\.?| id)?`,
  String.raw`case|claim|fall|vorgang`,
];
/** A German court or law-firm file number has spaces ("12 O 345/24"); any other reference is one token. */
const value = String.raw`(\d{1,4} [A-Z]{1,4} \d{1,6}/\d{2,4}(?![\p{L}\d])|[A-Z0-9][A-Z0-9\-/_.#]{2,39})`;
// The value may stand on the next line (a letterhead table, "Ihr Fall:⏎123456"): after a colon for any
// label, without one only for a specific label (the bare "case" or "Fall" ends many a line of prose).
const generic = labels.length - 1;
const labelPatterns = labels.map((group, i) => {
  const gap = i < generic ? String.raw`[ \t]*(?:\r?\n[ \t]*)?` : String.raw`[ \t]*`;
  return new RegExp(
    String.raw`(?<![\p{L}])(?<!(?:ihr|ihre|your|ihrem|ihren) )(?:${group})(?![\p{L}])[ \t]*(?:[:#]|no\.?|nr\.?|number|nummer)?[ \t]*(?:[:#][ \t]*(?:\r?\n[ \t]*)?|${gap})${value}`,
    'giu',
  );
});

/**
 * The sender's reference for the case ("Aktenzeichen: CT-4711", "Case ID: PX-1234", "[Claim #9876]"): the
 * value after the most specific label that has one. A reference has a digit in it, so "Reference: your letter" is no match.
 */
export function findCaseRef(text: string): { value: string; evidence: string } | null {
  for (const pattern of labelPatterns) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const ref = m[1]!.replace(/[.\-/_#]+$/, '');
      if (ref.length < 4 || !/\d/.test(ref) || /^\d{1,2}[./]\d{1,2}[./]\d{2,4}$/.test(ref)) continue;
      return { value: ref, evidence: snippetAt(text, m.index, m[0].length) };
    }
  }
  return null;
}
