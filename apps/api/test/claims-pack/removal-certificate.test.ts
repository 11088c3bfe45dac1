import { describe, expect, it } from 'vitest';
import type { TakedownInput } from '../../src/modules/claims/pack/pack.types.ts';
import { renderRemovalCertificatePdf } from '../../src/modules/claims/pack/removal-certificate.ts';
import { takedownVerdict } from '../../src/modules/claims/pack/takedown-verdict.ts';
import { liveTakedown } from './pack-fixtures.ts';
import { readPdf } from './pdf-text.ts';

const at = (s: number) => new Date(Date.UTC(2025, 5, 2, 9, 0, s));
const check = (url: string, statusCode: number | null, s: number, error: string | null = null) => ({ url, statusCode, error, checkedAt: at(s) });

const certificate = (takedown: TakedownInput, caseRef: string | null = 'PX-88123') =>
  renderRemovalCertificatePdf({
    generatedAt: new Date('2025-06-03T12:00:00Z'),
    takedown,
    asset: { id: 'asset-1', filename: 'beach.jpg', title: 'Strand' },
    site: { name: 'Blog', baseUrl: 'https://blog.example' },
    caseRef,
  });

describe('takedown verdict', () => {
  it('is verified only when the latest answer of every URL is 404 or 410', () => {
    expect(takedownVerdict([check('a', 404, 1), check('b', 410, 2)]).verified).toBe(true);
    expect(takedownVerdict([check('a', 404, 1), check('b', 200, 2)]).verified).toBe(false);
    for (const status of [200, 301, 302, 403, 451, 500, 503]) expect(takedownVerdict([check('a', status, 1)]).verified).toBe(false);
    expect(takedownVerdict([check('a', null, 1, 'timeout')]).verified).toBe(false);
    expect(takedownVerdict([]).verified).toBe(false);
  });

  it('judges each URL by its latest check, whatever order the checks come in', () => {
    const recheck = [check('a', 404, 5), check('a', 200, 1), check('b', 200, 2), check('b', 410, 6)];
    const verdict = takedownVerdict(recheck);
    expect(verdict.verified).toBe(true);
    expect(verdict.latest.map((c) => c.statusCode)).toEqual([404, 410]);
    expect(verdict.lastCheckedAt).toEqual(at(6));
    expect(takedownVerdict([check('a', 404, 1), check('a', 200, 9)]).stillLive.map((c) => c.url)).toEqual(['a']);
  });
});

describe('removal certificate PDF', () => {
  it('lists every URL with its answer and time, and names the still-live ones when not verified', async () => {
    const takedown = liveTakedown();
    const pdf = await readPdf(await certificate(takedown));
    expect(pdf.text).toContain('Removal certificate');
    expect(pdf.text).toContain('Case reference: PX-88123');
    expect(pdf.text).toContain('NOT VERIFIED: 2 of 5 URLs');
    expect(pdf.text).toContain('Still live (2)');
    for (const c of takedown.checks) expect(pdf.compact).toContain(c.url.replace(/\s/g, ''));
    expect(pdf.compact).toContain('200https://blog.example/wp-content/uploads/2019/03/beach-300x200.jpg');
    expect(pdf.compact).toContain('200https://blog.example/wp-content/uploads/2019/03/beach-scaled.jpg');
    expect(pdf.text).toContain('2025-06-02 09:01:03 UTC');
    expect(pdf.text.match(/\bLIVE\b/g)).toHaveLength(2);
    expect(pdf.text.match(/\bremoved\b/g)!.length).toBeGreaterThanOrEqual(3);
    expect(pdf.outside).toEqual([]);
  });

  it('is VERIFIED once a re-check finds every copy gone, and keeps the history', async () => {
    const first = liveTakedown();
    const recheck = first.checks.map((c, i) => ({ ...c, statusCode: i % 2 ? 410 : 404, checkedAt: new Date(c.checkedAt.getTime() + 3_600_000) }));
    const pdf = await readPdf(await certificate({ ...first, status: 'verified', verifiedAt: recheck[4]!.checkedAt, checks: [...first.checks, ...recheck] }));
    expect(pdf.text).toContain('VERIFIED: every one of the 5 URLs checked answered 404 or 410.');
    expect(pdf.text).not.toContain('NOT VERIFIED');
    expect(pdf.text).not.toContain('Still live');
    expect(pdf.text).toContain('Every check, in order (10)');
  });

  it('never calls a takedown verified from its stored status alone: no checks, errors and timeouts are not removal', async () => {
    const none = await readPdf(await certificate({ ...liveTakedown(), status: 'verified', checks: [] }, null));
    expect(none.text).toContain('NOT VERIFIED: no URL has been checked yet.');
    const errors = await readPdf(await certificate({ ...liveTakedown(), checks: [check('https://blog.example/a.jpg', 404, 1), check('https://blog.example/a-150x150.jpg', null, 2, 'timeout after 15000 ms')] }));
    expect(errors.text).toContain('NOT VERIFIED: 1 of 2 URLs');
    expect(errors.compact).toContain('noanswer(timeoutafter15000ms)');
  });

  it('puts hundreds of checked URLs on as many pages as needed, header repeated', async () => {
    const checks = Array.from({ length: 300 }, (_, i) => check(`https://blog.example/wp-content/uploads/2019/03/photo-${i}-${'x'.repeat(i % 7 ? 10 : 200)}.jpg`, i === 299 ? 200 : 404, i));
    const pdf = await readPdf(await certificate({ ...liveTakedown(), checks }));
    expect(pdf.pages).toBeGreaterThan(5);
    // The table starts on page 1 and runs to the last page: its header is on every page.
    expect(pdf.text.match(/Answer Checked at Result URL/g)).toHaveLength(pdf.pages);
    expect(pdf.text).toContain('NOT VERIFIED: 1 of 300 URLs');
    expect(pdf.outside).toEqual([]);
  });
});
