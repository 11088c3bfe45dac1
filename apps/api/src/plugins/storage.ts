import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { openBlobStore, type BlobStore } from '../lib/blob-store/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    blobs: BlobStore;
  }
}

/** The content-addressed store for images, thumbnails and proof documents. */
export const storagePlugin = fp(
  async (app, opts: { config: Config }) => {
    const blobs = await openBlobStore(opts.config.blobStoreUrl, opts.config.dataDir);
    app.log.info(`blob store: ${blobs.description}`);
    app.decorate('blobs', blobs);
    app.addHook('onClose', async () => blobs.close());
  },
  { name: 'storage' },
);
