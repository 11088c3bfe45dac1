import type { ProofKind } from '@clearance/contracts';
import type { Prisma } from '@clearance/db';
import type { FastifyInstance } from 'fastify';
import { recordBlob } from '../../lib/blob-rows.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { readVerifiedBlob } from '../../lib/read-verified-blob.ts';
import { OutboundBlockedError, OutboundFailedError, outboundFetch } from '../../lib/outbound-fetch.ts';
import { siteScope } from '../../lib/scope.ts';
import type { Auth } from '../../plugins/auth.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { refreshCoverage } from '../coverage/coverage.service.ts';
import { assetIdsOf } from '../licenses/licenses.service.ts';
import { EmailParseError, parseEmail } from './content/email.parse.ts';
import { checkFilename, classifyContent } from './content/file-type.rules.ts';
import { mapProof } from './proofs.mapper.ts';

export type IncomingDocument = { filename: string; content: Buffer; kind: ProofKind; note?: string | null };

/** A document that passed the checks, ready to store. */
type Accepted = { filename: string; mimeType: string; content: Buffer; details: Record<string, unknown> | null; attachments: Accepted[] };

const maxEmailTextChars = 100_000;

/** Name and content checks; throws the matching 4xx. Type is decided by content, never by the name. */
async function accept(filename: string, content: Buffer): Promise<{ filename: string; mimeType: string; extension: string }> {
  const name = checkFilename(filename);
  if (!name.ok) throw new AppError(name.rejection.code, name.rejection.detail);
  const classified = await classifyContent(content, name.name);
  if (!classified.ok) throw new AppError(classified.rejection.code, classified.rejection.detail);
  return { filename: name.name, mimeType: classified.type.mimeType, extension: classified.type.extension };
}

/** An e-mail is stored with its parsed headers and body; each acceptable attachment becomes a proof of its own. */
async function acceptDocument(doc: { filename: string; content: Buffer }): Promise<Accepted> {
  const { filename, mimeType } = await accept(doc.filename, doc.content);
  if (mimeType !== 'message/rfc822') return { filename, mimeType, content: doc.content, details: null, attachments: [] };
  let email;
  try {
    email = await parseEmail(doc.content);
  } catch (error) {
    if (error instanceof EmailParseError) throw new AppError('invalid_email', error.message);
    throw error;
  }
  const attachments: Accepted[] = [];
  const skipped: { filename: string; reason: string }[] = [];
  for (const attachment of email.attachments) {
    try {
      const accepted = await accept(attachment.filename, attachment.content);
      attachments.push({ filename: accepted.filename, mimeType: accepted.mimeType, content: attachment.content, details: { fromEmail: true, contentId: attachment.contentId }, attachments: [] });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({ filename: attachment.filename, reason: error.code });
    }
  }
  const { attachments: _attachments, text, ...headers } = email;
  return {
    filename,
    mimeType,
    content: doc.content,
    details: {
      email: { ...headers, text: text.length > maxEmailTextChars ? `${text.slice(0, maxEmailTextChars)}…` : text },
      ...(skipped.length ? { skippedAttachments: skipped } : {}),
    },
    attachments,
  };
}

/** The note an attachment is stored with, naming the document it came in (readers may replace it with their own wording). */
export const attachmentNote = (parentFilename: string) => `Attachment of ${parentFilename}`;

/** Checked before a form is read, so nothing is buffered for a license the caller cannot see. */
export async function assertLicenseVisible(app: FastifyInstance, auth: Auth, licenseId: string) {
  await visibleLicense(app.prisma, auth, licenseId);
}

async function visibleLicense(db: Prisma.TransactionClient | FastifyInstance['prisma'], auth: Auth, licenseId: string) {
  const license = await db.license.findFirst({ where: { id: licenseId, ...siteScope(auth) }, select: { id: true, siteId: true } });
  if (!license) throw notFound('License', licenseId);
  return license;
}

/** Stores the document and its attachments; returns each one's hash. */
async function putAll(app: FastifyInstance, doc: Accepted, hashes = new Map<Accepted, string>()): Promise<Map<Accepted, string>> {
  hashes.set(doc, (await app.blobs.put(doc.content)).sha256);
  for (const attachment of doc.attachments) await putAll(app, attachment, hashes);
  return hashes;
}

/** What a proof belongs to: a license (evidence of the right) or a claim (its letter, screenshot, correspondence, receipt). */
export type ProofOwner = { licenseId: string } | { claimId: string };

