/**
 * The CMS side of bench/ingest.ts, in its own process as WordPress is: reads
 * each image, builds the multipart delivery, signs it and sends it, one at a time, and reports how
 * long each webhook took to answer.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signWebhook } from '../apps/api/src/modules/ingest/webhook-signature.ts';

export type SenderTarget = { address: string; siteId: string; secret: string };
export type SenderRun = { paths: string[]; firstId: number };
export type SenderResult = { answeredMs: number[]; cpuMs: number };
type SenderJob = SenderTarget & SenderRun;

async function send(job: SenderJob, i: number, file: Buffer) {
  const payload = { type: 'media.created', data: { attachment: { id: job.firstId + i, source_url: `https://bench.example/wp-content/uploads/img-${job.firstId + i}.jpg`, media_details: { width: 4000, height: 3000 } } } };
  const boundary = `----b${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${JSON.stringify(payload)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="img-${i}.jpg"\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const id = `msg_${randomUUID()}`;
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`${job.address}/v1/hooks/wordpress/${job.siteId}`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(job.secret, id, ts, body) },
    body,
  });
  if (res.status !== 200) throw new Error(`image ${i}: ${res.status} ${await res.text()}`);
}

/** Sends one run's files and answers with the times, or with the error that stopped it. */
async function run(job: SenderJob): Promise<void> {
  try {
    const answeredMs: number[] = [];
    const cpu = process.cpuUsage();
    for (const [i, path] of job.paths.entries()) {
      const file = readFileSync(path);
      const start = performance.now();
      await send(job, i, file);
      answeredMs.push(performance.now() - start);
    }
    const used = process.cpuUsage(cpu);
    process.send!({ answeredMs, cpuMs: (used.user + used.system) / 1000 } satisfies SenderResult);
  } catch (error) {
    process.send!({ error: error instanceof Error ? error.message : String(error) });
  }
}

// The first message names the target; each one after is a run: send these files, answer with
// each webhook's time to answer and the CPU time the sending took.
let target: SenderTarget | undefined;
process.on('message', (message: SenderTarget | SenderRun) => {
  if (!target) {
    target = message as SenderTarget;
    process.send!('ready');
    return;
  }
  // Not awaited: the parent waits for the run's answer, which run() always sends, failure included.
  void run({ ...target, ...(message as SenderRun) });
});
