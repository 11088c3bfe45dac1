import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { FormFilePart } from '../../lib/form-parts.ts';
import { AppError } from '../../lib/errors.ts';
import type { Auth } from '../../plugins/auth.ts';
import { fetchAndIngest } from './fetch-files.ts';
import type { ImportedAttachment } from './imported-attachment.ts';
import { ImportFailure, type JobContext } from './import-runner.ts';
import { writeBatch } from './import-writer.ts';
import { attachmentFromWxrItem, wxrMetaKeys } from './wxr-attachment.ts';
import { WxrParser, type WxrItem } from './wxr-reader.ts';

type Site = { id: string; baseUrl: string };

/** Where an import stands in its file: how many attachment items are done. */
export type WxrCursor = { done: number; fetchFiles: boolean };

/** Attachments written per transaction: large enough to amortise round trips, small enough to keep memory flat. */
export const wxrBatchSize = 500;

export const importsDir = (app: FastifyInstance) => join(app.config.dataDir, 'imports');
export const wxrPath = (app: FastifyInstance, jobId: string) => join(importsDir(app), `${jobId}.wxr`);

/**
 * Streams an uploaded WXR to a temporary file and, in the same pass, through the validating
 * parser: nothing is held in memory, and a malformed file, a file that is not a WordPress export
 * or an unsupported WXR version is refused (with line and column) before any job exists.
 */
export async function receiveWxr(app: FastifyInstance, part: FormFilePart): Promise<{ path: string; bytes: number; attachments: number }> {
  await mkdir(importsDir(app), { recursive: true });
  const path = join(importsDir(app), `upload-${crypto.randomUUID()}.part`);
  let attachments = 0;
  let bytes = 0;
  // Boxed: the parser may throw anything, and a falsy throw must not read as no failure.
  let failure: { error: unknown } | undefined;
  const parser = new WxrParser((item) => {
    if (item.postType === 'attachment') attachments++;
  });
  const decoder = new TextDecoder('utf-8');
  const validate = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (failure) return callback();
      try {
        parser.write(decoder.decode(chunk, { stream: true }));
      } catch (error) {
        failure = { error };
      }
      callback(null, chunk);
    },
  });
  try {
    await pipeline(part.file, validate, createWriteStream(path));
    if (part.file.truncated) throw new AppError('payload_too_large', `The file is larger than the limit of ${app.config.importMaxBytes} bytes (IMPORT_MAX_BYTES)`);
    if (bytes === 0) throw new AppError('empty_file', 'The WXR file is empty');
    if (!failure) {
      try {
        parser.write(decoder.decode());
        parser.close();
      } catch (error) {
        failure = { error };
      }
    }
    if (failure) throw failure.error;
    return { path, bytes, attachments };
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

/**
 * Streams through the stored export and imports every `<item>` of post type attachment, in
 * batches of `wxrBatchSize`, from the cursor on. The file is deleted once the import completes.
 */
export async function importWxrFile(app: FastifyInstance, site: Site, actor: Auth, path: string, start: WxrCursor, ctx: JobContext) {
  let done = start.done;
  let seen = 0;
  let pending: WxrItem[] = [];
  const parser = new WxrParser((item) => {
    if (item.postType !== 'attachment') return;
    seen++;
    if (seen > start.done) pending.push(item);
  }, wxrMetaKeys);

  const flush = async (items: WxrItem[]) => {
    const records: ImportedAttachment[] = [];
    let failed = 0;
    for (const item of items) {
      const result = attachmentFromWxrItem(item, parser.channel);
      if ('error' in result) {
        failed++;
        ctx.noteItemError(item.postId || `item ${done + records.length + failed}`, result.error);
        continue;
      }
      if (result.note) ctx.noteItemError(item.postId, `imported without its metadata: ${result.note}`);
      records.push(result.record);
    }
    const ingested = start.fetchFiles ? await fetchAndIngest(app, site, actor, records, ctx.signal) : undefined;
    const cursor: WxrCursor = { ...start, done: done + items.length };
    await writeBatch(
      app,
      { siteId: site.id, actor: actor.actor, createdByIngest: ingested?.created, updatedByIngest: ingested?.updated, progress: (tx, counts) => ctx.progress(tx, counts, cursor) },
      records,
      failed,
    );
    done = cursor.done;
  };

  let stream;
  try {
    stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  } catch {
    throw new ImportFailure('The uploaded file is no longer on the server; upload it again');
  }
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      parser.write(chunk);
      while (pending.length >= wxrBatchSize) {
        if (ctx.signal.aborted) return;
        await flush(pending.splice(0, wxrBatchSize));
      }
    }
    parser.close();
    if (pending.length && !ctx.signal.aborted) {
      const last = pending;
      pending = [];
      await flush(last);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ImportFailure('The uploaded file is no longer on the server; upload it again');
    if (error instanceof AppError) throw new ImportFailure(error.message);
    throw error;
  } finally {
    stream.destroy();
  }
  if (!ctx.signal.aborted) await rm(path, { force: true });
}
