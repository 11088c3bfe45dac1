import { createHash } from 'node:crypto';
import type { UpdateClaimInput } from '@clearance/contracts';
import type { PrismaClient } from '@clearance/db';
import type { FastifyInstance } from 'fastify';
import { fromDbDate, toDbDate } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import type { Auth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { attachProofToClaim, storeClaimDocuments } from '../proofs/proofs.service.ts';
import { findVisibleClaim, lockClaim } from './claim-access.ts';
import { afterClaimChange, assertUsePeriod, claimUpdateData } from './claims.service.ts';
import { claimInclude, mapClaim } from './claims.mapper.ts';
import { parseClaimLetter } from './letters/letter.parse.ts';
import { LetterUnreadableError, type LetterContext, type LetterInput, type LetterProposal } from './letters/letter.types.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function propose(input: LetterInput, context: LetterContext): Promise<LetterProposal> {
  try {
    return await parseClaimLetter(input, context);
  } catch (error) {
    if (error instanceof LetterUnreadableError) throw new AppError('letter_unreadable', error.message, { reason: error.reason });
    throw error;
  }
}

function publicProposal(p: LetterProposal) {
  const { images: _images, text: _text, ...fields } = p;
  return { ...fields, evidence: fields.evidence as Record<string, string> };
}

/**
 * Reads a claim letter (e-mail, PDF or pasted text): keeps the file as the claim's letter, keeps
 * the images found in it as screenshots (the claim image), and proposes the case reference,
 * agency, amount, deadline, period of use and URLs it names for the user to confirm. Nothing on
 * the claim itself changes until the user applies the proposal (applyLetterProposal).
 */
export async function readClaimLetter(app: FastifyInstance, auth: Auth, claimId: string, letter: { filename: string; content: Buffer } | { text: string }) {
  const claim = await findVisibleClaim(app.prisma, auth, claimId);
  // "within 14 days" in a letter without a date counts from the day already on the claim
  const context: LetterContext = { claimReceivedOn: fromDbDate(claim.receivedOn) };
  if ('text' in letter) {
    const proposal = await propose({ text: letter.text }, context);
    return { letter: null, proposal: publicProposal(proposal), images: [] };
  }
  const proposal = await propose({ bytes: letter.content, filename: letter.filename }, context);
  // Only the images the letter reader kept are the claim image; logos and tracking pixels are filed as other attachments.
  const pictures = new Set(proposal.images.map((img) => sha256(img.bytes)));
  const stored = await attachProofToClaim(app, auth, claimId, { filename: letter.filename, content: letter.content, kind: 'claim_letter', note: null }, (a) => pictures.has(sha256(a.content)));
  const { attachments, ...letterProof } = stored;
  // An e-mail's image attachments were stored with it; a PDF's embedded images are stored here.
  const images = attachments.filter((a) => a.kind === 'screenshot');
  if (proposal.source === 'pdf' && proposal.images.length) {
    images.push(
      ...(await storeClaimDocuments(
        app,
        auth,
        claimId,
        proposal.images.map((img) => ({ filename: img.filename, content: img.bytes, kind: 'screenshot' as const, note: `Image in ${letter.filename}`, parentProofId: letterProof.id })),
      )),
    );
  }
  return { letter: letterProof, proposal: publicProposal(proposal), images };
}

/** "amount 615 EUR, deadlineOn 2026-11-17, …": what the timeline says was taken from the letter. */
function describeApplied(input: UpdateClaimInput): string {
  const parts = Object.entries(input).map(([field, value]) => `${field} ${Array.isArray(value) ? value.join(' ') || '(none)' : value === null ? '(cleared)' : String(value)}`);
  return `Fields applied from the letter: ${parts.join('; ')}`.slice(0, 10_000);
}

/**
 * Applies the confirmed letter proposal (as proposed or as the user edited it) to the claim in one
 * transaction, with one timeline event: "letter received" on the received day when the timeline has
 * none yet, else a note; either lists the fields applied.
 */
export async function applyLetterProposal(prisma: PrismaClient, auth: Auth, claimId: string, input: UpdateClaimInput) {
  return prisma.$transaction(async (tx) => {
    const before = await lockClaim(tx, auth, claimId);
    assertUsePeriod(input, before);
    // The letter-received event, if any, moves to a new received day; one is recorded below when there is none.
    const row = await afterClaimChange(tx, auth, before, await tx.claim.update({ where: { id: claimId }, data: claimUpdateData(input), include: claimInclude }), { recordReceived: false });
    const received = row.receivedOn && !(await tx.claimEvent.findFirst({ where: { claimId, type: 'letter_received' }, select: { id: true } }));
    await tx.claimEvent.create({
      data: { claimId, type: received ? 'letter_received' : 'note', at: received ? toDbDate(fromDbDate(row.receivedOn))! : new Date(), note: describeApplied(input), createdBy: auth.actor },
    });
    const claim = mapClaim(row);
    await recordAudit(tx, auth, { siteId: row.siteId, entityType: 'claim', entityId: claimId, action: 'letter_apply', before: mapClaim(before), after: claim });
    return claim;
  });
}
