import {
  agencyLabels,
  cleanText,
  formatDay,
  formatInstant,
  formatMoney,
  labelOf,
  licenseFacts,
  licenseTitle,
  proofKindLabels,
  rightsLabels,
  stanceLabels,
} from './pack-format.ts';
import type { LicenseSummary, PackAsset, PackInput, TakedownInput } from './pack.types.ts';
import { resolvePdfFonts, type PdfFontChoice } from './pdf-fonts.ts';
import { toPdfImage, type PdfImage } from './pdf-images.ts';
import { PdfWriter } from './pdf-writer.ts';
import { answerOf, takedownVerdict } from './takedown-verdict.ts';

export type SummaryPdfOptions = {
  fonts?: PdfFontChoice;
  /** Where each proof sits inside the ZIP (proof id -> path), so the reader can find the file. */
  proofPaths?: ReadonlyMap<string, string>;
};

const url = (value: string) => cleanText(value, { max: 2048 });

/** Case reference as printed everywhere: the agency's reference, or our own id when the letter gave none. */
export const caseLabel = (claim: PackInput['claim']) => (claim.caseRef ? cleanText(claim.caseRef, { max: 200 }) : `(no case reference) claim ${cleanText(claim.id, { max: 64 })}`);

/**
 * The summary a person reads first: case details, the claim image beside each stored image, what was held
 * at the time of use and now, the proofs with their SHA-256, the timeline, takedown results, the stance.
 */
export async function renderClaimSummaryPdf(input: PackInput, options: SummaryPdfOptions = {}): Promise<Buffer> {
  const fonts = resolvePdfFonts(options.fonts);
  const { claim } = input;
  const ref = caseLabel(claim);
  const pdf = new PdfWriter(fonts, {
    title: `Claim ${ref}`,
    subject: 'Claim response summary',
    generatedAt: input.generatedAt,
    footer: `Case ${cleanText(ref, { max: 80 })} - generated ${formatInstant(input.generatedAt)}`,
  });

  pdf.title('Claim response summary', `Generated ${formatInstant(input.generatedAt)} by Clearance`);
  pdf.paragraph('Case reference', { size: 9, color: '#555555' });
  pdf.paragraph(ref, { size: 16, bold: true });
  pdf.gap();

  pdf.heading('Case details');
  pdf.fields([
    ['Agency', labelOf(agencyLabels, claim.agency)],
    ['Rights holder named', cleanText(claim.rightsHolder, { max: 300 }) || '-'],
    ['Letter received', formatDay(claim.receivedOn)],
    ['Deadline', formatDay(claim.deadlineOn)],
    ['Claimed use on', formatDay(claim.claimedUseOn ?? claim.receivedOn)],
    ['Amount demanded', formatMoney(claim.amount, claim.currency)],
    ['Status', cleanText(claim.status, { max: 40 })],
    ['Claim id', cleanText(claim.id, { max: 64 })],
  ]);
  pdf.field('Infringing URLs', claim.infringingUrls.length ? String(claim.infringingUrls.length) : 'none given');
  for (const u of claim.infringingUrls) pdf.paragraph(`- ${url(u)}`, { indent: 12, size: 9 });
  if (claim.notes) pdf.field('Notes', cleanText(claim.notes, { max: 5000, multiline: true }));

  pdf.heading('Recommended stance');
  pdf.paragraph(labelOf(stanceLabels, input.stance), { bold: true });
  if (input.stanceReason) pdf.paragraph(cleanText(input.stanceReason, { max: 3000, multiline: true }));

  const claimImage = await toPdfImage(input.claimImage?.bytes);
  const claimCaption = input.claimImage ? `Claim image: ${cleanText(input.claimImage.filename, { max: 120 })}` : 'Claim image';
  const claimImageShown: PdfImage = input.claimImage ? claimImage : { ok: false, reason: 'No claim image supplied' };
  const useDay = claim.claimedUseOn ?? claim.receivedOn;

  if (input.assets.length === 0) {
    pdf.ensureSpace(280);
    pdf.heading('Matched assets');
    pdf.paragraph('No asset in the library was confirmed as the claimed image.');
    pdf.images([{ caption: claimCaption, image: claimImageShown }]);
  }
  for (const [i, asset] of input.assets.entries()) {
    pdf.ensureSpace(280); // the asset's heading stays with its pictures
    pdf.heading(`Asset ${i + 1} of ${input.assets.length}: ${cleanText(asset.filename, { max: 255 })}`);
    pdf.images([
      { caption: claimCaption, image: claimImageShown },
      { caption: `Stored image: ${cleanText(asset.filename, { max: 120 })}`, image: await toPdfImage(asset.image) },
    ]);
    await writeAsset(pdf, asset, useDay, input.generatedAt);
  }

  pdf.heading(`Proofs (${input.proofs.length})`);
  if (input.proofs.length === 0) pdf.paragraph('No proof documents are held for this claim.');
  for (const [i, proof] of input.proofs.entries()) {
    pdf.ensureSpace(60);
    pdf.paragraph(`${i + 1}. ${labelOf(proofKindLabels, proof.kind)}: ${cleanText(proof.filename, { max: 255 })}`, { bold: true, size: 9.5 });
    const facts: Array<[string, string]> = [
      ['SHA-256', cleanText(proof.sha256, { max: 64 })],
      ['Type and size', `${cleanText(proof.mimeType, { max: 100 })}, ${proof.bytes.toLocaleString('en-US')} bytes`],
    ];
    const path = options.proofPaths?.get(proof.id);
    if (path) facts.push(['In this pack', path]);
    if (proof.licenseId) facts.push(['Backs license', cleanText(proof.licenseId, { max: 64 })]);
    if (proof.note) facts.push(['Note', cleanText(proof.note, { max: 2000, multiline: true })]);
    pdf.fields(facts, { indent: 12, size: 8.5 });
  }

  pdf.heading('Timeline');
  const timeline = timelineOf(input);
  if (timeline.length === 0) pdf.paragraph('Nothing recorded.');
  for (const entry of timeline) pdf.field(entry.when, entry.what, { size: 9 });

  pdf.heading('Integrity');
  pdf.fields([
    ['Generated at', formatInstant(input.generatedAt)],
    ['Audit chain head', input.auditHead ? `event #${cleanText(input.auditHead.seq, { max: 30 })}, hash ${cleanText(input.auditHead.hash, { max: 128 })}` : 'no audit events yet'],
  ]);
  pdf.paragraph(
    'manifest.json in this pack lists the SHA-256 of every file in it. The audit chain head ties the pack to the hash-chained audit trail of the instance, which `npm run audit:verify` checks.',
    { size: 9, color: '#555555' },
  );

  return pdf.finish();
}

