import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { PackInput } from '../../src/modules/claims/pack/pack.types.ts';
import { createResponsePack, PackIntegrityError, writeResponsePack, type PackManifest } from '../../src/modules/claims/pack/response-pack.ts';
import { minimalPdf } from '../helpers/documents.ts';
import { assetOf, liveTakedown, proofOf, sampleInput, sha256 } from './pack-fixtures.ts';
import { readPdf } from './pdf-text.ts';
import { readZip, type ZipEntry } from './zip-reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'claims-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the pack to a real file, as a download would land, and reads it back with an independent reader. */
async function packToFile(input: PackInput, name = `pack-${Math.random().toString(16).slice(2)}.zip`) {
  const path = join(dir, name);
  const manifest = await writeResponsePack(input, createWriteStream(path), { fonts: 'standard' });
  const zip = readFileSync(path);
  const entries = readZip(zip);
  return { path, zip, entries, manifest, byName: new Map(entries.map((e) => [e.name, e])) };
}

const fileOf = (byName: Map<string, ZipEntry>, name: string) => {
  const entry = byName.get(name);
  if (!entry) throw new Error(`${name} is not in the pack: ${[...byName.keys()].join(', ')}`);
  return entry.data;
};

describe('claim response pack (ZIP)', () => {
  it('holds the summary, replies, claim image, every proof and a certificate per takedown; the manifest hashes match the files', async () => {
    const second = liveTakedown('https://blog.example/wp-content/uploads/2019/03/dune');
    second.id = 'td-2';
    second.checks = second.checks.map((c) => ({ ...c, statusCode: 404 }));
    const input = await sampleInput({ assets: [await assetOf({ takedowns: [liveTakedown(), second] })] });
    const { entries, byName, manifest, path } = await packToFile(input);

    const written = JSON.parse(fileOf(byName, 'manifest.json').toString('utf8')) as PackManifest;
    expect(written).toEqual(JSON.parse(JSON.stringify(manifest)));
    expect(written.generatedAt).toBe('2025-06-03T12:00:00.000Z');
    expect(written.claim).toEqual({ id: 'claim-1', caseRef: 'CT-2025-04711' });
    expect(written.auditHead).toEqual({ seq: '42', hash: 'a'.repeat(64) });
    expect(written.stance).toBe('licensed');

    // Every file but the manifest is listed, once, with its true size and hash.
    expect(entries.map((e) => e.name).sort()).toEqual([...written.files.map((f) => f.path), 'manifest.json'].sort());
    expect(entries.at(-1)!.name).toBe('manifest.json');
    for (const file of written.files) {
      const data = fileOf(byName, file.path);
      expect(file.bytes, file.path).toBe(data.length);
      expect(file.sha256, file.path).toBe(sha256(data));
    }
    expect(written.files.map((f) => f.path)).toEqual([
      'summary.pdf',
      'reply.txt',
      'reply.md',
      'claimant-material/claim-image.png',
      'our-evidence/invoice/iStock-Rechnung_INV-2019-0042.pdf',
      'claimant-material/claim_letter/copytrack-letter.txt',
      'removal-certificate-1.pdf',
      'removal-certificate-2.pdf',
    ]);

    // Proofs and the claim image are the stored bytes, unchanged, under their recorded SHA-256.
    for (const proof of input.proofs) {
      const entry = written.files.find((f) => f.proofId === proof.id)!;
      expect(fileOf(byName, entry.path).equals(proof.content)).toBe(true);
      expect(entry.sha256).toBe(proof.sha256);
      expect(entry.originalFilename).toBe(proof.filename);
    }
    expect(fileOf(byName, 'claimant-material/claim-image.png').equals(input.claimImage!.bytes)).toBe(true);

    const summary = await readPdf(fileOf(byName, 'summary.pdf'));
    expect(summary.text).toContain('CT-2025-04711');
    for (const proof of input.proofs) expect(summary.compact).toContain(proof.sha256);
    expect(summary.compact).toContain('Inthispack:our-evidence/invoice/iStock-Rechnung_INV-2019-0042.pdf');
    expect(summary.text).toContain('Valid: 2019-03-01 to 2024-02-28');

    const notVerified = await readPdf(fileOf(byName, 'removal-certificate-1.pdf'));
    expect(notVerified.text).toContain('NOT VERIFIED: 2 of 5 URLs');
    expect(notVerified.compact).toContain('200https://blog.example/wp-content/uploads/2019/03/beach-300x200.jpg');
    expect(notVerified.compact).toContain('200https://blog.example/wp-content/uploads/2019/03/beach-scaled.jpg');
    const verified = await readPdf(fileOf(byName, 'removal-certificate-2.pdf'));
    expect(verified.text).toContain('VERIFIED: every one of the 5 URLs');
    expect(written.files.find((f) => f.path === 'removal-certificate-2.pdf')).toMatchObject({ kind: 'removal_certificate', takedownId: 'td-2', assetId: 'asset-1' });

    expect(fileOf(byName, 'reply.txt').toString('utf8')).toContain('Your reference CT-2025-04711');
    expect(fileOf(byName, 'reply.md').toString('utf8')).toContain('**CT-2025-04711**');

    // Info-ZIP's unzip agrees (CRC test of every member); the test setup installs it (Debian: unzip).
    expect(execFileSync('unzip', ['-tq', path]).toString()).toMatch(/No errors detected/);
  });

  it('reads one proof at a time, only when the ZIP needs it', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const reads: string[] = [];
    const proofs = Array.from({ length: 12 }, (_, i) => {
      const content = minimalPdf(`Receipt ${i}`);
      const proof = proofOf({ id: `p${i}`, kind: 'receipt', filename: `r${i}.pdf`, content });
      proof.read = async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        reads.push(proof.id);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return content;
      };
      return proof;
    });
    const { stream, manifest } = createResponsePack(await sampleInput({ proofs }), { fonts: 'standard' });
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toEqual([]); // nothing is read before someone consumes the stream
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    await manifest;
    expect(maxInFlight).toBe(1);
    expect(reads).toEqual(proofs.map((p) => p.id));
    expect(readZip(Buffer.concat(chunks)).filter((e) => e.name.startsWith('our-evidence/receipt/'))).toHaveLength(12);
  });

  it('refuses to ship a proof whose bytes no longer match its recorded SHA-256', async () => {
    const tampered = proofOf({ id: 'tampered', content: minimalPdf('Invoice INV-1') });
    tampered.read = async () => minimalPdf('Invoice INV-9');
    const sink = new Writable({ write: (_chunk, _enc, cb) => cb() });
    const failure = await writeResponsePack(await sampleInput({ proofs: [tampered] }), sink, { fonts: 'standard' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PackIntegrityError);
    expect((failure as PackIntegrityError).proofId).toBe('tampered');
    expect(sink.destroyed).toBe(true);

    const unreadable = proofOf({ id: 'gone', content: minimalPdf() });
    unreadable.read = async () => {
      throw new Error('blob missing');
    };
    await expect(writeResponsePack(await sampleInput({ proofs: [unreadable] }), new Writable({ write: (_c, _e, cb) => cb() }))).rejects.toThrow('blob missing');
  });

  it('stops reading proofs when the consumer goes away, and reports it', async () => {
    const reads: string[] = [];
    const proofs = Array.from({ length: 20 }, (_, i) => {
      const proof = proofOf({ id: `p${i}`, kind: 'receipt', filename: `r${i}.pdf`, content: minimalPdf(`Receipt ${i}`) });
      const read = proof.read;
      proof.read = () => (reads.push(proof.id), read());
      return proof;
    });
    let received = 0;
    const client = new Writable({
      write(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        cb(received > 20_000 ? new Error('client disconnected') : null);
      },
    });
    await expect(writeResponsePack(await sampleInput({ proofs }), client, { fonts: 'standard' })).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    expect(reads.length).toBeLessThan(proofs.length);
  });

  it('gives hostile proof names safe, unique paths and survives 10k-character fields and direction overrides', async () => {
    const hostileNames = [
      '../../../etc/passwd',
      '/absolute/invoice.pdf',
      'C:\\Windows\\system32\\invoice.pdf',
      'invoice\u202Efdp.exe',
      'CON.pdf',
      'Invoice.pdf',
      'invoice.pdf',
      'INVOICE.PDF',
      '....',
      '',
      ' .hidden',
      'a'.repeat(10_000) + '.pdf',
      'Rechnung für Müller €.pdf',
      'tab\tnew\nline\u0000nul.pdf',
    ];
    const proofs = hostileNames.map((filename, i) => proofOf({ id: `h${i}`, kind: i === 0 ? '../../evil' : 'invoice', filename, content: minimalPdf(`Doc ${i}`) }));
    const base = await sampleInput();
    const long = 'Ü'.repeat(10_000);
    const input = await sampleInput({
      proofs,
      claim: { ...base.claim, caseRef: `CT-\u202E${long}`, notes: long, rightsHolder: `\u202Bevil\u202C ${long}`, infringingUrls: [`https://blog.example/${'x'.repeat(10_000)}`] },
      stanceReason: long,
      claimImage: { filename: '../../shot.png', mimeType: 'image/png', bytes: base.claimImage!.bytes },
      events: [{ type: 'note', at: new Date('2025-05-29T00:00:00Z'), note: long, amount: null, currency: null }],
      assets: [await assetOf({ filename: `../${long}.jpg`, title: long, rights: { creator: long, copyrightNotice: '\u202Egnp.exe' } })],
    });
    const { entries, manifest, byName } = await packToFile(input);

    const names = entries.map((e) => e.name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const name of names) {
      expect(name).not.toMatch(/(^|\/)\.\.?(\/|$)/);
      expect(name).not.toMatch(/^[/\\]|^[A-Za-z]:|\\/);
      expect(name).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u);
      for (const segment of name.split('/')) {
        expect(segment.length).toBeGreaterThan(0);
        expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(120);
        expect(segment).not.toMatch(/^(con|prn|aux|nul)(\.|$)/i);
      }
    }
    const proofPaths = manifest.files.filter((f) => f.kind === 'proof').map((f) => f.path);
    expect(proofPaths).toHaveLength(hostileNames.length);
    for (const p of proofPaths) expect(p).toMatch(/^our-evidence\/[^/]+\/[^/]+$/);
    expect(proofPaths).toContain('our-evidence/invoice/Invoice.pdf');
    expect(proofPaths).toContain('our-evidence/invoice/invoice-2.pdf');
    expect(proofPaths).toContain('our-evidence/invoice/INVOICE-3.PDF');
    expect(proofPaths).toContain('our-evidence/invoice/Rechnung_für_Müller_.pdf');
    expect(proofPaths).toContain('our-evidence/invoice/_CON.pdf');
    expect(proofPaths.find((p) => p.startsWith('our-evidence/invoice/invoice_fdp.exe'))).toMatch(/\.pdf$/); // named by its type, not its disguise
    expect(proofPaths[0]).toBe('our-evidence/evil/etc_passwd.pdf');
    for (const f of manifest.files) expect(sha256(fileOf(byName, f.path))).toBe(f.sha256);

    const summary = await readPdf(fileOf(byName, 'summary.pdf'));
    expect(summary.outside).toEqual([]);
    expect(summary.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/u);
    expect(summary.text).toContain('more characters not shown');
    for (const p of proofs) expect(summary.compact).toContain(p.sha256);
    const reply = fileOf(byName, 'reply.txt').toString('utf8');
    expect(reply).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/u);
  });
});
