import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { minimalPdf, rawMultipart } from './helpers/documents.ts';
import { makeAsset, makeLicense, makeSite, makeSiteToken } from './helpers/factories.ts';
import { uploadProof } from './helpers/proofs.ts';
import { createTestApp, downloadBytes, type TestApp } from './helpers/test-app.ts';

const emailCorpus = fixturePath('email');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Flips one byte of a stored blob behind the app's back, on whichever store it uses. */
type Corrupt = (t: TestApp, sha256: string, original: Buffer) => Promise<void>;

let s3: S3rver;
let s3Port = 0;
beforeAll(async () => {
  const directory = mkdtempSync(join(tmpdir(), 'clearance-s3rver-'));
  s3 = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true });
  const address = (await s3.run()) as { port: number };
  s3Port = address.port;
});
afterAll(async () => {
  await s3?.close();
});

const flipped = (original: Buffer) => {
  const copy = Buffer.from(original);
  copy[Math.floor(copy.length / 2)]! ^= 0x01;
  return copy;
};

const stores: { name: string; overrides: () => Record<string, unknown>; corrupt: Corrupt }[] = [
  {
    name: 'filesystem',
    overrides: () => ({}),
    corrupt: async (t, sha256, original) => {
      writeFileSync(join(t.app.config.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256), flipped(original));
    },
  },
  {
    name: 'S3 (s3rver)',
    overrides: () => ({ blobStoreUrl: `s3+http://S3RVER:S3RVER@127.0.0.1:${s3Port}/proofs-${Date.now()}` }),
    corrupt: async (t, sha256, original) => {
      const bucket = new URL(t.app.config.blobStoreUrl!.replace('s3+http', 'http')).pathname.split('/')[1]!;
      const client = new S3Client({
        endpoint: `http://127.0.0.1:${s3Port}`,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`, Body: flipped(original) }));
      client.destroy();
    },
  },
];

describe.each(stores)('proofs on the $name blob store', ({ overrides, corrupt }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(overrides());
  });
  afterAll(() => t.close());

  it('uploads a PDF invoice, covering the asset, then lists and downloads it byte for byte', async () => {
    const site = await makeSite(t);
    const asset = await makeAsset(t, site.id, { filename: 'iStock-1234567.jpg' });
    const license = await makeLicense(t, [asset.id]);
    const pdf = minimalPdf('Invoice 42 – iStock');
    const res = await t.http().post(`/v1/licenses/${license.id}/proofs`).field('kind', 'invoice').field('note', 'Found in the old account').attach('file', pdf, 'Rechnung Nr. 42 – März.pdf').expect(201);
    expect(res.body).toMatchObject({ kind: 'invoice', mimeType: 'application/pdf', bytes: pdf.length, sha256: sha(pdf), note: 'Found in the old account', filename: 'Rechnung Nr. 42 – März.pdf', licenseId: license.id });
    expect((await t.http().get(`/v1/assets/${asset.id}`)).body.coverageStatus).toBe('covered');

    const list = await t.http().get(`/v1/licenses/${license.id}/proofs`).expect(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([res.body.id]);

    const download = await downloadBytes(t, res.body.downloadUrl).expect(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Rechnung Nr. 42 _ Ma_rz.pdf"; filename*=UTF-8''Rechnung%20Nr.%2042%20%E2%80%93%20M%C3%A4rz.pdf`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });

  it('stores the same bytes once, as two proofs', async () => {
    const site = await makeSite(t);
    const l1 = await makeLicense(t, [(await makeAsset(t, site.id)).id]);
    const l2 = await makeLicense(t, [(await makeAsset(t, site.id)).id]);
    const pdf = minimalPdf('shared receipt');
    const a = await uploadProof(t, l1.id, { content: pdf });
    const b = await uploadProof(t, l2.id, { content: pdf });
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(b.sha256);
    expect(await t.app.prisma.blob.count({ where: { sha256: a.sha256 } })).toBe(1);
  });

  it('detects a flipped byte on download with a clear problem, never a 5xx', async () => {
    const site = await makeSite(t);
    const license = await makeLicense(t, [(await makeAsset(t, site.id)).id]);
    const pdf = minimalPdf('soon corrupted');
    const proof = await uploadProof(t, license.id, { content: pdf });
    await corrupt(t, proof.sha256, pdf);
    const res = await t.http().get(`/v1/proofs/${proof.id}/download`).expect(409);
    expect(res.body.code).toBe('blob_corrupted');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);

    const scrub = await t.http().post('/v1/integrity/scrub').expect(200);
    expect(scrub.body.ok).toBe(false);
    expect(scrub.body.corrupted).toEqual([{ sha256: proof.sha256, proofIds: [proof.id] }]);
    expect(scrub.body.missing).toEqual([]);
    expect(scrub.body.healthy).toBe(scrub.body.checked - 1);
  });

  it('parses a permission e-mail and keeps each attachment as its own proof', async () => {
    const site = await makeSite(t);
    const license = await makeLicense(t, [(await makeAsset(t, site.id)).id], { kind: 'written_permission', licensor: 'Photographer' });
    const eml = readFileSync(join(emailCorpus, 'mikelmail_attachment_pdf.eml'));
    const proof = await uploadProof(t, license.id, { content: eml, filename: 'permission.eml', kind: 'permission_email' });
    expect(proof.attachments.length).toBeGreaterThan(0);
    expect(proof.attachments.some((a) => a.mimeType === 'application/pdf')).toBe(true);
    const got = await t.http().get(`/v1/proofs/${proof.id}`).expect(200);
    expect(got.body.mimeType).toBe('message/rfc822');
    expect(got.body.details.email).toHaveProperty('subject');
    expect(got.body.attachments).toHaveLength(proof.attachments.length);
    const list = await t.http().get(`/v1/licenses/${license.id}/proofs`).expect(200);
    expect(list.body.items).toHaveLength(1 + proof.attachments.length);
  });
});