async function writeAsset(pdf: PdfWriter, asset: PackAsset, useDay: string | null, generatedAt: Date) {
  pdf.fields([
    ['Site', `${cleanText(asset.site.name, { max: 200 })} (${url(asset.site.baseUrl)})`],
    ['Title', cleanText(asset.title, { max: 500 }) || '-'],
    ['Uploaded', formatInstant(asset.uploadedAt)],
    ['Asset id', cleanText(asset.id, { max: 64 })],
  ]);

  const rights = Object.entries(asset.rights).filter(([, v]) => v !== null && v !== undefined && String(v).trim() !== '');
  pdf.heading('Rights metadata in the file', 2);
  if (rights.length === 0) pdf.paragraph('None found in the file.', { size: 9 });
  pdf.fields(
    rights.map(([k, v]) => [rightsLabels[k] ?? cleanText(k, { max: 60 }), cleanText(v, { max: 2000, multiline: true })]),
    { size: 9 },
  );
  if (asset.detectedSource) {
    const s = asset.detectedSource;
    const confidence = s.confidence === null ? '' : `, confidence ${Math.round(s.confidence * 100)} %`;
    pdf.field(
      'Detected source',
      `${cleanText(s.provider, { max: 60 })}${s.assetId ? ` #${cleanText(s.assetId, { max: 100 })}` : ''}${s.suggestedKind ? `, suggests ${cleanText(s.suggestedKind, { max: 60 })}` : ''}${confidence}`,
      { size: 9 },
    );
    for (const e of s.evidence) pdf.paragraph(`- ${cleanText(e, { max: 500 })}`, { indent: 12, size: 8.5 });
  }

  pdf.heading(`Served under (${asset.urls.length} URLs)`, 2);
  for (const u of asset.urls) pdf.paragraph(url(u), { size: 8.5 });

  pdf.heading(`Licenses held at the time of the claimed use (${formatDay(useDay)})`, 2);
  writeLicenses(pdf, asset.licensesAtUse, 'None: no license covered the asset on that day.');
  pdf.heading(`Licenses held now (${formatDay(generatedAt.toISOString().slice(0, 10))})`, 2);
  writeLicenses(pdf, asset.licensesNow, 'None: no license covers the asset today.');

  pdf.heading('Usage', 2);
  if (asset.usages.length === 0) pdf.paragraph('No page using this asset has been recorded.', { size: 9 });
  for (const u of asset.usages) {
    pdf.paragraph(url(u.pageUrl), { size: 9 });
    pdf.paragraph(`first seen ${formatInstant(u.firstSeenAt)}, last seen ${formatInstant(u.lastSeenAt)}`, { size: 8.5, indent: 12, color: '#555555' });
  }

  if (asset.takedowns.length) {
    pdf.heading('Takedown results', 2);
    for (const takedown of asset.takedowns) writeTakedown(pdf, takedown);
  }
}

