import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFilename, classifyContent, type Rejection } from '../../src/modules/proofs/content/file-type.rules.ts';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';
import { email, handWrittenPdf, image, jpegWithComment, tinyZip } from './samples.ts';

/** What the upload route does: the name first, then the content. */
async function upload(filename: string, content: Buffer) {
  const name = checkFilename(filename);
  if (!name.ok) return name;
  return classifyContent(content, name.name);
}

type Refused = { name: string; filename: string; content: () => Buffer; codes: Rejection['code'][] };

const jpeg = () => image('ianare_Canon_40D.jpg');
const png = () => image('bep_sunrise.png');

const refused: Refused[] = [
  { name: 'a PHP file renamed .jpg', filename: 'photo.jpg', content: () => Buffer.from('<?php system($_GET["c"]); ?>'), codes: ['type_mismatch', 'unsupported_type'] },
  { name: 'PHP source after some HTML', filename: 'page.html', content: () => Buffer.from('<!doctype html><p>hi</p><?php echo 1; ?>'), codes: ['unsupported_type'] },
  { name: 'an HTML file renamed .jpg', filename: 'photo.jpg', content: () => Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), codes: ['type_mismatch'] },
  { name: 'a PDF named .png', filename: 'scan.png', content: handWrittenPdf, codes: ['type_mismatch'] },
  { name: 'a JPEG named .pdf', filename: 'invoice.pdf', content: jpeg, codes: ['type_mismatch'] },
  { name: 'a PDF behind a double extension .pdf.exe', filename: 'invoice.pdf.exe', content: handWrittenPdf, codes: ['type_mismatch'] },
  { name: 'plain text named .bat', filename: 'run.bat', content: () => Buffer.from('del /q C:\\*\r\n'), codes: ['type_mismatch'] },
  { name: 'a JPEG/ZIP polyglot', filename: 'photo.jpg', content: () => Buffer.concat([jpeg(), tinyZip()]), codes: ['polyglot'] },
  { name: 'a PNG/ZIP polyglot', filename: 'photo.png', content: () => Buffer.concat([png(), tinyZip()]), codes: ['polyglot'] },
  { name: 'a PDF with a ZIP appended', filename: 'invoice.pdf', content: () => Buffer.concat([handWrittenPdf(), tinyZip()]), codes: ['polyglot'] },
  { name: 'a JPEG whose comment is an HTML page', filename: 'photo.jpg', content: () => jpegWithComment(jpeg(), '<html><script>alert(document.cookie)</script>'), codes: ['polyglot'] },
  { name: 'a JPEG with a PHP web shell in its comment', filename: 'photo.jpg', content: () => jpegWithComment(jpeg(), '<?php eval($_POST["x"]); ?>'), codes: ['polyglot'] },
  { name: 'a PDF with a script right after its header', filename: 'invoice.pdf', content: () => Buffer.concat([Buffer.from('%PDF-1.4\n<script>alert(1)</script>\n'), handWrittenPdf().subarray(9)]), codes: ['polyglot'] },
  { name: 'a name with ../', filename: '../../etc/passwd.pdf', content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'a name with a / path', filename: 'a/b.pdf', content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'a name with a \\ path', filename: 'a\\b.pdf', content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'a NUL byte in the name', filename: 'invoice\u0000.pdf', content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'a C1 control in the name', filename: 'invoice\u0085.pdf', content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'a right-to-left override in the name', filename: 'invoice\u202Efdp.exe', content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'a right-to-left isolate in the name', filename: 'invoice\u2067fdp.exe', content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'a left-to-right mark in the name', filename: 'invoice\u200E.pdf', content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'a 300-character name', filename: `${'a'.repeat(296)}.pdf`, content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'a name over 255 UTF-8 bytes (128 × é)', filename: `${'é'.repeat(128)}.pdf`, content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'a name of only dots', filename: '..', content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'a name of dots and spaces', filename: ' . . ', content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'an empty name', filename: '', content: handWrittenPdf, codes: ['invalid_filename'] },
  { name: 'an empty file', filename: 'empty.pdf', content: () => Buffer.alloc(0), codes: ['empty_file'] },
  { name: 'a Windows executable', filename: 'setup.pdf', content: () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1), Buffer.alloc(10)]), codes: ['unsupported_type', 'type_mismatch'] },
  { name: 'a ZIP archive', filename: 'documents.zip', content: () => tinyZip(), codes: ['unsupported_type'] },
  { name: 'an SVG image', filename: 'logo.svg', content: () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), codes: ['unsupported_type'] },
  { name: 'an SVG image behind an XML prolog and comment', filename: 'logo.txt', content: () => Buffer.from('<?xml version="1.0"?>\n<!-- x -->\n<svg xmlns="http://www.w3.org/2000/svg"/>'), codes: ['unsupported_type'] },
  { name: 'a shell script', filename: 'notes', content: () => Buffer.from('#!/bin/sh\nrm -rf ~\n'), codes: ['unsupported_type'] },
  { name: 'a bare <script> file', filename: 'notes.txt', content: () => Buffer.from('<script>fetch("/v1/tokens")</script>'), codes: ['unsupported_type'] },
  { name: 'UTF-16 text (it has NULs)', filename: 'notes.txt', content: () => Buffer.from('\ufeffHello', 'utf16le'), codes: ['unsupported_type'] },
  { name: 'an AVIF image (not on the accepted list)', filename: 'sunrise.avif', content: () => image('bep_sunrise.avif'), codes: ['unsupported_type'] },
];

