import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { cleanText } from './pack-format.ts';
import type { PackInput, Stance } from './pack.types.ts';
import type { PdfFontChoice } from './pdf-fonts.ts';
import { renderRemovalCertificatePdf } from './removal-certificate.ts';
import { draftReply } from './reply-letter.ts';
import { renderClaimSummaryPdf } from './summary-pdf.ts';
import { extensionForMime, originOf, packFolders, proofFileName, ZipPaths } from './zip-paths.ts';

export type PackFileKind = 'summary' | 'reply_text' | 'reply_markdown' | 'claim_image' | 'proof' | 'snapshot_rendering' | 'matched_region' | 'removal_certificate';

export type PackFileEntry = {
  path: string;
  kind: PackFileKind;
  bytes: number;
  sha256: string;
  /** For proofs: which stored proof, under which original name; for renderings, the snapshot rendered. */
  proofId?: string;
  /** For proofs: ours (our-evidence/) or the claimant's (claimant-material/). */
  origin?: 'ours' | 'claimant';
  originalFilename?: string;
  /** For removal certificates and matched regions. */
  takedownId?: string;
  assetId?: string;
};

export type PackManifest = {
  format: 'clearance-claim-response-pack/2';
  generatedAt: string;
  claim: { id: string; caseRef: string | null };
  stance: Stance;
  auditHead: { seq: string; hash: string } | null;
  /** Every file of the ZIP except manifest.json itself, in ZIP order. */
  files: PackFileEntry[];
};

export const manifestPath = 'manifest.json';

