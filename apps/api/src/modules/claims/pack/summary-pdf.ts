import { elapsedBetween, isLate, metadataConflicts } from './evidence-age.rules.ts';
import { overlappingParts, startOf } from './use-coverage.ts';
import { cleanText, labelOf } from './pack-format.ts';
import type { LicenseSummary, PackAsset, PackInput, PackProof, TakedownInput } from './pack.types.ts';
import { resolvePdfFonts, type PdfFontChoice } from './pdf-fonts.ts';
import { toPdfImage, type PdfImage } from './pdf-images.ts';
import { PdfWriter } from './pdf-writer.ts';
import { permissionSentences } from './permission-text.rules.ts';
import { summaryTexts, type SummaryText } from './summary-text.ts';
import { answerOf, takedownVerdict } from './takedown-verdict.ts';
import { originOf } from './zip-paths.ts';

export type SummaryPdfOptions = {
  fonts?: PdfFontChoice;
  /** Where each proof sits inside the ZIP (proof id -> path), so the reader can find the file. */
  proofPaths?: ReadonlyMap<string, string>;
  /** Where each snapshot's rendering sits (proof id -> path). */
  renderingPaths?: ReadonlyMap<string, string>;
  /** Where each asset's enlarged matched region sits (asset id -> path). */
  regionPaths?: ReadonlyMap<string, string>;
};

const url = (value: string) => cleanText(value, { max: 2048 });

/** Case reference as printed everywhere: the agency's reference, or our own id when the letter gave none. */
export const caseLabel = (claim: PackInput['claim'], t: SummaryText = summaryTexts.en) =>
  claim.caseRef ? cleanText(claim.caseRef, { max: 200 }) : t.noCaseRef(cleanText(claim.id, { max: 64 }));

/**
 * The summary a person reads first, in the pack's language: case details, how each image was
 * identified (the claimant image, the matched region enlarged and the stored image side by side),
 * what was held at the time of use and now, license dates and first use on one timeline, our
 * evidence (e-mail headers and the permission as written, snapshots with their capture facts and
 * age) apart from the claimant's material, the timeline, takedown results and the stance.
 */
