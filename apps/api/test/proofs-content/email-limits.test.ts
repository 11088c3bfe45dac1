import { describe, expect, it } from 'vitest';
import { EmailParseError, parseEmail, type ParsedEmail } from '../../src/modules/proofs/content/email.parse.ts';
import { htmlToText } from '../../src/modules/proofs/content/html-to-text.ts';
import { handWrittenPdf, message } from './samples.ts';

const headers = ['From: Jane Doe <jane@example.com>', 'To: licensing@example.org', 'Subject: Permission', 'Date: Tue, 5 May 2026 10:00:00 +0200', 'MIME-Version: 1.0'];

function withAttachments(parts: { disposition: string; type?: string; body?: string }[]): Buffer {
  const boundary = 'b0undary';
  const body = parts
    .map(({ disposition, type = 'application/pdf', body = handWrittenPdf().toString('base64') }) =>
      [`--${boundary}`, `Content-Type: ${type}`, 'Content-Transfer-Encoding: base64', `Content-Disposition: ${disposition}`, '', body].join('\r\n'),
    )
    .join('\r\n');
  return message([...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`], `--${boundary}\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n${body}\r\n--${boundary}--\r\n`);
}

/** Either a parse or an EmailParseError, never another exception. */
async function outcome(bytes: Buffer, timeoutMs?: number): Promise<ParsedEmail | EmailParseError> {
  try {
    return await parseEmail(bytes, timeoutMs ? { timeoutMs } : {});
  } catch (error) {
    if (error instanceof EmailParseError) return error;
    throw error;
  }
}

describe('parseEmail limits and hostile MIME', () => {
  // 'parsed': parseEmail returns what `parsed` describes; a RegExp: it throws an EmailParseError saying so.
  const cases: ({ name: string; bytes: () => Buffer } & ({ expected: RegExp } | { expected: 'parsed'; parsed: Partial<ParsedEmail> }))[] = [
    { name: 'an empty buffer', bytes: () => Buffer.alloc(0), expected: /empty/ },
    { name: 'a message over 25 MB', bytes: () => Buffer.concat([message(headers, ''), Buffer.alloc(25 * 1024 * 1024, 0x61)]), expected: /25 MB/ },
    { name: '51 attachments', bytes: () => withAttachments(Array.from({ length: 51 }, (_, i) => ({ disposition: `attachment; filename="p${i}.pdf"` }))), expected: /51 attachments/ },
    {
      name: 'exactly 50 attachments',
      bytes: () => withAttachments(Array.from({ length: 50 }, (_, i) => ({ disposition: `attachment; filename="p${i}.pdf"` }))),
      expected: 'parsed',
      parsed: { subject: 'Permission', attachments: Array.from({ length: 50 }, (_, i) => expect.objectContaining({ filename: `p${i}.pdf`, mimeType: 'application/pdf' })) },
    },
    // postal-mime takes the noise's lines with a colon for header fields, so it is a message, but
    // one with nothing in it: no sender, date, subject, text or attachment is made up from noise.
    {
      name: 'binary noise',
      bytes: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
      expected: 'parsed',
      parsed: { from: null, to: [], cc: [], date: null, subject: null, messageId: null, text: '', attachments: [] },
    },
    { name: 'text without any header', bytes: () => Buffer.from('\r\n\r\njust a body'), expected: /no header fields/ },
    {
      name: '500 nested multiparts',
      bytes: () => {
        let body = 'leaf';
        for (let depth = 0; depth < 500; depth++) body = `Content-Type: multipart/mixed; boundary="b${depth}"\r\n\r\n--b${depth}\r\n${body}\r\n--b${depth}--`;
        return Buffer.from(`From: a@example.com\r\n${body}`);
      },
      expected: /could not be parsed/,
    },
    { name: 'a 3 MB header block', bytes: () => message([...headers, ...Array.from({ length: 30_000 }, (_, i) => `X-Filler-${i}: ${'x'.repeat(90)}`)], 'body'), expected: /could not be parsed/ },
    // The part before the missing closing boundary is kept.
    {
      name: 'an unterminated multipart',
      bytes: () => message([...headers, 'Content-Type: multipart/mixed; boundary="never"'], '--never\r\nContent-Type: text/plain\r\n\r\nhello'),
      expected: 'parsed',
      parsed: { from: 'Jane Doe <jane@example.com>', subject: 'Permission', text: 'hello\n', attachments: [] },
    },
  ];

  it.each(cases)('$name -> $expected', async (c) => {
    const result = await outcome(c.bytes());
    if (c.expected === 'parsed') {
      expect(result, result instanceof EmailParseError ? result.message : '').not.toBeInstanceOf(EmailParseError);
      expect(result).toMatchObject(c.parsed);
    } else {
      expect(result).toBeInstanceOf(EmailParseError);
      expect((result as EmailParseError).message).toMatch(c.expected);
    }
  });

  it('gives up after the timeout instead of hanging', async () => {
    const started = Date.now();
    const result = await outcome(withAttachments([{ disposition: 'attachment; filename="a.pdf"' }]), 1);
    expect(result).toBeInstanceOf(EmailParseError);
    expect((result as EmailParseError).message).toMatch(/longer than 1 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects input that is not bytes with EmailParseError', async () => {
    await expect(parseEmail('From: a@example.com\r\n\r\nhi' as unknown as Buffer)).rejects.toBeInstanceOf(EmailParseError);
  });
});

describe('parseEmail output', () => {
  it('cleans attachment names and falls back to attachment-<n>.<ext>', async () => {
    const parsed = await parseEmail(
      withAttachments([
        { disposition: 'attachment; filename="../../etc/passwd.pdf"' },
        { disposition: "attachment; filename*=utf-8''invoice%E2%80%AEfdp.exe" },
        { disposition: 'attachment; filename="C:\\\\Users\\\\me\\\\receipt.pdf"' }, // quoted-pairs: the name is C:\Users\me\receipt.pdf
        { disposition: `attachment; filename="${'long'.repeat(100)}.pdf"` },
        { disposition: 'attachment' },
        { disposition: 'inline', type: 'image/png' },
        { disposition: 'attachment; filename="...."' },
      ]),
    );
    const [traversal, bidi, windowsPath, long, nameless, inline, dots] = parsed.attachments;
    expect(traversal?.filename).toBe('passwd.pdf');
    expect(bidi?.filename).toBe('invoicefdp.exe'); // the override is gone, so the real extension shows
    expect(windowsPath?.filename).toBe('receipt.pdf');
    expect(long?.filename).toMatch(/^(long)+.*\.pdf$/);
    expect(Buffer.byteLength(long!.filename)).toBeLessThanOrEqual(255);
    expect(nameless?.filename).toBe('attachment-5.pdf');
    expect(inline).toMatchObject({ filename: 'attachment-6.png', disposition: 'inline', mimeType: 'image/png' });
    expect(dots?.filename).toBe('attachment-7.pdf');
    expect(traversal?.content.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('keeps CR/LF smuggled through encoded words out of header values', async () => {
    const word = (text: string) => `=?utf-8?b?${Buffer.from(text).toString('base64')}?=`;
    const parsed = await parseEmail(message([`From: ${word('Eve\r\nBcc: x@evil.example')} <eve@example.com>`, `Subject: ${word('Hello\r\nX-Injected: 1')}`], 'hi'));
    expect(parsed.subject).toBe('Hello X-Injected: 1');
    expect(parsed.from).toBe('Eve Bcc: x@evil.example <eve@example.com>');
  });

  it('renders an HTML-only body as text and reports an unreadable date as null', async () => {
    const parsed = await parseEmail(
      message(
        ['From: shop@example.com', 'Date: sometime last week', 'Content-Type: text/html; charset=utf-8'],
        '<html><head><style>p{color:red}</style><title>t</title></head><body><p>Receipt&nbsp;#42</p><script>x()</script><ul><li>Photo &amp; licence</li></ul><p>Total: &euro;49</p></body></html>',
      ),
    );
    expect(parsed.date).toBeNull();
    expect(parsed.text).toBe('Receipt #42\n\n* Photo & licence\n\nTotal: €49');
  });

  it('strips hostile HTML in linear time', () => {
    const started = Date.now();
    expect(htmlToText('<a'.repeat(500_000)).length).toBeGreaterThan(0); // never closed, so never a tag
    expect(htmlToText('<script>'.repeat(100_000))).toBe('');
    expect(htmlToText('<!--'.repeat(200_000) + 'x')).toBe('');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
