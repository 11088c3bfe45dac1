import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import type { Auth } from '../../plugins/auth.ts';
import { attachProofToClaim, storeClaimDocuments } from '../proofs/proofs.service.ts';
import { findVisibleClaim } from './claim-access.ts';
import { parseClaimLetter } from './letters/letter.parse.ts';
import { LetterUnreadableError, type LetterInput, type LetterProposal } from './letters/letter.types.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function propose(input: LetterInput): Promise<LetterProposal> {
  try {
    return await parseClaimLetter(input);
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
 * agency, amount, deadline and URLs it names for the user to confirm. Nothing on the claim
 * itself changes until the user confirms.
 */
export async function readClaimLetter(app: FastifyInstance, auth: Auth, claimId: string, letter: { filename: string; content: Buffer } | { text: string }) {
  await findVisibleClaim(app.prisma, auth, claimId);
  if ('text' in letter) {
    const proposal = await propose({ text: letter.text });
    return { letter: null, proposal: publicProposal(proposal), images: [] };
  }
  const proposal = await propose({ bytes: letter.content, filename: letter.filename });
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