export async function renderClaimSummaryPdf(input: PackInput, options: SummaryPdfOptions = {}): Promise<Buffer> {
  const t = summaryTexts[input.replyLanguage ?? 'en'];
  const f = t.formats;
  const fonts = resolvePdfFonts(options.fonts);
  const { claim } = input;
  const ref = caseLabel(claim, t);
  const pdf = new PdfWriter(fonts, {
    title: t.docTitle(ref),
    subject: t.docSubject,
    generatedAt: input.generatedAt,
    footer: t.footer(cleanText(ref, { max: 80 }), f.instant(input.generatedAt)),
    page: t.page,
  });

  pdf.title(t.title, t.generated(f.instant(input.generatedAt)));
  pdf.paragraph(t.caseReference, { size: 9, color: '#555555' });
  pdf.paragraph(ref, { size: 16, bold: true });
  pdf.gap();

  pdf.heading(t.caseDetails);
  pdf.fields([
    [t.agencyLabel, labelOf(t.agency, claim.agency)],
    [t.rightsHolder, cleanText(claim.rightsHolder, { max: 300 }) || '-'],
    [t.received, f.day(claim.receivedOn)],
    [t.deadline, f.day(claim.deadlineOn)],
    [t.claimedUse, f.day(claim.claimedUseOn ?? claim.receivedOn)],
    [t.amount, f.money(claim.amount, claim.currency)],
    [t.status, labelOf(t.claimStatus, claim.status)],
    [t.claimId, cleanText(claim.id, { max: 64 })],
  ]);
  pdf.field(t.infringingUrls, claim.infringingUrls.length ? String(claim.infringingUrls.length) : t.noneGiven);
  for (const u of claim.infringingUrls) pdf.paragraph(`- ${url(u)}`, { indent: 12, size: 9 });
  if (claim.notes) pdf.field(t.notes, cleanText(claim.notes, { max: 5000, multiline: true }));

  pdf.heading(t.recommendedStance);
  pdf.paragraph(labelOf(t.stance, input.stance), { bold: true });
  // The stance rules explain themselves in English only; a German pack shows the German stance alone.
  if (input.stanceReason && t === summaryTexts.en) pdf.paragraph(cleanText(input.stanceReason, { max: 3000, multiline: true }));
  // The German summary states each image's uncovered days from the data itself.
  if (t !== summaryTexts.en) {
    for (const a of input.assets) {
      if (a.usePeriod && a.uncoveredPeriods?.length) pdf.paragraph(t.assetUncovered(cleanText(a.filename, { max: 255 }), spansOf(t, a.uncoveredPeriods)));
    }
  }

  const claimImage = input.claimImage ? await toPdfImage(input.claimImage.bytes) : ({ ok: false, reason: t.noClaimImage } as PdfImage);
  const claimCaption = input.claimImage ? t.claimImageNamed(cleanText(input.claimImage.filename, { max: 120 })) : t.claimImage;

  if (input.assets.length === 0) {
    pdf.ensureSpace(280);
    pdf.heading(t.matchedAssets);
    pdf.paragraph(t.noAsset);
    pdf.images([{ caption: claimCaption, image: localized(claimImage, t) }]);
  }
  for (const [i, asset] of input.assets.entries()) {
    pdf.ensureSpace(280); // the asset's heading stays with its pictures
    pdf.heading(t.assetHeading(i + 1, input.assets.length, cleanText(asset.filename, { max: 255 })));
    const region = asset.matchedRegion ? await toPdfImage(asset.matchedRegion.png, 1400) : null;
    pdf.images([
      { caption: claimCaption, image: localized(claimImage, t) },
      ...(region ? [{ caption: t.matchedRegion, image: localized(region, t) }] : []),
      { caption: t.storedImage(cleanText(asset.filename, { max: 120 })), image: localized(await toPdfImage(asset.image), t) },
    ]);
    writeIdentification(pdf, t, asset, options.regionPaths?.get(asset.id), input.claimImage !== null);
    // Each image is judged on its own day of use (the assessment's): its first recorded use when that is earlier than the claimed day.
    writeAsset(pdf, t, asset, asset.useDay, input);
  }

  const ours = input.proofs.filter((p) => originOf(p) === 'ours');
  const theirs = input.proofs.filter((p) => originOf(p) === 'claimant');
  pdf.heading(t.ourEvidence(ours.length));
  if (ours.length === 0) pdf.paragraph(t.noOurEvidence);
  for (const [i, proof] of ours.entries()) writeProof(pdf, t, i + 1, proof, input, options);

  pdf.heading(t.claimantMaterial(theirs.length));
  pdf.paragraph(t.claimantNote, { size: 9, color: '#555555' });
  if (theirs.length === 0) pdf.paragraph(t.noClaimantMaterial);
  for (const [i, proof] of theirs.entries()) writeProof(pdf, t, i + 1, proof, input, options);

  pdf.heading(t.timeline);
  const timeline = timelineOf(input, t);
  if (timeline.length === 0) pdf.paragraph(t.nothingRecorded);
  for (const entry of timeline) pdf.field(entry.when, entry.what, { size: 9 });

  pdf.heading(t.integrity);
  pdf.fields([
    [t.generatedAt, f.instant(input.generatedAt)],
    [t.auditHead, input.auditHead ? t.auditHeadValue(cleanText(input.auditHead.seq, { max: 30 }), cleanText(input.auditHead.hash, { max: 128 })) : t.noAudit],
  ]);
  pdf.paragraph(t.integrityNote, { size: 9, color: '#555555' });

  return pdf.finish();
}

/** The image helper states its reasons in English; the pack's language says them. */
function localized(image: PdfImage, t: SummaryText): PdfImage {
  if (image.ok) return image;
  if (image.reason === 'No image stored') return { ok: false, reason: t.noImageStored };
  if (image.reason === 'The stored file could not be decoded as an image') return { ok: false, reason: t.undecodable };
  return image;
}

function writeIdentification(pdf: PdfWriter, t: SummaryText, asset: PackAsset, regionPath: string | undefined, hasClaimImage: boolean) {
  pdf.heading(t.identification, 2);
  const match = asset.match;
  if (!match) {
    pdf.field(t.methodLabel, t.notRecorded, { size: 9 });
    return;
  }
  pdf.fields(
    [
      [t.methodLabel, labelOf(t.method, match.method)],
      [t.distance, match.distance === null ? '-' : match.method === 'phash' ? t.distanceValue(match.distance) : String(match.distance)],
      [t.score, `${Math.round(match.score * 100)} %`],
    ],
    { size: 9 },
  );
  if (match.confirmedByOverride) pdf.paragraph(`! ${t.byOverride}`, { size: 9, bold: true });
  const region = asset.matchedRegion;
  if (region) {
    pdf.paragraph(
      t.regionFound(cleanText(region.claimImageFilename, { max: 120 }), region.box, region.sourceWidth, region.sourceHeight, t.formats.decimal(region.enlargement)),
      { size: 9 },
    );
    if (regionPath) pdf.field(t.inPack, regionPath, { size: 9 });
  } else if (hasClaimImage && match.method === 'phash') {
    pdf.paragraph(t.regionNotFound, { size: 9 });
  }
}