describe('proof uploads that must be refused', () => {
  let t: TestApp;
  let licenseId: string;
  beforeAll(async () => {
    t = await createTestApp({ proofMaxBytes: 200_000 });
    const site = await makeSite(t);
    licenseId = (await makeLicense(t, [(await makeAsset(t, site.id)).id])).id;
  });
  afterAll(() => t.close());

  const jpeg = () => {
    const dir = fixturePath('images', 'files');
    const name = readdirSync(dir).find((f) => /\.jpe?g$/i.test(f))!;
    return readFileSync(join(dir, name));
  };
  const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(18)]);

  const cases: { name: string; filename: string; content: () => Buffer; status: number; codes: string[] }[] = [
    { name: 'a PHP file renamed .jpg', filename: 'photo.jpg', content: () => Buffer.from('<?php system($_GET["c"]); ?>'), status: 415, codes: ['type_mismatch', 'unsupported_type'] },
    { name: 'an HTML file renamed .jpg', filename: 'photo.jpg', content: () => Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), status: 415, codes: ['type_mismatch'] },
    { name: 'a JPEG/ZIP polyglot', filename: 'photo.jpg', content: () => Buffer.concat([jpeg().subarray(0, 150_000), zip]), status: 415, codes: ['polyglot'] },
    { name: 'a name with ../', filename: '../../etc/passwd.pdf', content: () => minimalPdf(), status: 400, codes: ['invalid_filename'] },
    { name: 'a NUL byte in the name', filename: 'invoice\u0000.pdf', content: () => minimalPdf(), status: 400, codes: ['invalid_filename'] },
    { name: 'a right-to-left override in the name', filename: 'invoice\u202Efdp.exe', content: () => minimalPdf(), status: 400, codes: ['invalid_filename'] },
    { name: 'a 300-character name', filename: `${'a'.repeat(296)}.pdf`, content: () => minimalPdf(), status: 400, codes: ['invalid_filename'] },
    { name: 'an empty file', filename: 'empty.pdf', content: () => Buffer.alloc(0), status: 400, codes: ['empty_file'] },
    { name: 'an oversized file', filename: 'big.pdf', content: () => Buffer.concat([minimalPdf(), Buffer.alloc(300_000, 0x20)]), status: 413, codes: ['payload_too_large'] },
    { name: 'an executable', filename: 'setup.pdf', content: () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]), status: 415, codes: ['unsupported_type', 'type_mismatch'] },
  ];

  async function snapshot() {
    const p = t.app.prisma;
    const rows = await Promise.all([p.proof.findMany({ orderBy: { id: 'asc' } }), p.blob.findMany({ orderBy: { sha256: 'asc' } }), p.auditEvent.count(), p.asset.findMany({ orderBy: { id: 'asc' } })]);
    return JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  }

  it.each(cases)('$name -> $status $codes', async ({ filename, content, status, codes }) => {
    const before = await snapshot();
    const form = rawMultipart({ kind: 'invoice' }, { name: filename, content: content() });
    const res = await t.http().post(`/v1/licenses/${licenseId}/proofs`).set('content-type', form.contentType).send(form.body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(codes).toContain(res.body.code);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await snapshot()).toBe(before);
  });

  it('too many parts -> 413 too_many_parts', async () => {
    const before = await snapshot();
    let req = t.http().post(`/v1/licenses/${licenseId}/proofs`).field('kind', 'invoice');
    for (let i = 0; i < 12; i++) req = req.field(`extra${i}`, 'x');
    const res = await req.attach('file', minimalPdf(), 'a.pdf');
    expect([413]).toContain(res.status);
    expect(res.body.code).toBe('too_many_parts');
    expect(await snapshot()).toBe(before);
  });

  it('two files -> 413 too_many_parts; no file -> 400 missing_file; bad kind -> 400 with a pointer; not multipart -> 415', async () => {
    const before = await snapshot();
    const two = await t.http().post(`/v1/licenses/${licenseId}/proofs`).field('kind', 'invoice').attach('file', minimalPdf('a'), 'a.pdf').attach('file', minimalPdf('b'), 'b.pdf');
    expect(two.body.code).toBe('too_many_parts');
    const none = await t.http().post(`/v1/licenses/${licenseId}/proofs`).field('kind', 'invoice');
    expect(none.status).toBe(400);
    const badKind = await t.http().post(`/v1/licenses/${licenseId}/proofs`).field('kind', 'bribe').attach('file', minimalPdf(), 'a.pdf');
    expect(badKind.status).toBe(400);
    expect(badKind.body.errors[0].pointer).toBe('/body/kind');
    const json = await t.http().post(`/v1/licenses/${licenseId}/proofs`).send({ kind: 'invoice' });
    expect(json.status).toBe(415);
    expect(await snapshot()).toBe(before);
  });

  it("another site's token cannot attach to or read this license's proofs", async () => {
    const other = await makeSite(t);
    const token = await makeSiteToken(t, other.id);
    const before = await snapshot();
    const res = await t.http(token).post(`/v1/licenses/${licenseId}/proofs`).field('kind', 'invoice').attach('file', minimalPdf(), 'a.pdf');
    expect(res.status).toBe(404);
    expect(await snapshot()).toBe(before);
  });
});

