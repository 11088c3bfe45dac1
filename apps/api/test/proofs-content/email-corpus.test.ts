import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EmailParseError, parseEmail, type ParsedEmail } from '../../src/modules/proofs/content/email.parse.ts';
import { checkFilename } from '../../src/modules/proofs/content/file-type.rules.ts';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';
import { email } from './samples.ts';

type Outcome = { parsed: (e: ParsedEmail) => void } | { rejected: RegExp };

const names = (e: ParsedEmail) => e.attachments.map((a) => a.filename);
const starts = (content: Buffer, magic: string) => content.subarray(0, magic.length).toString('latin1') === magic;

// One row per file of fixtures/email (see INDEX.md there); a new corpus file fails the coverage test below.
const outcomes: Record<string, Outcome> = {
  'postalmime_mimetorture.eml': {
    parsed: (e) => {
      expect(e.subject).toBe("Ryan Finnie's MIME Torture Test v1.0");
      expect(e.from).toBe('Ryan Finnie <rfinnie@domain.dom>');
      expect(e.date).toBe('2003-10-24T06:28:34.000Z');
      expect(e.text).toContain("Welcome to Ryan Finnie's MIME torture test");
      expect(names(e)).toEqual(['foo.gz', 'blah.gz', 'blah1.gz', 'attachment-4.bin', 'htmlfile.html', 'smiley-3.png', 'dot.gif', 'signature.asc', 'attachment-9.gif']);
      const smiley = e.attachments.find((a) => a.filename === 'smiley-3.png')!;
      expect(smiley.contentId).toBe('<1066971953.4232.15.camel@localhost>');
      expect(starts(smiley.content, '\x89PNG')).toBe(true);
    },
  },
  'postalmime_calendar-event.eml': {
    parsed: (e) => {
      expect(e.subject).toContain('Test event ⏰');
      expect(e.from).toBe('Andris Reinman <andris@postalsys.com>');
      expect(names(e)).toEqual(['attachment-1.ics', 'invite.ics']); // the inline text/calendar part has no name
      expect(e.attachments[1]!.content.toString('utf8')).toContain('BEGIN:VCALENDAR');
    },
  },
  'mailparser_nodemailer.eml': {
    parsed: (e) => {
      expect(e.subject).toBe('Nodemailer is unicode friendly ✔ (1476358788189)');
      expect(e.from).toBe('Andris Kreata <andris@kreata.ee>');
      expect(e.to).toEqual(['Andris Reinman <andris+123@kreata.ee>', 'andris.reinman@gmail.com']);
      expect(e.messageId).toBe('<012d606e-3550-2d94-b566-6cd996de88e3@kreata.ee>');
      const nyan = e.attachments.find((a) => a.filename === 'nyan cat ✔.gif')!;
      expect(nyan).toMatchObject({ mimeType: 'image/gif', contentId: '<nyan@example.com>', disposition: 'attachment' });
      expect(starts(nyan.content, 'GIF8')).toBe(true);
    },
  },
  'mailparser_decoderended.eml': {
    parsed: (e) => {
      expect(e).toMatchObject({ subject: 'Fwd: fotos', from: 'wwuaof <booewq@uuui.com>', to: ['dabadabadu <wwer@iiieww.net>'], date: '2004-09-09T08:15:52.000Z' });
      expect(e.text).toContain('forwarded message attached');
    },
  },
  'mailparser_base64encodedroot.eml': {
    parsed: (e) => {
      expect(e).toMatchObject({ from: 'test@example.com', subject: null, date: null, text: '' });
      expect(names(e)).toEqual(['screenshot.png']);
      expect(starts(e.attachments[0]!.content, '\x89PNG\r\n\x1a\n')).toBe(true);
    },
  },
  'mikelmail_attachment_pdf.eml': {
    parsed: (e) => {
      expect(e.subject).toBe('Another PDF with 🎉 Unicode chars in it 🍿');
      expect(e.from).toBe('Test Tester <xxxx@xxxx.com>');
      expect(e.attachments).toHaveLength(1);
      expect(e.attachments[0]).toMatchObject({ filename: 'broken.pdf', mimeType: 'application/pdf', disposition: 'attachment' });
      expect(starts(e.attachments[0]!.content, '%PDF')).toBe(true);
    },
  },
  'mikelmail_attachment_nonascii_filename.eml': {
    parsed: (e) => {
      expect(names(e)).toEqual(['ciële.txt'.normalize('NFC')]);
      expect(e.attachments[0]!.content.toString('utf8').length).toBeGreaterThan(0);
    },
  },
  'mikelmail_attachment_message_rfc822.eml': {
    parsed: (e) => {
      expect(e.subject).toBe('testing');
      expect(e.text).toContain('This is the first part.');
      // the attached message is parsed inline: its PDF surfaces as an attachment of the outer one
      expect(names(e)).toEqual(['broken.pdf']);
      expect(starts(e.attachments[0]!.content, '%PDF')).toBe(true);
    },
  },
  'mikelmail_japanese_attachment.eml': {
    parsed: (e) => {
      expect(e.from).toBe('Mikel Lindsaar <raasdnil@gmail.com>');
      expect(names(e)).toEqual(['てすと.txt']);
    },
  },
  'mikelmail_japanese_iso_2022.eml': {
    parsed: (e) => {
      expect(e.subject).toBe('まみむめも');
      expect(e.to).toEqual(['みける <raasdnil@gmail.com>']);
      expect(e.text).toContain('すみません。');
    },
  },
  'mikelmail_japanese_shift_jis.eml': {
    parsed: (e) => {
      expect(e.text).toContain('あいうえお');
      expect(e.text).toContain('このメールはテスト用のメールです。');
    },
  },
  'mikelmail_ks_c_5601-1987.eml': { parsed: (e) => expect(e.text.trim()).toBe('스티해') },
  'mikelmail_content_transfer_encoding_with_8bits.eml': {
    parsed: (e) => {
      expect(e.subject).toBe('The Original Advantage #e13011');
      // HTML-only newsletter: the text is a rendering of it, without tags, styles or entities
      expect(e.text).toContain('December 04, 2001');
      expect(e.text).not.toMatch(/<[a-z/!]|&nbsp;|A:visited/i);
    },
  },
  'mikelmail_encoding_madness.eml': {
    parsed: (e) => {
      expect(e.subject).toMatch(/^eBay Bid - 2008 Ford Super Duty/);
      expect(e.text.trim()).toBe('Body Text');
    },
  },
  'mikelmail_utf8_headers.eml': {
    parsed: (e) => {
      expect(e).toMatchObject({ from: 'Jöhn Doe <jdöe@mächine.example>', to: ['Märy Smith <märy@exämple.net>'], subject: 'Säying Hello' });
      expect(e.text.trim()).toBe('body');
    },
  },
  'mikelmail_bad_encoded_subject.eml': { parsed: (e) => expect(e).toMatchObject({ from: null, to: [], date: null, attachments: [] }) },
  'mikelmail_missing_body.eml': { parsed: (e) => expect(e).toMatchObject({ subject: 'REDACTED', from: 'SCS_2 <redacted@attglobal.net>', text: '', attachments: [] }) },
  'mikelmail_raw_email_with_illegal_boundary.eml': {
    parsed: (e) => {
      expect(e.subject).toBe('Testing outlook');
      expect(e.text).toContain('This is an outlook test');
    },
  },
};

describe('the e-mail corpus, file by file', () => {
  it('has a row for every .eml in the corpus', () => {
    expect(Object.keys(outcomes).sort()).toEqual(readdirSync(fixturePath('email')).filter((n) => n.endsWith('.eml')).sort());
  });

  it.each(Object.entries(outcomes))('%s', async (file, outcome) => {
    let parsed: ParsedEmail | undefined;
    let error: unknown;
    try {
      parsed = await parseEmail(email(file));
    } catch (caught) {
      error = caught;
    }
    if ('rejected' in outcome) {
      expect(error).toBeInstanceOf(EmailParseError);
      expect((error as Error).message).toMatch(outcome.rejected);
      return;
    }
    expect(error, String(error)).toBeUndefined();
    outcome.parsed(parsed!);
    // Shape every parse must have, whatever the message.
    expect(parsed!.date === null || /^\d{4}-\d\d-\d\dT/.test(parsed!.date)).toBe(true);
    for (const attachment of parsed!.attachments) {
      expect(checkFilename(attachment.filename), attachment.filename).toEqual({ ok: true, name: attachment.filename });
      expect(Buffer.isBuffer(attachment.content)).toBe(true);
    }
  });
});
