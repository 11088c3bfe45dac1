/**
 * Every reply template (stance × claim state × language), rendered into a real pack ZIP and read
 * back from it: no template says something the claim's state contradicts.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LicenseSummary, PackAsset, PackInput } from '../../src/modules/claims/pack/pack.types.ts';
import { stances, type Stance } from '../../src/modules/claims/pack/pack.types.ts';
import { packFormats } from '../../src/modules/claims/pack/pack-format.ts';
import { writeResponsePack } from '../../src/modules/claims/pack/response-pack.ts';
import { assetOf, istockLicense, liveTakedown, proofOf, renewalLicense, sampleInput } from './pack-fixtures.ts';
import { readZip } from './zip-reader.ts';
import { minimalPdf } from '../helpers/documents.ts';

type State = { name: string; status: string; settlementOutcome?: string; verified?: boolean };
const states: State[] = [
  { name: 'open (matched)', status: 'matched' },
  { name: 'responded', status: 'responded' },
  { name: 'settled by license', status: 'settled', settlementOutcome: 'license_purchased' },
  { name: 'no future use, removal verified', status: 'settled', settlementOutcome: 'no_future_use', verified: true },
  { name: 'no future use, removal in progress', status: 'settled', settlementOutcome: 'no_future_use', verified: false },
  { name: 'disputed', status: 'rejected' },
  { name: 'withdrawn', status: 'withdrawn' },
];

const embedLicense: LicenseSummary = { ...istockLicense, id: 'lic-embed', kind: 'embed_only', licensor: null, sourceUrl: 'https://www.instagram.com/p/Cx1AbCdEfGh/', orderRef: null, validFrom: '2019-01-01', expiresOn: null, usageTerms: null, cost: null, currency: null };
const pressKit: LicenseSummary = { ...istockLicense, id: 'lic-press', kind: 'press_kit', licensor: 'Stadtwerke Nord', sourceUrl: 'https://presse.example/kit', orderRef: null, validFrom: '2019-01-01', expiresOn: null, usageTerms: 'editorial use only', attributionRequired: true, attributionText: 'Photo: Stadtwerke Nord / K. Brandt', cost: null, currency: null };
const settlementLicense: LicenseSummary = { ...istockLicense, id: 'lic-settle', kind: 'settlement', licensor: 'Jürgen Weiß Fotografie', orderRef: 'CT-2025-04711', validFrom: '2025-06-01', expiresOn: null, usageTerms: 'web use on blog.example', cost: '250.00' };

const verifiedTakedown = () => {
  const t = liveTakedown();
  return { ...t, status: 'verified' as const, verifiedAt: new Date('2025-06-02T10:00:00Z'), checks: t.checks.map((c) => ({ ...c, statusCode: 404, checkedAt: new Date('2025-06-02T10:00:00Z') })) };
};

async function assetFor(stance: Stance, state: State, overrides: Partial<PackAsset> = {}): Promise<PackAsset> {
  // Each asset as the assessment gives it: its own stance, its own use day, whether the site hosts a copy.
  const held: Record<Stance, Partial<PackAsset>> = {
    licensed: {},
    free_license: { licensesAtUse: [pressKit], licensesNow: [pressKit] },
    // A true embed: no file in the library, served by Instagram only, shown on one page.
    embedded: { hosted: false, urls: [], image: null, licensesAtUse: [embedLicense], licensesNow: [embedLicense] },
    licensed_later: { licensesAtUse: [], licensesNow: [renewalLicense], licenses: [renewalLicense], usePeriod: { from: '2019-03-02', to: '2026-11-20' }, uncoveredPeriods: [{ from: '2019-03-02', to: '2024-02-28' }] },
    remove: { licensesAtUse: [], licensesNow: [] },
    ask_for_proof: { licensesAtUse: [], licensesNow: [] },
  };
  const now = state.settlementOutcome === 'license_purchased' ? [...(held[stance].licensesNow ?? [renewalLicense]), settlementLicense] : held[stance].licensesNow;
  const takedowns = state.settlementOutcome === 'no_future_use' ? [state.verified ? verifiedTakedown() : liveTakedown()] : [];
  return assetOf({ stance, ...held[stance], ...(now ? { licensesNow: now } : {}), takedowns, ...overrides });
}

async function inputFor(stance: Stance, state: State, language: 'en' | 'de', extraAssets: PackAsset[] = []): Promise<PackInput> {
  const base = await sampleInput({ stance });
  const receipt = proofOf({ id: 'proof-receipt', kind: 'receipt', filename: 'copytrack-receipt.pdf', content: minimalPdf('Receipt 250.00 EUR'), licenseId: 'lic-settle' });
  const settled = state.status === 'settled';
  return {
    ...base,
    replyLanguage: language,
    assets: [await assetFor(stance, state), ...extraAssets],
    proofs: state.settlementOutcome === 'license_purchased' ? [...base.proofs, receipt] : base.proofs,
    claim: {
      ...base.claim,
      status: state.status,
      settlementOutcome: state.settlementOutcome ?? null,
      settledOn: settled ? '2025-06-01' : null,
      settlementAmount: settled ? '250.00' : null,
      settlementLicenseId: state.settlementOutcome === 'license_purchased' ? 'lic-settle' : null,
    },
  };
}

async function repliesInZip(input: PackInput) {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (chunks.push(chunk), done()) });
  await writeResponsePack(input, sink, { fonts: 'standard' });
  const entries = new Map(readZip(Buffer.concat(chunks)).map((e) => [e.name.split('/').pop()!, e.data.toString('utf8')]));
  const text = entries.get('reply.txt');
  const markdown = entries.get('reply.md');
  if (!text || !markdown) throw new Error(`no reply in the pack: ${[...entries.keys()].join(', ')}`);
  return { text, markdown };
}

/** Phrases that belong to an open claim still being argued: asking for a basis, offering to settle, or saying nothing covers the use. */
const stillArguing = /itemised basis|open to a reasonable settlement|could not find a license|Aufstellung der einzelnen Posten|einvernehmlichen Lösung|keine Lizenz finden/i;
/** Phrases that say the image is still in use. */
const stillUsed = /still (used|in use|shown)|is licensed today|weiterhin (genutzt|verwendet)|besteht heute eine Lizenz|served by .* through its embed|über dessen Einbettung ausgeliefert/i;

