import { findAgency } from './letter-agency.rules.ts';
import { findAmount } from './letter-amount.rules.ts';
import { findCaseRef } from './letter-case-ref.rules.ts';
import { addToDay, findDates, findDeadlineDate, findLetterDate, findRelativeDeadline } from './letter-dates.rules.ts';
import { readLetter } from './letter-input.read.ts';
import { findRightsHolder, findSignature, senderName } from './letter-rights-holder.rules.ts';
import { guessLanguage, maxLetterChars, normalizeLetterText, snippetAt } from './letter-text.normalize.ts';
import { findInfringingUrls } from './letter-urls.rules.ts';
import type { LetterInput, LetterProposal } from './letter.types.ts';

export { LetterUnreadableError } from './letter.types.ts';
export type { LetterAgency, LetterImage, LetterInput, LetterProposal, LetterUnreadableReason } from './letter.types.ts';

/**
 * Reads a claim letter (an .eml message, a PDF, or pasted text; the kind is decided by the content) and proposes
 * the claim's fields for the user to confirm, with the images inside the letter as candidate claim screenshots.
 * Throws only LetterUnreadableError, for input no letter can be read from; anything else yields empty fields.
 */
export async function parseClaimLetter(input: LetterInput): Promise<LetterProposal> {
  const content = await readLetter(input);
  const { text, truncated } = normalizeLetterText(content.text);
  const warnings = [...content.warnings];
  if (truncated) warnings.push(`The letter is longer than ${maxLetterChars} characters; only the beginning was read`);

  const proposal: LetterProposal = {
    source: content.source,
    text,
    agency: null,
    caseRef: null,
    rightsHolder: null,
    amount: null,
    currency: null,
    deadlineOn: null,
    receivedOn: null,
    infringingUrls: [],
    images: content.images,
    evidence: {},
    warnings,
  };
  const { evidence } = proposal;

  const agency = findAgency(text, content.senders);
  if (agency) [proposal.agency, evidence.agency] = [agency.value, agency.evidence];

  const caseRef = findCaseRef(text);
  if (caseRef) [proposal.caseRef, evidence.caseRef] = [caseRef.value, caseRef.evidence];

  const holder = findRightsHolder(text) ?? (proposal.agency === 'rights_holder' ? writerOf(text, content.senders) : null);
  if (holder) [proposal.rightsHolder, evidence.rightsHolder] = [holder.value, holder.evidence];

  const amount = findAmount(text);
  if (amount) {
    [proposal.amount, proposal.currency] = [amount.amount, amount.currency];
    evidence.amount = evidence.currency = amount.evidence;
  }

  const dates = findDates(text, guessLanguage(text));
  const letterDate = findLetterDate(text, dates);
  if (content.sentOn) [proposal.receivedOn, evidence.receivedOn] = [content.sentOn, `Date: ${content.sentHeader ?? content.sentOn}`];
  else if (letterDate) [proposal.receivedOn, evidence.receivedOn] = [letterDate.value, letterDate.evidence];

  const deadline = findDeadlineDate(text, dates, proposal.receivedOn);
  const relative = deadline ? null : findRelativeDeadline(text);
  if (deadline) [proposal.deadlineOn, evidence.deadlineOn] = [deadline.value, deadline.evidence];
  else if (relative && proposal.receivedOn) {
    proposal.deadlineOn = addToDay(proposal.receivedOn, relative.days, relative.businessDays);
    evidence.deadlineOn = `${snippetAt(text, relative.index, relative.length)} (counted from ${proposal.receivedOn})`;
  } else if (relative) warnings.push('The letter gives its deadline in days but its date is unknown: enter the received date to compute it');

  const urls = findInfringingUrls(text, content.senders);
  if (urls) [proposal.infringingUrls, evidence.infringingUrls] = [urls.value, urls.evidence];

  return proposal;
}

/** A photographer writing in person signs the letter; the e-mail's sender name is the fallback. */
function writerOf(text: string, senders: string[]): { value: string; evidence: string } | null {
  const signed = findSignature(text);
  if (signed) return signed;
  for (const sender of senders) {
    const name = senderName(sender);
    if (name) return { value: name, evidence: `From: ${sender}` };
  }
  return null;
}