/** A page that never stops arriving: a byte every 300 ms for 8 s, well inside any idle timeout. */
function trickle(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/html' }).write('<');
  const timer = setInterval(() => res.write('a'), 300);
  const end = setTimeout(() => res.end('>'), 8_000);
  res.on('close', () => {
    clearInterval(timer);
    clearTimeout(end);
  });
}

describe('license-page snapshots', () => {
  const outboundTimeoutMs = 1500;
  let t: TestApp;
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/redirect') return res.writeHead(302, { location: '/license' }).end();
      if (req.url === '/license') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body><h1>Unsplash License</h1><p>Free to use.</p></body></html>');
      if (req.url === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (req.url === '/trickle') return trickle(res);
      return res.writeHead(404).end('gone');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    origin = `http://127.0.0.1:${port}`;
    t = await createTestApp({ outboundAllowPrivateHosts: [`127.0.0.1:${port}`], outboundTimeoutMs });
  });
  afterAll(async () => {
    await t.close();
    server.closeAllConnections();
    server.close();
  });

  it('fetches the page and stores it with the fetch time, final URL, status and hash', async () => {
    const site = await makeSite(t);
    const asset = await makeAsset(t, site.id, { filename: 'john-doe-abc-unsplash.jpg' });
    const license = await makeLicense(t, [asset.id], { kind: 'free_license_site', licensor: 'Unsplash' });
    const res = await t.http().post(`/v1/licenses/${license.id}/proofs/snapshot`).send({ url: `${origin}/redirect` }).expect(201);
    expect(res.body).toMatchObject({ kind: 'license_page_snapshot', mimeType: 'text/html' });
    expect(res.body.details.snapshot).toMatchObject({ url: `${origin}/redirect`, finalUrl: `${origin}/license`, status: 200 });
    expect(Date.parse(res.body.details.snapshot.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await t.http().get(`/v1/assets/${asset.id}`)).body.coverageStatus).toBe('covered');
  });

  it('refuses private addresses that are not allowed, also behind a redirect, and pages that fail', async () => {
    const site = await makeSite(t);
    const license = await makeLicense(t, [(await makeAsset(t, site.id)).id]);
    const blocked = await t.http().post(`/v1/licenses/${license.id}/proofs/snapshot`).send({ url: 'http://127.0.0.2:9/x' }).expect(422);
    expect(blocked.body.code).toBe('outbound_blocked');
    const redirected = await t.http().post(`/v1/licenses/${license.id}/proofs/snapshot`).send({ url: `${origin}/to-metadata` }).expect(422);
    expect(redirected.body.code).toBe('outbound_blocked');
    const missing = await t.http().post(`/v1/licenses/${license.id}/proofs/snapshot`).send({ url: `${origin}/nothing` }).expect(422);
    expect(missing.body.code).toBe('fetch_failed');
    expect(await t.app.prisma.proof.count({ where: { licenseId: license.id } })).toBe(0);
  });

  it('gives up on a page that trickles in once OUTBOUND_TIMEOUT_MS has passed in all, and stores nothing', async () => {
    const site = await makeSite(t);
    const license = await makeLicense(t, [(await makeAsset(t, site.id)).id]);
    const started = Date.now();
    const res = await t.http().post(`/v1/licenses/${license.id}/proofs/snapshot`).send({ url: `${origin}/trickle` });
    expect({ status: res.status, code: res.body.code, detail: res.body.detail }).toEqual({ status: 422, code: 'fetch_failed', detail: `No complete answer within ${outboundTimeoutMs} ms` });
    expect(Date.now() - started).toBeLessThan(outboundTimeoutMs + 1500);
    expect(await t.app.prisma.proof.count({ where: { licenseId: license.id } })).toBe(0);
  });
});
