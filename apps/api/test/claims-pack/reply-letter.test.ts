import { describe, expect, it } from 'vitest';
import type { PackInput } from '../../src/modules/claims/pack/pack.types.ts';
import { stances } from '../../src/modules/claims/pack/pack.types.ts';
import { draftReply } from '../../src/modules/claims/pack/reply-letter.ts';
import { assetOf, liveTakedown, proofOf, sampleInput } from './pack-fixtures.ts';

const invisible = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

describe('draft reply letter', () => {
  it('every stance, in both languages and formats, names the case reference and stays free of invisible characters', async () => {
    for (const stance of stances) {
      for (const language of ['en', 'de'] as const) {
        const reply = draftReply(await sampleInput({ stance }), { language });
        expect(reply.subject).toContain('CT-2025-04711');
        expect(reply.text).toContain('CT-2025-04711');
        expect(reply.markdown).toContain('CT-2025-04711');
        expect(reply.text).not.toMatch(invisible);
        expect(reply.text.endsWith('\n')).toBe(true);
        expect(reply.language).toBe(language);
      }
    }
  });

  it('licensed: states the license and its window, and encloses the license proof with its SHA-256', async () => {
    const input = await sampleInput({ stance: 'licensed' });
    const { text } = draftReply(input);
    expect(text).toContain('The use you refer to was licensed');
    expect(text).toContain('order/invoice INV-2019-0042, valid 2019-03-01 to 2024-02-28');
    const invoice = input.proofs.find((p) => p.kind === 'invoice')!;
    expect(text).toContain(`iStock-Rechnung INV-2019-0042.pdf (SHA-256 ${invoice.sha256})`);
    // The claimant's own letter is not "enclosed" back to them.
    expect(text).not.toContain('copytrack-letter.txt');
    expect(text).toMatch(/confirm this in writing/);
  });

  it('free_license: points to the source and its license evidence', async () => {
    const nasa = { ...(await sampleInput()).assets[0]!.licensesAtUse[0]!, id: 'lic-nasa', kind: 'public_domain', licensor: 'NASA', sourceUrl: 'https://images.nasa.gov/details/PIA12345', orderRef: null, validFrom: null, expiresOn: null };
    const snapshot = proofOf({ id: 'snap', kind: 'license_page_snapshot', filename: 'nasa-media-guidelines.html', mimeType: 'text/html', content: Buffer.from('<p>NASA content is generally not subject to copyright</p>'), licenseId: 'lic-nasa' });
    const input = await sampleInput({ stance: 'free_license', assets: [await assetOf({ stance: 'free_license', licensesAtUse: [nasa], licensesNow: [nasa] })], proofs: [snapshot] });
    const { text, markdown } = draftReply(input);
    expect(text).toContain('public domain or was obtained under a free license');
    expect(text).toContain('public domain, NASA, valid perpetual, no start date recorded, source https://images.nasa.gov/details/PIA12345');
    expect(text).toContain(`nasa-media-guidelines.html (SHA-256 ${snapshot.sha256})`);
    expect(markdown).toContain('<https://images.nasa.gov/details/PIA12345>');
  });

  it('remove: says the image is removed, is open to a reasonable settlement and asks for an itemised basis of the amount', async () => {
    const pending = draftReply(await sampleInput({ stance: 'remove', assets: [await assetOf({ stance: 'remove', licensesAtUse: [], licensesNow: [], takedowns: [liveTakedown()] })] }));
    expect(pending.text).toContain('We could not find a license for this use');
    expect(pending.text).toContain('are removing the remaining copies');
    expect(pending.text).toContain('reasonable settlement');
    expect(pending.text).toContain('the amount of 300.00 EUR');
    expect(pending.text).toContain('itemised basis');
    expect(pending.text).toContain('without admission of liability');

    const gone = liveTakedown();
    gone.checks = gone.checks.map((c) => ({ ...c, statusCode: 404 }));
    const verified = draftReply(await sampleInput({ stance: 'remove', assets: [await assetOf({ stance: 'remove', licensesAtUse: [], takedowns: [gone] })] }));
    expect(verified.text).toContain('On 2025-06-02 we checked every address under which the file was served; each now answers 404 or 410.');

    const german = draftReply(await sampleInput({ stance: 'remove', assets: [await assetOf({ takedowns: [gone] })] }), { language: 'de' });
    expect(german.text).toContain('Sehr geehrte Damen und Herren,');
    expect(german.text).toContain('ohne Anerkennung einer Rechtspflicht');
    expect(german.text).toContain('Mit freundlichen Grüßen');
  });

  it('ask_for_proof: asks for ownership, authority, the exact use (URLs and dates) and the calculation', async () => {
    const base = await sampleInput();
    const input = await sampleInput({
      stance: 'ask_for_proof',
      assets: [],
      proofs: [],
      claim: { ...base.claim, infringingUrls: ['https://blog.example/2020/01/post/', 'https://blog.example/?p=12'] },
    });
    const { text } = draftReply(input);
    expect(text).toContain('We have not been able to identify the image shown in your letter');
    expect(text).toContain('evidence that Jürgen Weiß Fotografie owns the copyright in the image');
    expect(text).toContain('your authorisation to do so');
    expect(text).toContain('the exact addresses (URLs) where you say the image was used, with the dates or period of the use');
    expect(text).toContain('https://blog.example/?p=12');
    expect(text).toContain('how the amount of 300.00 EUR was calculated');
    expect(text).toContain('we do not accept the claim');
  });

  it('addresses a rights holder writing directly by name, and works without a case reference', async () => {
    const base = await sampleInput();
    const reply = draftReply(await sampleInput({ stance: 'ask_for_proof', claim: { ...base.claim, agency: 'rights_holder', caseRef: null, receivedOn: null, amount: null } }));
    expect(reply.text).toContain('Dear Jürgen Weiß Fotografie,');
    expect(reply.subject).toBe('Your reference (no case reference given)');
    expect(reply.text).toContain('how the amount claimed was calculated');
  });

  it('keeps hostile values literal: Markdown stays text, bidi overrides and controls are gone, 10k-character fields are cut', async () => {
    const base = await sampleInput();
    const hostile: PackInput = await sampleInput({
      stance: 'ask_for_proof',
      claim: {
        ...base.claim,
        caseRef: '# CT-1 **urgent** [pay](javascript:alert(1)) <img src=x onerror=alert(1)>',
        rightsHolder: `Evil\u202Egnp.exe Corp\u0000\u0007 ${'W'.repeat(10_000)}`,
        infringingUrls: ['javascript:alert(1)', `https://blog.example/${'x'.repeat(10_000)}`],
      },
    });
    const { text, markdown } = draftReply(hostile);
    for (const out of [text, markdown]) {
      expect(out).not.toMatch(invisible);
      expect(out).toContain('Evilgnp.exe Corp');
      expect(out.length).toBeLessThan(12_000);
    }
    expect(markdown).not.toContain('[pay](');
    expect(markdown).toContain('\\[pay\\]');
    expect(markdown).not.toMatch(/(^|[^\\])<img/m);
    expect(markdown).toContain('\\<img');
    expect(markdown).not.toContain('**urgent**');
    expect(markdown).not.toContain('<javascript:');
    expect(markdown).toMatch(/^## Your reference \\# CT-1/m);
    expect(text).toContain('# CT-1 **urgent** [pay](javascript:alert(1))');
  });
});
