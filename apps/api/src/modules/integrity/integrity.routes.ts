import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { assertInstanceScope } from '../tokens/tokens.service.ts';
import { scrubBlobs } from './scrub.service.ts';

const Broken = Type.Array(Type.Object({ sha256: Type.String(), proofIds: Type.Array(Type.String()) }));

export const integrityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/integrity/scrub',
    {
      // One scrub at a time: it reads every blob, and a second run only competes with the first.
      config: { errors: ['forbidden'], concurrency: 1 },
      schema: {
        tags: ['integrity'],
        summary: 'Re-hash every stored file and report missing or corrupted ones',
        description: 'Reads every blob; on a large store prefer the CLI (`npm run scrub`), which prints progress.',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer(),
            healthy: Type.Integer(),
            missing: Broken,
            corrupted: Broken,
            unreferenced: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      assertInstanceScope(request.auth);
      const report = await scrubBlobs(app.prisma, app.blobs);
      if (report.missing.length || report.corrupted.length) app.log.error({ missing: report.missing, corrupted: report.corrupted }, 'blob scrub found damage');
      const { ok: healthy, ...rest } = report;
      return { ok: report.missing.length === 0 && report.corrupted.length === 0, healthy, ...rest };
    },
  );
};