function writeLicenses(pdf: PdfWriter, licenses: LicenseSummary[], none: string) {
  if (licenses.length === 0) pdf.paragraph(none, { size: 9 });
  for (const license of licenses) {
    pdf.ensureSpace(40);
    pdf.paragraph(licenseTitle(license), { bold: true, size: 9.5 });
    pdf.fields(licenseFacts(license), { indent: 12, size: 9 });
  }
}

function writeTakedown(pdf: PdfWriter, takedown: TakedownInput) {
  const verdict = takedownVerdict(takedown.checks);
  const state = verdict.verified
    ? `verified: every one of ${verdict.latest.length} URLs answered 404 or 410 (last check ${formatInstant(verdict.lastCheckedAt)})`
    : verdict.latest.length === 0
      ? 'not verified: no URL checked yet'
      : `not verified: ${verdict.stillLive.length} of ${verdict.latest.length} URLs still answer (last check ${formatInstant(verdict.lastCheckedAt)})`;
  pdf.field(`Takedown requested ${formatInstant(takedown.requestedAt)}`, state, { size: 9 });
  if (verdict.stillLive.length) {
    pdf.paragraph('Still live:', { size: 9, bold: true, indent: 12 });
    for (const c of verdict.stillLive) pdf.paragraph(`${answerOf(c)}  ${url(c.url)}`, { size: 8.5, indent: 24 });
  }
}

type TimelineEntry = { at: number; when: string; what: string };

/** One chronological list: upload, usage seen, claimed use, letters and payments, takedowns. */
function timelineOf(input: PackInput): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const add = (date: Date | null, what: string) => {
    if (date && !Number.isNaN(date.getTime())) entries.push({ at: date.getTime(), when: formatInstant(date), what });
  };
  const addDay = (day: string | null, what: string) => {
    if (day && /^\d{4}-\d{2}-\d{2}$/.test(day)) entries.push({ at: Date.parse(`${day}T00:00:00Z`), when: day, what });
  };
  for (const asset of input.assets) {
    const name = cleanText(asset.filename, { max: 120 });
    add(asset.uploadedAt, `${name} uploaded to ${cleanText(asset.site.name, { max: 120 })}`);
    for (const u of asset.usages) {
      add(u.firstSeenAt, `${name} first seen on ${url(u.pageUrl)}`);
      if (u.lastSeenAt.getTime() !== u.firstSeenAt.getTime()) add(u.lastSeenAt, `${name} last seen on ${url(u.pageUrl)}`);
    }
    for (const t of asset.takedowns) {
      add(t.requestedAt, `takedown of ${name} requested`);
      add(t.verifiedAt, `takedown of ${name} verified`);
    }
  }
  addDay(input.claim.claimedUseOn, 'claimed use');
  // The letter's day is on the timeline once: as its event when one was recorded, else from the claim.
  if (!input.events.some((e) => e.type === 'letter_received')) addDay(input.claim.receivedOn, 'claim letter received');
  addDay(input.claim.deadlineOn, 'deadline');
  for (const e of input.events) {
    const money = e.amount ? ` (${formatMoney(e.amount, e.currency)})` : '';
    const move = e.toStatus ? ` ${e.fromStatus ? `${cleanText(e.fromStatus, { max: 40 })} -> ` : '-> '}${cleanText(e.toStatus, { max: 40 })}` : '';
    add(e.at, `${cleanText(e.type, { max: 40 }).replace(/_/g, ' ')}${move}${money}${e.note ? `: ${cleanText(e.note, { max: 1000 })}` : ''}`);
  }
  return entries.sort((a, b) => a.at - b.at);
}