describe('every reply template, read back from the pack', () => {
  for (const stance of stances) {
    for (const state of states) {
      for (const language of ['en', 'de'] as const) {
        it(`${stance} × ${state.name} × ${language}`, async () => {
          const { text, markdown } = await repliesInZip(await inputFor(stance, state, language));
          for (const body of [text, markdown]) {
            expect(body).toContain('CT-2025-04711');
            expect(body).not.toMatch(/^\s*Subject:/im);
            expect(body).not.toMatch(/^\s*Betreff:/im);
          }
          const de = language === 'de';
          const { day: formatDay, money: formatMoney } = packFormats[language];
          // Only an embedded image is said to be served by a platform with no copy hosted.
          if (stance !== 'embedded') expect(text).not.toMatch(embedWords);
          // Dates and amounts in the language's format: no ISO day or "300.00 EUR" in a German reply, no "14.07.2023" in an English one.
          if (de) expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b|\d\.\d{2} EUR/);
          else expect(text).not.toMatch(/\b\d{2}\.\d{2}\.\d{4}\b|\d,\d{2} €/);
          switch (state.status) {
            case 'settled':
              expect(text).not.toMatch(stillArguing);
              expect(text).toContain(de ? `Einigung vom ${formatDay('2025-06-01')}` : `settlement of ${formatDay('2025-06-01')}`);
              if (state.settlementOutcome === 'license_purchased') {
                const paid = formatMoney('250.00', 'EUR');
                expect(text).toContain(de ? `Lizenz für die Nutzung erworben und ${paid} gezahlt` : `bought a license for the use and paid ${paid}`);
                expect(text).toContain('copytrack-receipt.pdf');
                expect(text).toContain('web use on blog.example');
              } else {
                expect(text).not.toMatch(stillUsed);
                expect(text).toContain(de ? 'künftig nicht nutzen' : 'will not use it in future');
                if (state.verified) expect(text).toContain(de ? 'Entfernungsbestätigung liegt bei' : 'removal certificate is enclosed');
                else expect(text).not.toMatch(/certificate is enclosed|Entfernungsbestätigung liegt bei/);
              }
              break;
            case 'rejected':
              expect(text).not.toMatch(stillArguing);
              expect(text).toContain(de ? 'weisen die Forderung über' : 'We dispute the claim for');
              break;
            case 'withdrawn':
              expect(text).not.toMatch(stillArguing);
              expect(text).toContain(de ? 'zurückgenommen' : 'withdrawn the claim');
              break;
            default:
              expect(text).toMatch(openMarker[stance][language]);
          }
        });
      }
    }
  }
});

const embedWords = /through its embed|no copy is hosted|über dessen Einbettung|keine Kopie gespeichert/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const deFormats = packFormats.de;