async function visibleOwner(db: Prisma.TransactionClient | FastifyInstance['prisma'], auth: Auth, owner: ProofOwner) {
  if ('licenseId' in owner) return { ...(await visibleLicense(db, auth, owner.licenseId)), licenseId: owner.licenseId, claimId: null };
  const claim = await db.claim.findFirst({ where: { id: owner.claimId, ...siteScope(auth) }, select: { id: true, siteId: true } });
  if (!claim) throw notFound('Claim', owner.claimId);
  return { siteId: claim.siteId, licenseId: null, claimId: claim.id };
}

/**
 * Stores a document (and an e-mail's attachments) as proofs of a license or a claim. Blobs are
 * written first (content-addressed, so a failed transaction leaves at most an unreferenced blob);
 * the rows, the audit events and the coverage of the license's assets change in one transaction.
 */
async function storeProof(
  app: FastifyInstance,
  auth: Auth,
  owner: ProofOwner,
  doc: Accepted,
  meta: { kind: ProofKind; note?: string | null; parentProofId?: string | null; attachmentKind?: (d: Accepted) => ProofKind | null },
) {
  // Attachments that will not be kept (a letter's logos and tracking pixels) are not written to the blob store either.
  const keep = meta.attachmentKind;
  if (keep) doc = { ...doc, attachments: doc.attachments.filter((a) => keep(a) !== null) };
  const hashes = await putAll(app, doc);
  return app.prisma.$transaction(async (tx) => {
    const target = await visibleOwner(tx, auth, owner);
    const create = async (d: Accepted, kind: ProofKind, note: string | null, parentProofId: string | null) => {
      const bytes = BigInt(d.content.length);
      const sha256 = hashes.get(d)!;
      await recordBlob(tx, { sha256, bytes, mimeType: d.mimeType });
      const row = await tx.proof.create({
        data: {
          siteId: target.siteId,
          licenseId: target.licenseId,
          claimId: target.claimId,
          parentProofId,
          kind,
          sha256,
          filename: d.filename,
          mimeType: d.mimeType,
          bytes,
          note,
          details: (d.details ?? undefined) as Prisma.InputJsonValue | undefined,
          uploadedBy: auth.actor,
        },
      });
      const proof = mapProof(row);
      await recordAudit(tx, auth, { siteId: target.siteId, entityType: 'proof', entityId: row.id, action: 'create', after: proof });
      return proof;
    };
    const parent = await create(doc, meta.kind, meta.note ?? null, meta.parentProofId ?? null);
    const attachments = [];
    for (const attachment of doc.attachments) {
      const kind = meta.attachmentKind ? meta.attachmentKind(attachment) : 'other';
      if (kind) attachments.push(await create(attachment, kind, attachmentNote(doc.filename), parent.id));
    }
    if (target.licenseId) await refreshCoverage(tx, await assetIdsOf(tx, target.licenseId), app.config.expiryWarningDays);
    return { ...parent, attachments };
  });
}

export async function attachProofToLicense(app: FastifyInstance, auth: Auth, licenseId: string, incoming: IncomingDocument) {
  await visibleLicense(app.prisma, auth, licenseId);
  if (incoming.content.length === 0) throw new AppError('empty_file');
  const doc = await acceptDocument(incoming);
  return storeProof(app, auth, { licenseId }, doc, incoming);
}

/**
 * A claim's documents: the letter, the screenshot, correspondence, a receipt. Images that came
 * inside an e-mail are kept as screenshots (what the claimant says was used) unless told otherwise;
 * an image the caller says is not a screenshot (a letter's logo, signature or tracking pixel) is the
 * claimant's decoration, not evidence, and is not stored at all. Other attachments are kept as `other`.
 */
export async function attachProofToClaim(
  app: FastifyInstance,
  auth: Auth,
  claimId: string,
  incoming: IncomingDocument,
  isScreenshot: (attachment: { mimeType: string; content: Buffer }) => boolean = (a) => a.mimeType.startsWith('image/'),
) {
  await visibleOwner(app.prisma, auth, { claimId });
  if (incoming.content.length === 0) throw new AppError('empty_file');
  const doc = await acceptDocument(incoming);
  return storeProof(app, auth, { claimId }, doc, { ...incoming, attachmentKind: (d) => (isScreenshot(d) ? 'screenshot' : d.mimeType.startsWith('image/') ? null : 'other') });
}