describe('hostile uploads are refused with the matching code', () => {
  it.each(refused)('$name -> $codes', async ({ filename, content, codes }) => {
    const result = await upload(filename, content());
    expect(result.ok, JSON.stringify(result)).toBe(false);
    if (result.ok) return;
    expect(codes).toContain(result.rejection.code);
    expect(result.rejection.detail.length).toBeGreaterThan(10);
  });

  it('names the problem in the filename detail', () => {
    const detail = (name: string) => {
      const result = checkFilename(name);
      return result.ok ? '' : result.rejection.detail;
    };
    expect(detail('../x.pdf')).toMatch(/\.\./);
    expect(detail('a/b.pdf')).toMatch(/separator/);
    expect(detail('a\u0000.pdf')).toMatch(/NUL/);
    expect(detail('invoice\u202Efdp.exe')).toMatch(/right-to-left/);
    expect(detail(`${'a'.repeat(300)}.pdf`)).toMatch(/304 bytes/);
  });
});

type Accepted = { name: string; filename: string; content: () => Buffer; mimeType: string; inlineSafe: boolean; charset?: string };

const html = '\ufeff  <!-- saved from https://unsplash.com/license -->\n<!DOCTYPE html>\n<html lang="en"><head><title>License</title></head><body><p>Free to use</p></body></html>';
const xhtml = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>';

const acceptedCases: Accepted[] = [
  { name: 'a real JPEG', filename: 'photo.jpg', content: jpeg, mimeType: 'image/jpeg', inlineSafe: true },
  { name: 'a JPEG with XMP (<x:xmpmeta>, <?xpacket>)', filename: 'photo.jpeg', content: () => image('bep_mushroom.jpg'), mimeType: 'image/jpeg', inlineSafe: true },
  { name: 'a real PNG', filename: 'Screenshot 2026-05-01 at 10.00.00.png', content: png, mimeType: 'image/png', inlineSafe: true },
  { name: 'a real WebP', filename: 'photo.webp', content: () => image('bep_sunrise.webp'), mimeType: 'image/webp', inlineSafe: true },
  { name: 'a WebP saved under .jpg (same family)', filename: 'photo.jpg', content: () => image('bep_sunrise.webp'), mimeType: 'image/webp', inlineSafe: true },
  { name: 'a real GIF (from an e-mail)', filename: 'dot.gif', content: () => Buffer.from('R0lGODdhCgAKAKEAAAAAAP///wAAAAAAACwAAAAACgAKAAACCYSPqcvtD6OrFgA7', 'base64'), mimeType: 'image/gif', inlineSafe: true },
  { name: 'a real TIFF', filename: 'scan.tif', content: () => image('exifr_Bush-dog.tif'), mimeType: 'image/tiff', inlineSafe: true },
  { name: 'a real HEIC', filename: 'IMG_0001.HEIC', content: () => image('wp_test-image.heic'), mimeType: 'image/heic', inlineSafe: true },
  { name: 'a hand-written PDF', filename: 'invoice.pdf', content: handWrittenPdf, mimeType: 'application/pdf', inlineSafe: true },
  { name: 'an .eml from the corpus', filename: 'permission.eml', content: () => email('mikelmail_attachment_pdf.eml'), mimeType: 'message/rfc822', inlineSafe: false },
  { name: 'an .eml saved as .txt', filename: 'permission.txt', content: () => email('mailparser_nodemailer.eml'), mimeType: 'message/rfc822', inlineSafe: false },
  { name: 'an e-mail without an extension', filename: 'message', content: () => email('mikelmail_utf8_headers.eml'), mimeType: 'message/rfc822', inlineSafe: false },
  { name: 'an HTML snapshot (BOM, comment, doctype)', filename: 'license.html', content: () => Buffer.from(html), mimeType: 'text/html', inlineSafe: false, charset: 'utf-8' },
  { name: 'an XHTML snapshot', filename: 'license.xhtml', content: () => Buffer.from(xhtml), mimeType: 'text/html', inlineSafe: false },
  { name: 'plain text', filename: 'notes.txt', content: () => Buffer.from('Licence granted by J. Smith on 2026-05-01.\n'), mimeType: 'text/plain', inlineSafe: true, charset: 'utf-8' },
  { name: 'UTF-8 text with accents', filename: 'facture.txt', content: () => Buffer.from('Facture n° 42 — café crème, Zürich, Ærø\n'), mimeType: 'text/plain', inlineSafe: true, charset: 'utf-8' },
  { name: 'Latin-1 text', filename: 'facture.txt', content: () => Buffer.from('Facture n° 42, café crème, Zürich\n', 'latin1'), mimeType: 'text/plain', inlineSafe: true, charset: 'iso-8859-1' },
  { name: 'a CSV export', filename: 'payments.csv', content: () => Buffer.from('date,amount\n2026-05-01,49.00\n'), mimeType: 'text/plain', inlineSafe: true },
  { name: 'text whose first bytes look like a BMP ("BM")', filename: 'BMW invoice.txt', content: () => Buffer.from('BMW Group invoice 2026-17\n'), mimeType: 'text/plain', inlineSafe: true },
  { name: 'text with tags in it stays a download', filename: 'notes.txt', content: () => Buffer.from('Copy this: <img src=x onerror=alert(1)>\n'), mimeType: 'text/plain', inlineSafe: false },
  { name: 'a PDF under an unknown extension', filename: 'snapshot.bin', content: handWrittenPdf, mimeType: 'application/pdf', inlineSafe: true },
];

