/**
 * Every reply template (stance × claim state × language), rendered into a real pack ZIP and read
 * back from it: no template says something the claim's state contradicts.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LicenseSummary, PackAsset, PackInput } from '../../src/modules/claims/pack/pack.types.ts';
import { stances, type Stance } from '../../src/modules/claims/pack/pack.types.ts';
import { formatDay, formatMoney } from '../../src/modules/claims/pack/pack-format.ts';
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

async function assetFor(stance: Stance, state: State): Promise<PackAsset> {
  const held: Record<Stance, Partial<PackAsset>> = {
    licensed: {},
    free_license: { licensesAtUse: [pressKit], licensesNow: [pressKit] },
    embedded: { licensesAtUse: [embedLicense], licensesNow: [embedLicense] },
    licensed_later: { licensesAtUse: [], licensesNow: [renewalLicense] },
    remove: { licensesAtUse: [], licensesNow: [] },
    ask_for_proof: { licensesAtUse: [], licensesNow: [] },
  };
  const now = state.settlementOutcome === 'license_purchased' ? [...(held[stance].licensesNow ?? [renewalLicense]), settlementLicense] : held[stance].licensesNow;
  const takedowns = state.settlementOutcome === 'no_future_use' ? [state.verified ? verifiedTakedown() : liveTakedown()] : [];
  return assetOf({ ...held[stance], ...(now ? { licensesNow: now } : {}), takedowns });
}

async function inputFor(stance: Stance, state: State, language: 'en' | 'de'): Promise<PackInput> {
  const base = await sampleInput({ stance });
  const receipt = proofOf({ id: 'proof-receipt', kind: 'receipt', filename: 'copytrack-receipt.pdf', content: minimalPdf('Receipt 250.00 EUR'), licenseId: 'lic-settle' });
  const settled = state.status === 'settled';
  return {
    ...base,
    replyLanguage: language,
    assets: [await assetFor(stance, state)],
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

/** What each stance's letter says for an open claim. */
const openMarker: Record<Stance, Record<'en' | 'de', RegExp>> = {
  licensed: { en: /The use you refer to was licensed/, de: /lag eine Lizenz vor/ },
  free_license: { en: /used with the permission below, and within its conditions:[\s\S]*press kit \/ editorial, Stadtwerke Nord.*terms: editorial use only.*credit line "Photo: Stadtwerke Nord \/ K\. Brandt"/, de: /mit der folgenden Erlaubnis und unter ihren Bedingungen genutzt:[\s\S]*press kit \/ editorial, Stadtwerke Nord.*Bedingungen: editorial use only.*Quellenangabe "Photo: Stadtwerke Nord \/ K\. Brandt"/ },
  embedded: { en: /served by Instagram through its embed; no copy is hosted on our site/, de: /von Instagram über dessen Einbettung ausgeliefert; auf unserer Website ist keine Kopie gespeichert/ },
  licensed_later: {
    en: new RegExp(`starts only on ${formatDay('2024-02-29')}; for the time before from ${formatDay('2023-07-14')} to ${formatDay('2024-02-28')} no license was held`),
    de: new RegExp(`erst am ${formatDay('2024-02-29')}; für den Zeitraum davor vom ${formatDay('2023-07-14')} bis ${formatDay('2024-02-28')} lag keine Lizenz vor`),
  },
  remove: { en: /itemised basis/, de: /Aufstellung der einzelnen Posten/ },
  ask_for_proof: { en: /Before we can assess your claim/, de: /Bevor wir Ihre Forderung prüfen können/ },
};