/** Claim documents that are not files: images found inside a PDF letter, stored as its attachments. */
export async function storeClaimDocuments(
  app: FastifyInstance,
  auth: Auth,
  claimId: string,
  docs: { filename: string; content: Buffer; kind: ProofKind; note: string | null; parentProofId: string | null }[],
) {
  const stored = [];
  for (const d of docs) {
    let checked;
    try {
      checked = await accept(d.filename, d.content);
    } catch (error) {
      if (!(error instanceof AppError)) throw error; // an unacceptable image is skipped, not fatal
      continue;
    }
    const doc: Accepted = { filename: checked.filename, mimeType: checked.mimeType, content: d.content, details: null, attachments: [] };
    stored.push(await storeProof(app, auth, { claimId }, doc, d));
  }
  return stored;
}

/** Fetches a license page (e.g. an Unsplash or NASA terms page) and keeps it as evidence of what it said that day. */
export async function snapshotLicensePage(
  app: FastifyInstance,
  auth: Auth,
  licenseId: string,
  input: { url: string; kind?: ProofKind; note?: string },
) {
  await visibleLicense(app.prisma, auth, licenseId);
  let page;
  try {
    page = await outboundFetch(input.url, {
      maxBytes: app.config.outboundMaxBytes,
      timeoutMs: app.config.outboundTimeoutMs,
      allowPrivateHosts: app.config.outboundAllowPrivateHosts,
    });
  } catch (error) {
    if (error instanceof OutboundBlockedError) throw new AppError('outbound_blocked', error.message);
    if (error instanceof OutboundFailedError) throw new AppError('fetch_failed', error.message);
    throw error;
  }
  if (page.status >= 400) throw new AppError('fetch_failed', `${page.finalUrl} answered ${page.status}`);
  const host = new URL(page.finalUrl).hostname.replace(/[^a-z0-9.-]/gi, '_');
  const stamp = page.fetchedAt.toISOString().replace(/[:.]/g, '-');
  // Named after what the content is: usually HTML, sometimes a PDF of the terms or an image.
  const basename = `snapshot-${host}-${stamp}`;
  const { mimeType, extension } = await accept(basename, page.body);
  const doc: Accepted = {
    filename: `${basename}.${extension}`,
    mimeType,
    content: page.body,
    details: {
      snapshot: {
        url: page.url,
        finalUrl: page.finalUrl,
        status: page.status,
        fetchedAt: page.fetchedAt.toISOString(),
        contentType: page.headers['content-type'] ?? null,
      },
    },
    attachments: [],
  };
  return storeProof(app, auth, { licenseId }, doc, { kind: input.kind ?? 'license_page_snapshot', note: input.note ?? null });
}

export async function listLicenseProofs(app: FastifyInstance, auth: Auth, licenseId: string) {
  await visibleLicense(app.prisma, auth, licenseId);
  const rows = await app.prisma.proof.findMany({ where: { licenseId, deletedAt: null }, orderBy: { createdAt: 'asc' } });
  return rows.map(mapProof);
}

async function visibleProof(db: Prisma.TransactionClient | FastifyInstance['prisma'], auth: Auth, id: string) {
  const row = await db.proof.findFirst({ where: { id, deletedAt: null, ...siteScope(auth) } });
  if (!row) throw notFound('Proof', id);
  return row;
}

export async function getProof(app: FastifyInstance, auth: Auth, id: string) {
  const row = await visibleProof(app.prisma, auth, id);
  const attachments = await app.prisma.proof.findMany({ where: { parentProofId: id, deletedAt: null }, orderBy: { createdAt: 'asc' } });
  return { ...mapProof(row), attachments: attachments.map(mapProof) };
}

/** The stored bytes, verified against their hash before anything is sent. */
export async function readProofContent(app: FastifyInstance, auth: Auth, id: string) {
  const row = await visibleProof(app.prisma, auth, id);
  return { proof: mapProof(row), content: await readVerifiedBlob(app, row.sha256) };
}

/** Withdraws a proof (it was attached by mistake). The row and its blob stay, marked deleted, for the record. */
export async function deleteProof(app: FastifyInstance, auth: Auth, id: string) {
  return app.prisma.$transaction(async (tx) => {
    const row = await visibleProof(tx, auth, id);
    const deleted = await tx.proof.update({ where: { id }, data: { deletedAt: new Date() } });
    await recordAudit(tx, auth, { siteId: row.siteId, entityType: 'proof', entityId: id, action: 'delete', before: mapProof(row) });
    if (row.licenseId) {
      await refreshCoverage(tx, await assetIdsOf(tx, row.licenseId), app.config.expiryWarningDays);
    }
    return mapProof(deleted);
  });
}