function writeAsset(pdf: PdfWriter, t: SummaryText, asset: PackAsset, useDay: string, input: PackInput) {
  const f = t.formats;
  pdf.fields([
    [t.site, `${cleanText(asset.site.name, { max: 200 })} (${url(asset.site.baseUrl)})`],
    [t.assetTitle, cleanText(asset.title, { max: 500 }) || '-'],
    [t.uploaded, f.instant(asset.uploadedAt)],
    [t.assetId, cleanText(asset.id, { max: 64 })],
  ]);

  const rights = Object.entries(asset.rights).filter(([, v]) => v !== null && v !== undefined && String(v).trim() !== '');
  pdf.heading(t.metadataHeading, 2);
  if (rights.length === 0) pdf.paragraph(t.noMetadata, { size: 9 });
  pdf.fields(
    rights.map(([k, v]) => [t.rights[k] ?? cleanText(k, { max: 60 }), cleanText(v, { max: 2000, multiline: true })]),
    { size: 9 },
  );
  if (asset.detectedSource) {
    const s = asset.detectedSource;
    const parts = [`${cleanText(s.provider, { max: 60 })}${s.assetId ? ` #${cleanText(s.assetId, { max: 100 })}` : ''}`];
    if (s.suggestedKind) parts.push(t.suggests(labelOf(t.licenseKind, s.suggestedKind)));
    if (s.confidence !== null) parts.push(t.confidence(Math.round(s.confidence * 100)));
    pdf.field(t.detectedSource, parts.join(', '), { size: 9 });
    for (const e of s.evidence) pdf.paragraph(`- ${cleanText(e, { max: 500 })}`, { indent: 12, size: 8.5 });
  }

  const licenses = asset.licenses ?? uniqueLicenses([...asset.licensesAtUse, ...asset.licensesNow]);
  const conflicts = metadataConflicts(asset.rights, licenses.filter((l) => l.kind !== 'settlement').map((l) => ({ licensor: l.licensor, sourceUrl: l.sourceUrl, attributionText: l.attributionText ?? null, usageTerms: l.usageTerms })));
  if (conflicts.length) {
    pdf.heading(t.conflictsHeading, 2);
    const claimed = [...new Set(licenses.map((l) => l.licensor).filter((l): l is string => !!l).map((l) => cleanText(l, { max: 200 })))];
    for (const c of conflicts) pdf.paragraph(`! ${t.conflict(t.rights[c.field] ?? c.field, cleanText(c.value, { max: 300 }), claimed)}`, { size: 9, bold: true });
  }

  pdf.heading(t.servedUnder(asset.urls.length), 2);
  for (const u of asset.urls) pdf.paragraph(url(u), { size: 8.5 });

  if (asset.usePeriod) {
    // The whole use judged, the days of it no license covered, and every license whose window overlaps it.
    pdf.heading(t.usePeriod(f.day(asset.usePeriod.from), f.day(asset.usePeriod.to)), 2);
    const gaps = asset.uncoveredPeriods ?? [];
    pdf.paragraph(gaps.length ? t.uncovered(spansOf(t, gaps)) : t.coveredEveryDay, { size: 9, bold: gaps.length > 0 });
    pdf.heading(t.licensesOverlapping, 2);
    const parts = overlappingParts(asset);
    if (parts.length === 0) pdf.paragraph(t.noneOverlapping, { size: 9 });
    for (const part of parts) {
      writeLicenses(pdf, t, [part.license], '');
      // The gaps are counted without an embed license on a hosted copy: saying it "covers" would contradict them.
      if (asset.hosted && part.license.kind === 'embed_only') pdf.paragraph(t.embedNotHosted, { indent: 12, size: 9 });
      else pdf.field(t.coversDays, spansOf(t, [part]), { indent: 12, size: 9 });
      if (!startOf(part.license)) pdf.paragraph(`! ${t.noStartDay(f.day(asset.usePeriod.from))}`, { indent: 12, size: 9, bold: true });
    }
  } else {
    pdf.heading(t.licensesAtUse(f.day(useDay)), 2);
    writeLicenses(pdf, t, asset.licensesAtUse, t.noneAtUse);
  }
  pdf.heading(t.licensesNow(f.day(input.generatedAt.toISOString().slice(0, 10))), 2);
  writeLicenses(pdf, t, asset.licensesNow, t.noneNow);

  pdf.heading(t.licenseTimeline, 2);
  const rows = licenseTimelineOf(asset, licenses, input, t);
  if (rows.length === 0) pdf.paragraph(t.nothingDated, { size: 9 });
  for (const row of rows) pdf.field(row.when, row.what, { size: 9 });

  pdf.heading(t.usage, 2);
  if (asset.usages.length === 0) pdf.paragraph(t.noUsage, { size: 9 });
  for (const u of asset.usages) {
    pdf.paragraph(url(u.pageUrl), { size: 9 });
    pdf.paragraph(t.seen(f.instant(u.firstSeenAt), f.instant(u.lastSeenAt)), { size: 8.5, indent: 12, color: '#555555' });
  }

  if (asset.takedowns.length) {
    pdf.heading(t.takedowns, 2);
    for (const takedown of asset.takedowns) writeTakedown(pdf, t, takedown);
  }
}

const spansOf = (t: SummaryText, spans: Array<{ from: string; to: string }>) =>
  spans.map((r) => (r.from === r.to ? t.formats.day(r.from) : `${t.formats.day(r.from)} – ${t.formats.day(r.to)}`)).join(', ');

const uniqueLicenses = (licenses: LicenseSummary[]) => [...new Map(licenses.map((l) => [l.id, l])).values()];

export function licenseName(t: SummaryText, license: LicenseSummary): string {
  const kind = labelOf(t.licenseKind, license.kind) + (license.ccVariant ? ` ${cleanText(license.ccVariant, { max: 50 })}` : '');
  return license.licensor ? `${kind}, ${cleanText(license.licensor, { max: 300 })}` : kind;
}

function licenseFacts(t: SummaryText, license: LicenseSummary): Array<[string, string]> {
  const f = t.formats;
  const facts: Array<[string, string]> = [[t.valid, t.window(license.validFrom ? f.day(license.validFrom) : null, license.expiresOn ? f.day(license.expiresOn) : null)]];
  if (license.obtainedOn) facts.push([t.obtained, f.day(license.obtainedOn)]);
  if (license.orderRef) facts.push([t.orderRef, cleanText(license.orderRef, { max: 200 })]);
  if (license.sourceUrl) facts.push([t.source, cleanText(license.sourceUrl, { max: 2048 })]);
  if (license.territory) facts.push([t.territory, cleanText(license.territory, { max: 300 })]);
  if (license.usageTerms) facts.push([t.terms, cleanText(license.usageTerms, { max: 3000, multiline: true })]);
  if (license.attributionRequired !== undefined) {
    facts.push([t.attribution, license.attributionRequired ? t.attributionRequired(license.attributionText ? cleanText(license.attributionText, { max: 500 }) : null) : t.attributionNotRequired]);
  }
  if (license.cost) facts.push([t.cost, f.money(license.cost, license.currency)]);
  return facts;
}

function writeLicenses(pdf: PdfWriter, t: SummaryText, licenses: LicenseSummary[], none: string) {
  if (licenses.length === 0) pdf.paragraph(none, { size: 9 });
  for (const license of licenses) {
    pdf.ensureSpace(40);
    pdf.paragraph(licenseName(t, license), { bold: true, size: 9.5 });
    pdf.fields(licenseFacts(t, license), { indent: 12, size: 9 });
  }
}

function writeTakedown(pdf: PdfWriter, t: SummaryText, takedown: TakedownInput) {
  const f = t.formats;
  const verdict = takedownVerdict(takedown.checks);
  const state = verdict.verified
    ? t.takedownVerified(verdict.latest.length, f.instant(verdict.lastCheckedAt))
    : verdict.latest.length === 0
      ? t.takedownUnchecked
      : t.takedownLive(verdict.stillLive.length, verdict.latest.length, f.instant(verdict.lastCheckedAt));
  pdf.field(t.takedownRequested(f.instant(takedown.requestedAt)), state, { size: 9 });
  if (verdict.stillLive.length) {
    pdf.paragraph(t.stillLive, { size: 9, bold: true, indent: 12 });
    for (const c of verdict.stillLive) pdf.paragraph(`${answerOf(c)}  ${url(c.url)}`, { size: 8.5, indent: 24 });
  }
}

const snapshotTime = (p: PackProof) => {
  const at = p.snapshot?.fetchedAt ? new Date(p.snapshot.fetchedAt) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
};

const firstUseOf = (asset: PackAsset) => asset.usages.reduce<Date | null>((first, u) => (!first || u.firstSeenAt < first ? u.firstSeenAt : first), null);

type Row = { at: number; when: string; what: string };

/** One asset's upload, first use, claimed use, license dates and snapshot captures, in date order. */
function licenseTimelineOf(asset: PackAsset, licenses: LicenseSummary[], input: PackInput, t: SummaryText): Row[] {
  const f = t.formats;
  const rows: Row[] = [];
  const addDay = (day: string | null | undefined, what: string) => {
    if (day && /^\d{4}-\d{2}-\d{2}$/.test(day)) rows.push({ at: Date.parse(`${day}T00:00:00Z`), when: f.day(day), what });
  };
  const addTime = (date: Date | null, what: string) => {
    if (date && !Number.isNaN(date.getTime())) rows.push({ at: date.getTime(), when: f.instant(date), what });
  };
  addTime(asset.uploadedAt, t.timelineRows.upload);
  addTime(firstUseOf(asset), t.timelineRows.firstUse);
  addDay(input.claim.claimedUseOn, t.timelineRows.claimedUse);
  for (const l of licenses) {
    const name = licenseName(t, l);
    addDay(l.obtainedOn, t.timelineRows.obtained(name));
    addDay(l.validFrom, t.timelineRows.from(name));
    addDay(l.expiresOn, t.timelineRows.until(name));
  }
  const ids = new Set(licenses.map((l) => l.id));
  for (const p of input.proofs) {
    if (p.licenseId && ids.has(p.licenseId) && p.snapshot) addTime(snapshotTime(p), t.timelineRows.snapshot(cleanText(p.snapshot.finalUrl ?? p.snapshot.url, { max: 300 })));
  }
  return rows.sort((a, b) => a.at - b.at);
}

function writeProof(pdf: PdfWriter, t: SummaryText, n: number, proof: PackProof, input: PackInput, options: SummaryPdfOptions) {
  const f = t.formats;
  pdf.ensureSpace(60);
  pdf.paragraph(`${n}. ${labelOf(t.proofKind, proof.kind)}: ${cleanText(proof.filename, { max: 255 })}`, { bold: true, size: 9.5 });
  const facts: Array<[string, string]> = [
    [t.sha256, cleanText(proof.sha256, { max: 64 })],
    [t.typeSize, t.typeSizeValue(cleanText(proof.mimeType, { max: 100 }), f.count(proof.bytes))],
  ];
  const path = options.proofPaths?.get(proof.id);
  if (path) facts.push([t.inPack, path]);
  if (proof.licenseId) facts.push([t.backsLicense, cleanText(proof.licenseId, { max: 64 })]);
  if (proof.attachedTo) facts.push([t.attachedTo, cleanText(proof.attachedTo, { max: 255 })]);
  if (proof.note) facts.push([t.note, cleanText(proof.note, { max: 2000, multiline: true })]);

  const email = proof.email;
  if (email) {
    facts.push([t.email.from, cleanText(email.from, { max: 300 }) || '-']);
    if (email.to) facts.push([t.email.to, cleanText(email.to, { max: 300 })]);
    facts.push([t.email.date, email.date ? f.instant(new Date(email.date)) : '-']);
    facts.push([t.email.subject, cleanText(email.subject, { max: 500 }) || '-']);
  }
  const snapshot = proof.snapshot;
  if (snapshot) {
    facts.push([t.snapshot.url, url(snapshot.url)]);
    if (snapshot.finalUrl && snapshot.finalUrl !== snapshot.url) facts.push([t.snapshot.finalUrl, url(snapshot.finalUrl)]);
    facts.push([t.snapshot.captured, f.instant(snapshotTime(proof))]);
    facts.push([t.snapshot.status, snapshot.status === null ? '-' : String(snapshot.status)]);
    if (snapshot.contentType) facts.push([t.snapshot.contentType, cleanText(snapshot.contentType, { max: 200 })]);
  }
  if (proof.rendering) {
    const renderingPath = options.renderingPaths?.get(proof.id);
    facts.push([t.snapshot.rendering, proof.rendering.ok && renderingPath ? t.snapshot.renderedAt(renderingPath) : t.snapshot.notRendered(proof.rendering.ok ? '-' : proof.rendering.reason)]);
  }
  pdf.fields(facts, { indent: 12, size: 8.5 });

  if (email && originOf(proof) === 'ours') {
    const sentences = permissionSentences(email.text);
    pdf.paragraph(`${t.email.permission}:`, { bold: true, size: 8.5, indent: 12 });
    if (sentences.length === 0) pdf.paragraph(t.email.noPermission, { size: 8.5, indent: 24 });
    const sender = cleanText(email.from, { max: 300 }) || '-';
    const date = email.date ? f.instant(new Date(email.date)) : '-';
    for (const s of sentences) pdf.paragraph(t.email.quote(sender, date, cleanText(s, { max: 500 })), { size: 8.5, indent: 24 });
  }
  if (snapshot) writeSnapshotAge(pdf, t, proof, input);
}

/** For each asset the snapshot's license covers: how long after (or before) its upload and first use the page was captured. */
function writeSnapshotAge(pdf: PdfWriter, t: SummaryText, proof: PackProof, input: PackInput) {
  const captured = snapshotTime(proof);
  if (!captured || !proof.licenseId) return;
  let late = false;
  for (const asset of input.assets) {
    const licenses = asset.licenses ?? uniqueLicenses([...asset.licensesAtUse, ...asset.licensesNow]);
    if (!licenses.some((l) => l.id === proof.licenseId)) continue;
    const parts: string[] = [];
    for (const [when, what] of [
      [asset.uploadedAt, t.snapshot.upload],
      [firstUseOf(asset), t.snapshot.firstUse],
    ] as const) {
      if (!when) continue;
      const e = elapsedBetween(when, captured);
      late ||= isLate(e);
      parts.push(t.snapshot.relative(t.elapsed(e), e.sign < 0 ? 'before' : 'after', what));
    }
    if (parts.length) pdf.paragraph(`${cleanText(asset.filename, { max: 120 })}: ${parts.join('; ')}`, { size: 8.5, indent: 12, bold: true });
  }
  if (late) pdf.paragraph(`! ${t.snapshot.late}`, { size: 8.5, indent: 12 });
}

/** One chronological list: upload, usage seen, claimed use, letters and payments, takedowns. */
function timelineOf(input: PackInput, t: SummaryText): Row[] {
  const f = t.formats;
  const entries: Row[] = [];
  const add = (date: Date | null, what: string) => {
    if (date && !Number.isNaN(date.getTime())) entries.push({ at: date.getTime(), when: f.instant(date), what });
  };
  const addDay = (day: string | null, what: string) => {
    if (day && /^\d{4}-\d{2}-\d{2}$/.test(day)) entries.push({ at: Date.parse(`${day}T00:00:00Z`), when: f.day(day), what });
  };
  for (const asset of input.assets) {
    const name = cleanText(asset.filename, { max: 120 });
    add(asset.uploadedAt, t.events.uploaded(name, cleanText(asset.site.name, { max: 120 })));
    for (const u of asset.usages) {
      add(u.firstSeenAt, t.events.firstSeen(name, url(u.pageUrl)));
      if (u.lastSeenAt.getTime() !== u.firstSeenAt.getTime()) add(u.lastSeenAt, t.events.lastSeen(name, url(u.pageUrl)));
    }
    for (const td of asset.takedowns) {
      add(td.requestedAt, t.events.takedownRequested(name));
      add(td.verifiedAt, t.events.takedownVerified(name));
    }
  }
  addDay(input.claim.claimedUseOn, t.events.claimedUse);
  // The letter's day is on the timeline once: as its event when one was recorded, else from the claim.
  if (!input.events.some((e) => e.type === 'letter_received')) addDay(input.claim.receivedOn, t.events.received);
  addDay(input.claim.deadlineOn, t.events.deadline);
  for (const e of input.events) {
    const money = e.amount ? ` (${f.money(e.amount, e.currency)})` : '';
    const type = t.events.type[e.type] ?? cleanText(e.type, { max: 40 }).replace(/_/g, ' ');
    const status = e.toStatus ? ` (${t.events.statusTo(labelOf(t.claimStatus, e.toStatus))})` : '';
    const note = e.note ? (t.events.systemNotes[e.note] ?? cleanText(e.note, { max: 1000 })) : '';
    add(e.at, `${type}${status}${money}${note ? `: ${note}` : ''}`);
  }
  return entries.sort((a, b) => a.at - b.at);
}
