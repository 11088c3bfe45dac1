import type { TestApp } from '../helpers/test-app.ts';

export type ImportJobBody = {
  id: string;
  status: 'queued' | 'running' | 'paused' | 'completed' | 'failed';
  total: number | null;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  error: string | null;
  itemErrors: { item: string; detail: string }[];
  resumable: boolean;
  fetchFiles: boolean;
  source: string | null;
};

/** Polls an import until it stops running (the job runs in the background of the API process). */
export async function waitForImport(t: TestApp, id: string, timeoutMs = 60_000): Promise<ImportJobBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http().get(`/v1/imports/${id}`).expect(200);
    const job = res.body as ImportJobBody;
    if (job.status !== 'queued' && job.status !== 'running') return job;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${job.status} after ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Uploads a WXR export (a path or its content) and returns the response. */
export function uploadWxr(t: TestApp, siteId: string, file: Buffer | string, opts: { filename?: string; fetchFiles?: boolean; token?: string } = {}) {
  let req = t.http(opts.token).post(`/v1/sites/${siteId}/imports/wxr`);
  if (opts.fetchFiles !== undefined) req = req.field('fetchFiles', String(opts.fetchFiles));
  return req.attach('file', typeof file === 'string' ? file : file, opts.filename ?? 'export.xml');
}

export async function auditCount(t: TestApp) {
  return t.app.prisma.auditEvent.count();
}