describe('real documents are accepted by content', () => {
  it.each(acceptedCases)('$name -> $mimeType', async ({ filename, content, mimeType, inlineSafe, charset }) => {
    const result = await upload(filename, content());
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok || !('type' in result)) return;
    expect(result.type.mimeType).toBe(mimeType);
    expect(result.type.inlineSafe).toBe(inlineSafe);
    if (charset) expect(result.type.charset).toBe(charset);
  });

  it('the XMP sample really carries the markup the polyglot scan must ignore', () => {
    const text = image('bep_mushroom.jpg').toString('latin1');
    expect(text).toContain('<x:xmpmeta');
    expect(text).toContain('<?xpacket');
  });

  // Guards against false polyglot/mismatch verdicts on real files, including deliberately malformed ones.
  it('every image in the corpus is accepted under its own name (AVIF is not on the list)', async () => {
    const dir = fixturePath('images', 'files');
    const outcomes = await Promise.all(
      readdirSync(dir).map(async (name) => {
        const result = await upload(name, image(name));
        return [name, result.ok ? result.type.mimeType : result.rejection.code] as const;
      }),
    );
    for (const [name, outcome] of outcomes) {
      if (name.endsWith('.avif')) expect(outcome, name).toBe('unsupported_type');
      else expect(outcome, name).toMatch(/^image\/(jpeg|png|webp|gif|tiff|heic|heif)$/);
    }
  });

  it('every e-mail in the corpus is message/rfc822, named .eml or .txt', async () => {
    for (const name of readdirSync(fixturePath('email')).filter((n) => n.endsWith('.eml'))) {
      for (const filename of [name, name.replace(/\.eml$/, '.txt')]) {
        const result = await upload(filename, email(name));
        expect(result.ok && result.type.mimeType, filename).toBe('message/rfc822');
      }
    }
  });
});

describe('checkFilename', () => {
  it('returns the name NFC-normalized and trimmed', () => {
    expect(checkFilename('  cafe\u0301 invoice.pdf  ')).toEqual({ ok: true, name: 'café invoice.pdf' });
    expect(checkFilename('Ærø — reçu.PDF')).toEqual({ ok: true, name: 'Ærø — reçu.PDF' });
    expect(checkFilename('a..b.pdf')).toEqual({ ok: true, name: 'a..b.pdf' });
  });

  it('accepts exactly 255 UTF-8 bytes and refuses 256', () => {
    expect(checkFilename(`${'a'.repeat(251)}.pdf`).ok).toBe(true);
    expect(checkFilename(`${'a'.repeat(252)}.pdf`).ok).toBe(false);
  });
});