/** What each stance's letter says for an open claim (the asset's own use day is 2019-03-02, its first recorded use). */
const openMarker: Record<Stance, Record<'en' | 'de', RegExp>> = {
  licensed: { en: /The use you refer to was licensed/, de: /lag eine Lizenz vor/ },
  free_license: { en: /used with the permission below, and within its conditions:[\s\S]*press kit \/ editorial, Stadtwerke Nord.*terms: editorial use only.*credit line "Photo: Stadtwerke Nord \/ K\. Brandt"/, de: /mit der folgenden Erlaubnis und unter ihren Bedingungen genutzt:[\s\S]*press kit \/ editorial, Stadtwerke Nord.*Bedingungen: editorial use only.*Quellenangabe "Photo: Stadtwerke Nord \/ K\. Brandt"/ },
  embedded: { en: /served by Instagram through its embed; no copy is hosted on our site/, de: /von Instagram über dessen Einbettung ausgeliefert; auf unserer Website ist keine Kopie gespeichert/ },
  licensed_later: {
    en: /licensed only from 2024-02-29 on, however; for the time before, from 2019-03-02 to 2024-02-28, no license was held/,
    de: new RegExp(escape(`erst ab dem ${deFormats.day('2024-02-29')} lizenziert; für den Zeitraum davor, vom ${deFormats.day('2019-03-02')} bis ${deFormats.day('2024-02-28')}, lag keine Lizenz vor`)),
  },
  remove: { en: /itemised basis/, de: /Aufstellung der einzelnen Posten/ },
  ask_for_proof: { en: /Before we can assess your claim/, de: /Bevor wir Ihre Forderung prüfen können/ },
};

/** A second image of the same claim, licensed on its own (hosted, a paid license at its use). */
const harbourLicense: LicenseSummary = { ...istockLicense, id: 'lic-harbour', orderRef: 'INV-2020-0099', validFrom: '2020-01-01', expiresOn: null };
const harbour = () => assetOf({ id: 'asset-2', filename: 'harbour-licensed.jpg', stance: 'licensed', useDay: '2020-02-01', licensesAtUse: [harbourLicense], licensesNow: [harbourLicense] });
const open: State = { name: 'open (matched)', status: 'matched' };

describe('a claim of two images: each paragraph names its own image and its own basis', () => {
  for (const stance of ['free_license', 'embedded', 'licensed_later', 'remove'] as const) {
    for (const language of ['en', 'de'] as const) {
      it(`${stance} beside a licensed image × ${language}`, async () => {
        const { text } = await repliesInZip(await inputFor(stance, open, language, [await harbour()]));
        const lines = text.split('\n');
        // The embed line is printed for the embedded image only, never for the hosted, licensed one.
        const embedLines = lines.filter((l) => embedWords.test(l));
        if (stance === 'embedded') expect(embedLines).toEqual([expect.stringMatching(/^ {2}- iStock-1234567-beach\.jpg: /)]);
        else expect(embedLines).toEqual([]);
        // The licensed image is named under a licensed heading, with its own license, not as "the permission" or as removed.
        const heading = language === 'de' ? 'Für harbour-licensed.jpg lag zur Zeit der Nutzung eine Lizenz vor:' : 'For harbour-licensed.jpg, a license was held at the time of use:';
        expect(text).toContain(`${heading}\n\n  - harbour-licensed.jpg: stock, royalty-free, iStock by Getty Images, ${language === 'de' ? 'Bestell-/Rechnungsnummer' : 'order/invoice'} INV-2020-0099`);
        const permission = /permission below, and within its conditions:|mit der folgenden Erlaubnis und unter ihren Bedingungen genutzt:/;
        const underPermission = text.split(/\n\n/).findIndex((b) => permission.test(b));
        if (underPermission >= 0) expect(text.split(/\n\n/)[underPermission + 1]).not.toContain('harbour-licensed.jpg');
        if (stance === 'remove') {
          expect(text).toContain(language === 'de' ? 'Für die Nutzung von iStock-1234567-beach.jpg konnten wir' : 'We could not find a license for the use of iStock-1234567-beach.jpg in our records.');
          expect(text).not.toMatch(/We could not find a license for this use|Für diese Nutzung konnten wir/);
        }
        // The German dates and amounts stay German in the extra paragraphs too.
        if (language === 'de') expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
      });
    }
  }

  it('licensed_later for two images: each period runs from that image own day of use to the day before its own license', async () => {
    const later2: LicenseSummary = { ...renewalLicense, id: 'lic-later-2', orderRef: 'INV-2022-0001', validFrom: '2022-01-01' };
    const second = await assetOf({
      id: 'asset-2', filename: 'pier-later.jpg', stance: 'licensed_later', useDay: '2021-05-10', licensesAtUse: [], licensesNow: [later2, embedLicense],
      usePeriod: { from: '2021-05-10', to: '2026-11-20' }, uncoveredPeriods: [{ from: '2021-05-10', to: '2021-12-31' }],
    });
    for (const language of ['en', 'de'] as const) {
      const { text } = await repliesInZip(await inputFor('licensed_later', open, language, [second]));
      const d = packFormats[language].day;
      if (language === 'en') {
        expect(text).toContain('iStock-1234567-beach.jpg: The use was licensed only from 2024-02-29 on, however; for the time before, from 2019-03-02 to 2024-02-28, no license was held.');
        expect(text).toContain('pier-later.jpg: The use was licensed only from 2022-01-01 on, however; for the time before, from 2021-05-10 to 2021-12-31, no license was held.');
        expect(text).toContain('For the uncovered periods we are open to a reasonable settlement');
      } else {
        expect(text).toContain(`pier-later.jpg: Die Nutzung war jedoch erst ab dem ${d('2022-01-01')} lizenziert; für den Zeitraum davor, vom ${d('2021-05-10')} bis ${d('2021-12-31')}, lag keine Lizenz vor.`);
        expect(text).toContain('Für die nicht lizenzierten Zeiträume sind wir zu einer angemessenen Einigung bereit');
      }
      // An embed license held today is no "license today".
      expect(text).not.toMatch(/pier-later\.jpg: embed only/);
    }
  });

  it('signs with the one site of the claim, or names each site when its images are on two', async () => {
    const other = await harbour();
    other.site = { name: 'Harbour Shop', baseUrl: 'https://shop.example' };
    const two = await repliesInZip(await inputFor('licensed', open, 'en', [other]));
    expect(two.text).toMatch(/\[Name\]\nfor the websites Bäckerei Müller Blog \(https:\/\/blog\.example\) and Harbour Shop \(https:\/\/shop\.example\)\n$/);
    expect(two.text).toContain('concerning the images iStock-1234567-beach.jpg on https://blog.example and harbour-licensed.jpg on https://shop.example');
    const one = await repliesInZip({ ...(await inputFor('licensed', open, 'de')), claim: { ...(await inputFor('licensed', open, 'de')).claim, site: { name: 'Bäckerei Müller Blog', baseUrl: 'https://blog.example' } } });
    expect(one.text).toMatch(/\[Name\]\nBäckerei Müller Blog\n$/);
  });
});

