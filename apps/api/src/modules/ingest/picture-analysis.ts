import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { recordBlob } from '../../lib/blob-rows.ts';
import { phashCatalogOf } from '../claims/matching/phash-catalog.ts';
import { decodeRaster } from './fingerprint/decode.ts';
import { fingerprintRaster, INDEX_SIDE, type Fingerprint } from './fingerprint/index.ts';
import type { Raster } from './fingerprint/raster.ts';
import { makeThumbnail, thumbnailFromRaster } from './thumbnail.ts';

declare module 'fastify' {
  interface FastifyInstance {
    pictures: PictureAnalysis;
  }
}

/** Marks a failed analysis in `metadata_error`, so that start-up does not retry it forever. */
const failurePrefix = 'fingerprint:';

/**
 * One decode (shrink-on-load, the expensive part) feeds both the fingerprint and the thumbnail.
 * A file too damaged to fingerprint may still give a thumbnail from a lenient decode.
 */
export async function fingerprintAndThumbnail(content: Buffer): Promise<{ fingerprint: Fingerprint | Error; thumbnail: Buffer | null }> {
  let raster: Raster;
  try {
    raster = await decodeRaster(content, INDEX_SIDE);
  } catch (error) {
    return { fingerprint: error as Error, thumbnail: await makeThumbnail(content).catch(() => null) };
  }
  return { fingerprint: fingerprintRaster(raster), thumbnail: await thumbnailFromRaster(raster).catch(() => null) };
}

type Pictures = Awaited<ReturnType<typeof fingerprintAndThumbnail>>;

/** Uploads held in memory for queued jobs, at most; past that a job reads its file back from the store. */
const heldFiles = 4;

/**
 * Decodes run at once, in arrival order. Two on a two-core machine: one decodes while the other's
 * thread is between steps (measured: 20 % more images per second than one at a time); at most four,
 * as each holds a decoded copy in memory.
 */
export const decodesAtOnce = Math.min(4, Math.max(2, availableParallelism()));

/**
 * The picture work of ingest — decoding the stored file for its perceptual hash and thumbnail —
 * as a queue beside the request. The upload is answered once the file is stored and the asset
 * recorded (what WordPress waits for); the decode then runs on sharp's threads while the next
 * upload is received. Decodes start in arrival order, a few at once (`decodesAtOnce`); storing a
 * job's results (the thumbnail's fsync, the row update) overlaps the next decodes. Jobs are not
 * persisted: an asset whose file is stored but not yet analysed is found again at start-up. Claim
 * matching waits for the queue, so a screenshot is never compared against an image still being
 * analysed.
 *
 * The hash and thumbnail are derived from the stored file, which the ingest audit event names by
 * its SHA-256; filling them in is not a change of record and adds no audit event.
 */
export class PictureAnalysis {
  private decoding = 0;
  private readonly waitingToDecode: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private held = 0;
  private stopping = false;

  constructor(private readonly app: FastifyInstance) {}

  /**
   * Queues an asset's file; the promise settles (never rejects) when its pictures are stored.
   * `content`, the uploaded bytes already hashed to `sha256`, saves reading the file back.
   */
  enqueue(assetId: string, sha256: string, content?: Buffer): Promise<void> {
    // Only `file` is seen by the callbacks below, so an upload not held is not kept alive by them,
    // and a held one is let go as soon as its decode starts.
    let file = content !== undefined && this.held < heldFiles ? content : undefined;
    const holds = file !== undefined;
    if (holds) this.held++;
    const pictures = this.decodeSlot(() => {
      const bytes = file;
      file = undefined;
      return this.picturesOf(sha256, bytes);
    }).finally(() => {
      if (holds) this.held--;
    });
    const job: Promise<void> = pictures
      .then((result) => (result ? this.store(assetId, sha256, result) : undefined))
      .catch((error: unknown) => {
        // The file could not be read back (missing, corrupted): the integrity scrub reports it; say it here too.
        this.app.log.error({ err: error, assetId, sha256 }, 'picture analysis failed');
      })
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
    return job;
  }

