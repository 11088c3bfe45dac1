import { findAgency } from './letter-agency.rules.ts';
import { findAmount } from './letter-amount.rules.ts';
import { findCaseRef } from './letter-case-ref.rules.ts';
import { addToDay, findDates, findDeadlineDate, findDeadlinePhrase, findLetterDate, findRelativeDeadline, type FoundDate } from './letter-dates.rules.ts';
import { readLetter } from './letter-input.read.ts';
import { findRightsHolder, findSignature, senderName } from './letter-rights-holder.rules.ts';
import { forwardedHeader, newestMessageEnd } from './letter-quotes.rules.ts';
import { guessLanguage, maxLetterChars, normalizeLetterText, snippetAt, unwrapHardBreaks } from './letter-text.normalize.ts';
import { findUsePeriod } from './letter-use-dates.rules.ts';
import { findInfringingUrls } from './letter-urls.rules.ts';
import type { LetterContext, LetterInput, LetterProposal } from './letter.types.ts';

export { LetterUnreadableError } from './letter.types.ts';
export type { LetterAgency, LetterContext, LetterImage, LetterInput, LetterProposal, LetterUnreadableReason } from './letter.types.ts';

/**
 * Reads a claim letter (an .eml message, a PDF, or pasted text; the kind is decided by the content) and proposes
 * the claim's fields for the user to confirm, with the images inside the letter as candidate claim screenshots.
 * Throws only LetterUnreadableError, for input no letter can be read from; anything else yields empty fields.
 */
export async function parseClaimLetter(input: LetterInput, context: LetterContext = {}): Promise<LetterProposal> {
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
    claimedUseFrom: null,
    claimedUseTo: null,
    infringingUrls: [],
    images: content.images,
    evidence: {},
    warnings,
  };
  const { evidence } = proposal;
  // Rules read the flowing text (hard wraps joined, same indices); each reads the newest message of a
  // reply first and the quoted older ones only for what the newest does not say.
  const flowing = unwrapHardBreaks(text);
  const newest = flowing.slice(0, newestMessageEnd(flowing));
  const newestFirst = <T>(rule: (t: string) => T | null): T | null => rule(newest) ?? (newest.length < flowing.length ? rule(flowing) : null);
  // a forwarded letter was sent by the sender in its own header block, not by whoever forwarded it
  const forwarded = forwardedHeader(flowing);
  const senders = forwarded?.from ? [forwarded.from] : content.senders;

  const agency = newestFirst((t) => findAgency(t, senders));
  if (agency) [proposal.agency, evidence.agency] = [agency.value, agency.evidence];

  const caseRef = newestFirst(findCaseRef);
  if (caseRef) [proposal.caseRef, evidence.caseRef] = [caseRef.value, caseRef.evidence];

  const holder = newestFirst(findRightsHolder) ?? (proposal.agency === 'rights_holder' ? newestFirst((t) => writerOf(t, senders)) : null);
  if (holder) [proposal.rightsHolder, evidence.rightsHolder] = [holder.value, holder.evidence];

  const amount = newestFirst(findAmount);
  if (amount) {
    [proposal.amount, proposal.currency] = [Number(amount.amount), amount.currency];
    evidence.amount = evidence.currency = amount.evidence;
  }

  const language = guessLanguage(text);
  const dates = (t: string) => findDates(t, language);
  const forwardedDay = forwarded?.sent ? dates(forwarded.sent)[0] : undefined;
  const letterDate = newestFirst((t) => findLetterDate(t, dates(t)));
  if (forwardedDay && forwarded?.sent) [proposal.receivedOn, evidence.receivedOn] = [forwardedDay.day, forwarded.sent];
  else if (content.sentOn) [proposal.receivedOn, evidence.receivedOn] = [content.sentOn, `Date: ${content.sentHeader ?? content.sentOn}`];
  else if (letterDate) [proposal.receivedOn, evidence.receivedOn] = [letterDate.value, letterDate.evidence];

  readDeadline(proposal, newestFirst, dates, context);

  const use = newestFirst((t) => {
    const period = findUsePeriod(t, dates(t));
    return period.from || period.to ? period : null;
  });
  if (use?.from) [proposal.claimedUseFrom, evidence.claimedUseFrom] = [use.from.value, use.from.evidence];
  if (use?.to) [proposal.claimedUseTo, evidence.claimedUseTo] = [use.to.value, use.to.evidence];

  const urls = newestFirst((t) => findInfringingUrls(t, senders));
  if (urls) [proposal.infringingUrls, evidence.infringingUrls] = [urls.value, urls.evidence];

  return proposal;
}

/**
 * A deadline named with its date, else "within N days" counted from the letter's own date or, when the
 * letter has none, from the day already on the claim (the evidence says which); a deadline phrase whose
 * date cannot be read is a warning rather than nothing.
 */
function readDeadline(proposal: LetterProposal, newestFirst: <T>(rule: (t: string) => T | null) => T | null, dates: (t: string) => FoundDate[], context: LetterContext) {
  const { evidence, warnings } = proposal;
  const deadline = newestFirst((t) => findDeadlineDate(t, dates(t), proposal.receivedOn));
  if (deadline) {
    [proposal.deadlineOn, evidence.deadlineOn] = [deadline.value, deadline.evidence];
    return;
  }
  const relative = newestFirst((t) => {
    const found = findRelativeDeadline(t);
    return found && { ...found, snippet: snippetAt(t, found.index, found.length) };
  });
  const from = proposal.receivedOn ? { day: proposal.receivedOn, what: "the letter's date" } : context.claimReceivedOn ? { day: context.claimReceivedOn, what: "the claim's received day" } : null;
  if (relative && from) {
    proposal.deadlineOn = addToDay(from.day, relative.days, relative.businessDays);
    evidence.deadlineOn = `${relative.snippet} (counted from ${from.what}, ${from.day})`;
  } else if (relative) {
    warnings.push('The letter gives its deadline in days but its date is unknown: enter the received date to compute it');
  } else {
    const phrase = newestFirst(findDeadlinePhrase);
    if (phrase) warnings.push(`The letter names a deadline but no date could be read from it: check "${phrase}" and enter the deadline`);
  }
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
