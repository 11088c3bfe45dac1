import { describe, expect, it } from 'vitest';
import { MalformedFormDataError, splitFormData } from './split-form-data.ts';

const type = 'multipart/form-data; boundary=XyZ';
const form = (...lines: (string | Buffer)[]) => Buffer.concat(lines.map((l) => (typeof l === 'string' ? Buffer.from(l) : l)));
const binary = Buffer.from([0xff, 0xd8, 0x0d, 0x0a, 0x2d, 0x2d, 0x58, 0x79, 0x00, 0x0d, 0x0a, 0xff, 0xd9]); // CRLF and "--Xy" inside

describe('splitFormData', () => {
  it('splits fields and files, and each file is a view into the body, not a copy', () => {
    const body = form(
      '--XyZ\r\nContent-Disposition: form-data; name="payload"\r\nContent-Type: application/json\r\n\r\n{"a":1}\r\n',
      '--XyZ\r\ncontent-disposition: form-data; name="file"; filename="a \\"b\\".jpg"\r\n\r\n',
      binary,
      '\r\n--XyZ--\r\n',
    );
    const parts = splitFormData(body, type, 2);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([['payload', null], ['file', 'a "b".jpg']]);
    expect(parts[0]!.content.toString()).toBe('{"a":1}');
    expect(parts[1]!.content.equals(binary)).toBe(true);
    expect(parts[1]!.content.buffer).toBe(body.buffer);
  });

  it('accepts a quoted boundary, a preamble, transport padding, an empty part and unquoted names', () => {
    const body = form('preamble\r\n--a b \t\r\nContent-Disposition: form-data; name=x\r\n\r\n\r\n--a b--');
    const parts = splitFormData(body, 'Multipart/Form-Data; charset=utf-8; boundary="a b"', 2);
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ name: 'x', filename: null });
    expect(parts[0]!.content.length).toBe(0);
  });

  it('reads parameters left to right, and prefers an RFC 8187 filename*', () => {
    const body = form(
      '--XyZ\r\nContent-Disposition: form-data; filename="a; name=payload"; name="file"\r\n\r\nv\r\n',
      "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"fallback.jpg\"; filename*=UTF-8''na%C3%AFve%20caf%C3%A9.jpg\r\n\r\nv\r\n",
      '--XyZ--',
    );
    expect(splitFormData(body, type, 2).map((p) => [p.name, p.filename])).toEqual([['file', 'a; name=payload'], ['photo', 'naïve café.jpg']]);
  });

  it('stops reading after one part more than allowed', () => {
    const part = (n: number) => `--XyZ\r\nContent-Disposition: form-data; name="p${n}"\r\n\r\nv\r\n`;
    const body = form(part(1), part(2), part(3), part(4), '--XyZ--');
    expect(splitFormData(body, type, 2).map((p) => p.name)).toEqual(['p1', 'p2', 'p3']);
  });

  it.each([
    ['no boundary parameter', form('--XyZ--'), 'multipart/form-data'],
    ['another media type', form('--XyZ--'), 'multipart/mixed; boundary=XyZ'],
    ['a body without the boundary', form('hello'), type],
    ['a part that never ends', form('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nabc'), type],
    ['a part without headers', form('--XyZ\r\n\r\nabc\r\n--XyZ--'), type],
    ['headers that never end', form('--XyZ\r\nContent-Disposition: form-data; name="a"\r\nabc'), type],
    ['headers over 16 KB', form(`--XyZ\r\nContent-Disposition: form-data; name="a"\r\nX-Pad: ${'p'.repeat(17_000)}\r\n\r\nv\r\n--XyZ--`), type],
    ['a part that is not form-data', form('--XyZ\r\nContent-Disposition: attachment; name="a"\r\n\r\nv\r\n--XyZ--'), type],
    ['a part without a name', form('--XyZ\r\nContent-Disposition: form-data; filename="a.jpg"\r\n\r\nv\r\n--XyZ--'), type],
    ['a boundary over 70 characters', form(`--${'b'.repeat(71)}--`), `multipart/form-data; boundary=${'b'.repeat(71)}`],
    ['an empty boundary', form('----'), 'multipart/form-data; boundary=""'],
    ['a malformed Content-Disposition', form('--XyZ\r\nContent-Disposition: form-data; name="a" junk\r\n\r\nv\r\n--XyZ--'), type],
    ['a malformed filename*', form("--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename*=UTF-8''%zz\r\n\r\nv\r\n--XyZ--"), type],
    ['a boundary run into its content', form('--XyZabc\r\nContent-Disposition: form-data; name="a"\r\n\r\nv\r\n--XyZ--'), type],
  ])('refuses %s', (_label, body, contentType) => {
    expect(() => splitFormData(body, contentType, 2)).toThrow(MalformedFormDataError);
  });
});