  /** Settles when every queued job has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /**
   * For shutdown: the jobs under way finish, the queued ones are left for the next start (their
   * assets are found again by `recover`), so a long backlog never holds a stopping process up.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  /** Queues the assets a stopped process left unanalysed. */
  async recover(): Promise<number> {
    const rows = await this.app.prisma.asset.findMany({
      where: {
        sha256: { not: null },
        phash: null,
        thumbnailSha256: null,
        OR: [{ metadataError: null }, { NOT: { metadataError: { contains: failurePrefix } } }],
      },
      select: { id: true, sha256: true },
      orderBy: { id: 'asc' },
    });
    for (const row of rows) void this.enqueue(row.id, row.sha256!);
    if (rows.length) this.app.log.info({ assets: rows.length }, 'analysing stored files left unanalysed');
    return rows.length;
  }

  /** Runs a decode when fewer than `decodesAtOnce` are under way, in arrival order. */
  private async decodeSlot<T>(decode: () => Promise<T>): Promise<T> {
    if (this.decoding < decodesAtOnce) this.decoding++;
    else await new Promise<void>((resolve) => this.waitingToDecode.push(resolve));
    try {
      return await decode();
    } finally {
      // The slot passes straight to the next in line, if any.
      const next = this.waitingToDecode.shift();
      if (next) next();
      else this.decoding--;
    }
  }

  private async picturesOf(sha256: string, content: Buffer | undefined): Promise<Pictures | null> {
    if (this.stopping) return null;
    return fingerprintAndThumbnail(content ?? (await this.app.blobs.read(sha256)));
  }

  /** Fills in the asset's pictures, unless its file changed since (a re-upload: the job for the new file fills it in). */
  private async store(assetId: string, sha256: string, { fingerprint, thumbnail }: Pictures): Promise<void> {
    const { prisma, blobs } = this.app;
    const thumb = thumbnail ? await blobs.put(thumbnail) : null;
    // The row goes in before any asset names the file. Should the asset have moved on to another
    // file meanwhile, the thumbnail stays recorded but unused (the file is written either way).
    if (thumb) await recordBlob(prisma, { sha256: thumb.sha256, bytes: thumb.bytes, mimeType: 'image/webp' });
    const thumbnailSha256 = thumb?.sha256 ?? null;
    const sameFile = { id: assetId, sha256 };
    if (fingerprint instanceof Error) {
      await prisma.$transaction(async (tx) => {
        const asset = await tx.asset.findUnique({ where: { id: assetId }, select: { sha256: true, metadataError: true } });
        if (asset?.sha256 !== sha256) return;
        const metadataError = [asset.metadataError, `${failurePrefix} ${fingerprint.message}`].filter(Boolean).join('; ');
        await tx.asset.updateMany({ where: sameFile, data: { phash: null, phashVariants: [], thumbnailSha256, metadataError } });
      });
      return;
    }
    const [updated] = await prisma.asset.updateManyAndReturn({
      where: sameFile,
      data: { phash: fingerprint.phash, phashVariants: fingerprint.variants, thumbnailSha256 },
      select: { id: true, siteId: true, phash: true, phashVariants: true },
    });
    // Claim matching holds the hashes in memory.
    if (updated) phashCatalogOf(prisma).upsert(updated);
  }
}

/** Decorates the app with its picture queue: recovers left-over work when ready, stops it before closing. */
export const picturesPlugin = fp(
  async (app) => {
    const pictures = new PictureAnalysis(app);
    app.decorate('pictures', pictures);
    app.addHook('onReady', async () => void (await pictures.recover()));
    // Requests still in flight may queue more: wait again once they are done (onClose hooks run
    // in reverse order of registration, so this one runs before the database closes).
    app.addHook('preClose', async () => pictures.stop());
    app.addHook('onClose', async () => pictures.stop());
  },
  { name: 'pictures', dependencies: ['db', 'storage'] },
);