/** A stored proof whose bytes no longer match its recorded SHA-256: the pack refuses to ship it. */
export class PackIntegrityError extends Error {
  constructor(
    readonly proofId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Proof ${proofId} does not match its recorded SHA-256 (expected ${expected}, read ${actual})`);
    this.name = 'PackIntegrityError';
  }
}

type PlannedEntry = { path: string; kind: PackFileKind; produce: () => Promise<Buffer>; meta?: Partial<PackFileEntry> };

/**
 * Every path in the ZIP, decided before anything is rendered, so the summary can say where each file
 * is: our evidence under our-evidence/<kind>/, the claimant's letter, screenshot and attachments
 * under claimant-material/, the enlarged matched regions under identification/.
 */
export function planPackPaths(input: PackInput) {
  const paths = new ZipPaths();
  for (const fixed of ['summary.pdf', 'reply.txt', 'reply.md', manifestPath]) paths.claim([fixed]);
  const claimImage = input.claimImage ? paths.claim([packFolders.claimant, `claim-image.${extensionForMime(input.claimImage.mimeType) ?? 'bin'}`]) : null;
  const proofs = new Map<string, string>();
  const renderings = new Map<string, string>();
  for (const proof of input.proofs) {
    const path = paths.claim([packFolders[originOf(proof)], proof.kind, proofFileName(proof.filename, proof.mimeType)]);
    proofs.set(proof.id, path);
    if (proof.rendering?.ok) renderings.set(proof.id, paths.claim([packFolders[originOf(proof)], proof.kind, `${path.split('/').pop()!.replace(/\.[^.]*$/, '')}.rendering.pdf`]));
  }
  const regions = new Map<string, string>();
  input.assets.forEach((asset, i) => {
    if (asset.matchedRegion) regions.set(asset.id, paths.claim([packFolders.identification, `asset-${i + 1}-matched-region.png`]));
  });
  const certificates = input.assets.flatMap((asset) => asset.takedowns.map((takedown) => ({ asset, takedown })));
  const certificatePaths = certificates.map((c, i) => ({ ...c, path: paths.claim([`removal-certificate-${i + 1}.pdf`]) }));
  return { claimImage, proofs, renderings, regions, certificates: certificatePaths };
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Already compressed formats are stored as they are; deflating them again only costs time. */
const storeOnly = (path: string) => /\.(jpe?g|png|webp|gif|heic|avif|zip|gz)$/i.test(path);

/**
 * The claim response pack as a streamed ZIP: summary.pdf, reply.txt, reply.md, our-evidence/<kind>/<name>
 * for our proofs (with <name>.rendering.pdf beside each rendered license-page snapshot),
 * claimant-material/ for the claimant's letter, screenshot (also as claim-image.<ext>) and attachments,
 * identification/asset-<n>-matched-region.png, removal-certificate-<n>.pdf for every takedown, and
 * manifest.json with the size and SHA-256 of every other file. Entries are produced one at a time as
 * the ZIP is consumed (yazl pulls each lazily), so at most one proof is in memory; `manifest` resolves
 * once the last byte was handed to the stream and rejects (and destroys the stream) on any failure,
 * including a proof whose bytes do not match its recorded SHA-256.
 */
export function createResponsePack(input: PackInput, options: { fonts?: PdfFontChoice } = {}): { stream: Readable; manifest: Promise<PackManifest> } {
  const plan = planPackPaths(input);
  const zip = new ZipFile();
  const mtime = input.generatedAt;
  const files: PackFileEntry[] = [];
  const reply = () => draftReply(input);

  const entries: PlannedEntry[] = [
    { path: 'summary.pdf', kind: 'summary', produce: () => renderClaimSummaryPdf(input, { fonts: options.fonts, proofPaths: plan.proofs, renderingPaths: plan.renderings, regionPaths: plan.regions }) },
    { path: 'reply.txt', kind: 'reply_text', produce: async () => Buffer.from(reply().text, 'utf8') },
    { path: 'reply.md', kind: 'reply_markdown', produce: async () => Buffer.from(reply().markdown, 'utf8') },
  ];
  if (input.claimImage && plan.claimImage) {
    const image = input.claimImage;
    entries.push({ path: plan.claimImage, kind: 'claim_image', produce: async () => image.bytes, meta: { originalFilename: cleanText(image.filename, { max: 255 }) } });
  }
  for (const proof of input.proofs) {
    entries.push({
      path: plan.proofs.get(proof.id)!,
      kind: 'proof',
      meta: { proofId: proof.id, origin: originOf(proof), originalFilename: cleanText(proof.filename, { max: 255 }) },
      produce: async () => {
        const bytes = await proof.read();
        const actual = sha256Of(bytes);
        if (actual !== proof.sha256.toLowerCase()) throw new PackIntegrityError(proof.id, proof.sha256, actual);
        return bytes;
      },
    });
    const rendering = proof.rendering;
    const renderingPath = plan.renderings.get(proof.id);
    if (rendering?.ok && renderingPath) entries.push({ path: renderingPath, kind: 'snapshot_rendering', meta: { proofId: proof.id }, produce: async () => rendering.pdf });
  }
  for (const asset of input.assets) {
    const region = asset.matchedRegion;
    const regionPath = plan.regions.get(asset.id);
    if (region && regionPath) entries.push({ path: regionPath, kind: 'matched_region', meta: { assetId: asset.id }, produce: async () => region.png });
  }
  for (const { asset, takedown, path } of plan.certificates) {
    entries.push({
      path,
      kind: 'removal_certificate',
      meta: { takedownId: takedown.id, assetId: asset.id },
      produce: () =>
        renderRemovalCertificatePdf(
          { generatedAt: input.generatedAt, takedown, asset: { id: asset.id, filename: asset.filename, title: asset.title }, site: asset.site, caseRef: input.claim.caseRef },
          { fonts: options.fonts },
        ),
    });
  }

  const manifestOf = (): PackManifest => ({
    format: 'clearance-claim-response-pack/2',
    generatedAt: input.generatedAt.toISOString(),
    claim: { id: input.claim.id, caseRef: input.claim.caseRef },
    stance: input.stance,
    auditHead: input.auditHead,
    files,
  });

  let settle!: { resolve: (m: PackManifest) => void; reject: (e: unknown) => void };
  const manifest = new Promise<PackManifest>((resolve, reject) => (settle = { resolve, reject }));
  // A rejection nobody awaits must not crash the process; callers that care await `manifest`.
  manifest.catch(() => {});

  const addLazy = (path: string, produce: () => Promise<Buffer>, onBytes: (bytes: Buffer) => void) => {
    zip.addReadStreamLazy(path, { mtime, mode: 0o100644, compress: !storeOnly(path) }, (cb) => {
      produce().then(
        (bytes) => {
          onBytes(bytes);
          cb(null, new PassThrough().end(bytes));
        },
        (error: unknown) => cb(error, undefined as never),
      );
    });
  };
  for (const entry of entries) {
    addLazy(entry.path, entry.produce, (bytes) => files.push({ path: entry.path, kind: entry.kind, bytes: bytes.length, sha256: sha256Of(bytes), ...entry.meta }));
  }
  // Produced last: by the time yazl asks for it, every other entry has been hashed.
  addLazy(manifestPath, async () => Buffer.from(`${JSON.stringify(manifestOf(), null, 2)}\n`, 'utf8'), () => {});
  zip.end();

  const stream = zip.outputStream as unknown as Readable;
  zip.on('error', (error: unknown) => {
    settle.reject(error);
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  stream.on('end', () => settle.resolve(manifestOf()));
  stream.on('error', (error) => settle.reject(error));
  // Destroyed by the consumer (a client that went away): no 'end' will come. Ignored once settled.
  stream.on('close', () => settle.reject(new Error('The response pack stream was closed before it was complete')));
  return { stream, manifest };
}

/** Streams the pack into `out` (a file, an HTTP response); resolves with the manifest when everything was written. */
export async function writeResponsePack(input: PackInput, out: NodeJS.WritableStream, options: { fonts?: PdfFontChoice } = {}): Promise<PackManifest> {
  const { stream, manifest } = createResponsePack(input, options);
  // Both settle before returning, so on failure `out` has already been destroyed; the pack's own error wins.
  const [piped, written] = await Promise.allSettled([pipeline(stream, out), manifest]);
  if (written.status === 'rejected') throw written.reason;
  if (piped.status === 'rejected') throw piped.reason;
  return written.value;
}
