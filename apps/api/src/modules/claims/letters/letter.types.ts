/** Who sent the letter: one of the agencies Clearance knows, the rights holder in person, or someone else (a law firm, a stock agency). */
export type LetterAgency = 'copytrack' | 'pixsy' | 'picrights' | 'higbee' | 'rights_holder' | 'other';

export type LetterInput = { bytes: Buffer; filename?: string } | { text: string };

export type LetterImage = { filename: string; mimeType: 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif'; bytes: Buffer; width: number; height: number };

export type ProposedField = 'agency' | 'caseRef' | 'rightsHolder' | 'amount' | 'currency' | 'deadlineOn' | 'receivedOn' | 'claimedUseFrom' | 'claimedUseTo' | 'infringingUrls';

/** What is already known of the claim the letter belongs to. */
export type LetterContext = {
  /** YYYY-MM-DD: the claim's received day, from which "within 14 days" counts when the letter has no date */
  claimReceivedOn?: string | null;
};

/** Fields found in a claim letter, for the user to confirm; every field may be null when the letter does not say. */
export type LetterProposal = {
  source: 'email' | 'pdf' | 'text';
  /** the letter as plain text (e-mail: a From/Date/Subject block, then the body and the text of attached PDFs) */
  text: string;
  agency: LetterAgency | null;
  caseRef: string | null;
  rightsHolder: string | null;
  /** the sum asked for, as the claim stores it (two decimal places) */
  amount: number | null;
  /** ISO 4217 */
  currency: string | null;
  /** YYYY-MM-DD: a date named as the deadline, or "within N days" counted from receivedOn (else the claim's received day) */
  deadlineOn: string | null;
  /** YYYY-MM-DD: the e-mail's Date header, else the date the letter is dated */
  receivedOn: string | null;
  /** YYYY-MM-DD: the first day of the use the letter names ("first detected …", "since at least …", "between … and …") */
  claimedUseFrom: string | null;
  /** YYYY-MM-DD: the last day of that use, when the letter names one ("… to …", "last seen …") */
  claimedUseTo: string | null;
  /** pages and files on the recipient's site named in the letter; never the sender's own portal or payment links */
  infringingUrls: string[];
  /** screenshots and photos in the letter, without logos and tracking pixels; PDF images are converted to PNG */
  images: LetterImage[];
  /** for each proposed field, the line of the letter it was read from */
  evidence: Partial<Record<ProposedField, string>>;
  /** what the user should know: no text layer, a relative deadline without a letter date, text cut short */
  warnings: string[];
};

export type LetterUnreadableReason = 'empty' | 'too_large' | 'not_a_letter' | 'unreadable_pdf' | 'unreadable_email';

/**
 * The only error parseClaimLetter throws: the input is not something a letter can be read from.
 * The route maps it to the `letter_unreadable` problem (422); `reason` says which case it was.
 */
export class LetterUnreadableError extends Error {
  override name = 'LetterUnreadableError';
  constructor(
    readonly reason: LetterUnreadableReason,
    detail: string,
  ) {
    super(detail);
  }
}