describe('remove after a license that covered most of the use', () => {
  for (const language of ['en', 'de'] as const) {
    it(`names the license, the days it covered, its proof and the uncovered days, never "no license found" × ${language}`, async () => {
      const input = await inputFor('remove', open, language);
      input.assets[0] = { ...input.assets[0]!, licenses: [istockLicense], usePeriod: { from: '2019-03-02', to: '2026-11-20' }, uncoveredPeriods: [{ from: '2024-02-29', to: '2026-11-20' }] };
      const { text } = await repliesInZip(input);
      const d = packFormats[language].day;
      expect(text).not.toMatch(/could not find a license|keine Lizenz finden/);
      if (language === 'en') {
        expect(text).toContain('This use was licensed for part of its duration only:');
        expect(text).toMatch(/iStock-1234567-beach\.jpg: stock, royalty-free, iStock by Getty Images, order\/invoice INV-2019-\d+.*; covered the use from 2019-03-02 to 2024-02-28/);
        expect(text).toContain('No license was held from 2024-02-29 to 2026-11-20.');
      } else {
        expect(text).toContain('Für diese Nutzung lag nur für einen Teil ihrer Dauer eine Lizenz vor:');
        expect(text).toContain(`; deckte die Nutzung vom ${d('2019-03-02')} bis ${d('2024-02-28')}`);
        expect(text).toContain(`Keine Lizenz lag vom ${d('2024-02-29')} bis ${d('2026-11-20')} vor.`);
      }
      const invoice = input.proofs.find((p) => p.licenseId === istockLicense.id)!;
      expect(text).toContain(invoice.filename);
    });
  }
});

describe('an embed whose embed license is dated after the first use', () => {
  for (const language of ['en', 'de'] as const) {
    it(`is answered as an embed, naming the platform and the post, never as a use to remove × ${language}`, async () => {
      const lateEmbed: LicenseSummary = { ...embedLicense, id: 'lic-embed-late', validFrom: '2022-05-01' };
      const input = await inputFor('embedded', open, language);
      input.assets[0] = { ...input.assets[0]!, licensesAtUse: [], licensesNow: [lateEmbed], licenses: [lateEmbed], usePeriod: { from: '2019-03-02', to: '2026-11-20' }, uncoveredPeriods: [{ from: '2019-03-02', to: '2022-04-30' }] };
      const { text } = await repliesInZip(input);
      expect(text).toMatch(language === 'de' ? /von Instagram über dessen Einbettung ausgeliefert; auf unserer Website ist keine Kopie gespeichert \(eingebetteter Beitrag https:\/\/www\.instagram\.com\/p\/Cx1AbCdEfGh\/\)/ : /served by Instagram through its embed; no copy is hosted on our site \(embedded post https:\/\/www\.instagram\.com\/p\/Cx1AbCdEfGh\/\)/);
      expect(text).not.toMatch(/could not find a license|keine Lizenz finden|no license was held|lag keine Lizenz vor|itemised basis/);
    });
  }
});

