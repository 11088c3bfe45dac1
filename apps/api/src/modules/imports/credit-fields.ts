import type { LicenseKind, RightsField } from '@clearance/contracts';
import { assessmentColumns } from '../assets/assets.service.ts';

type Rights = Partial<Record<RightsField, string | null>>;

/** What a license text suggests: a kind (and the Creative Commons variant), never a license. */
export type LicenseSuggestion = { kind: LicenseKind; ccVariant: string | null; basis: string };

/**
 * Credit fields kept by WordPress credit plugins, as imported into `asset.cmsCredit`:
 * Image Source Control (`isc_image_source`, `isc_image_source_url`, `isc_image_licence`,
 * `isc_image_source_own`) and Media Credit (`_media_credit`, `_media_credit_url`).
 */
export type CmsCredit = {
  imageSourceControl?: { source?: string; sourceUrl?: string; licence?: string; ownImage?: boolean };
  mediaCredit?: { credit?: string; url?: string };
  licenseSuggestion?: LicenseSuggestion;
};

/** The postmeta keys read, so that readers keep only these of an item's (possibly many) meta rows. */
export const creditMetaKeys = ['isc_image_source', 'isc_image_source_url', 'isc_image_licence', 'isc_image_source_own', '_media_credit', '_media_credit_url'] as const;

const clean = (v: unknown): string | undefined => {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).trim().slice(0, 2000);
  return s ? s : undefined;
};

const ccVersion = (text: string) => /\b(\d\.\d)\b/.exec(text)?.[1] ?? null;

/**
 * Reads a license name as credit plugins store it ("CC BY-SA 4.0", "CC0", "Public Domain Mark",
 * a creativecommons.org URL, "Royalty free", …). Only what the text says outright is suggested.
 */
export function suggestLicense(licence: string | undefined, basis: string): LicenseSuggestion | null {
  if (!licence) return null;
  const text = licence.replace(/[_]+/g, ' ');
  const url = /creativecommons\.org\/(licenses|publicdomain)\/([a-z-]+)\/(\d\.\d)?/i.exec(text);
  if (url) {
    if (url[1]!.toLowerCase() === 'publicdomain') {
      return url[2]!.toLowerCase() === 'zero' ? { kind: 'creative_commons', ccVariant: `CC0 ${url[3] ?? '1.0'}`, basis } : { kind: 'public_domain', ccVariant: null, basis };
    }
    return { kind: 'creative_commons', ccVariant: `CC ${url[2]!.toUpperCase()}${url[3] ? ` ${url[3]}` : ''}`, basis };
  }
  if (/\bCC[\s-]?0\b|\bCC[\s-]?zero\b/i.test(text)) return { kind: 'creative_commons', ccVariant: `CC0 ${ccVersion(text) ?? '1.0'}`, basis };
  if (/public[\s-]*domain|\bPDM\b/i.test(text)) return { kind: 'public_domain', ccVariant: null, basis };
  const cc = /\b(?:CC|creative\s+commons)[\s-]+(BY(?:[\s-]+(?:NC|SA|ND))*)\b/i.exec(text);
  if (cc) {
    const variant = cc[1]!.toUpperCase().split(/[\s-]+/).join('-');
    const version = ccVersion(text);
    return { kind: 'creative_commons', ccVariant: `CC ${variant}${version ? ` ${version}` : ''}`, basis };
  }
  if (/creative\s+commons/i.test(text)) return { kind: 'creative_commons', ccVariant: null, basis };
  if (/\b(unsplash|pexels|pixabay)\b/i.test(text)) return { kind: 'free_license_site', ccVariant: null, basis };
  if (/royalty[\s-]*free|\bRF\b/i.test(text)) return { kind: 'stock_royalty_free', ccVariant: null, basis };
  if (/rights[\s-]*managed|\bRM\b/i.test(text)) return { kind: 'rights_managed', ccVariant: null, basis };
  if (/\beditorial\b|\bpress\b/i.test(text)) return { kind: 'press_kit', ccVariant: null, basis };
  if (/\bpermission\b/i.test(text)) return { kind: 'written_permission', ccVariant: null, basis };
  return null;
}

/** The credit fields from an attachment's meta (WXR postmeta, or the REST `meta` object); null when it has none. */
export function readCmsCredit(meta: (key: string) => unknown): CmsCredit | null {
  // '1' in WXR postmeta; a REST meta field may also give a JSON boolean or number.
  const own = meta('isc_image_source_own');
  const isc = {
    source: clean(meta('isc_image_source')),
    sourceUrl: clean(meta('isc_image_source_url')),
    licence: clean(meta('isc_image_licence')),
    ownImage: own === true || ['1', 'true', 'on'].includes(clean(own)?.toLowerCase() ?? '') || undefined,
  };
  const mc = { credit: clean(meta('_media_credit')), url: clean(meta('_media_credit_url')) };
  const credit: CmsCredit = {};
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  if (Object.values(isc).some((v) => v !== undefined)) credit.imageSourceControl = defined(isc);
  if (Object.values(mc).some((v) => v !== undefined)) credit.mediaCredit = defined(mc);
  if (!credit.imageSourceControl && !credit.mediaCredit) return null;
  const suggestion = isc.ownImage
    ? { kind: 'own_work' as const, ccVariant: null, basis: 'Image Source Control marks it as own image' }
    : suggestLicense(isc.licence, `Image Source Control licence "${isc.licence}"`);
  if (suggestion) credit.licenseSuggestion = suggestion;
  return credit;
}

const suggestionProvider: Partial<Record<LicenseKind, string>> = { creative_commons: 'creative-commons', public_domain: 'public-domain', own_work: 'own-work' };

/**
 * Risk and detected source as the assets module decides them, with the credit fields fed in as
 * what they are: a credit line and a source URL. They fill gaps only — what the file itself says
 * wins. A license the plugin names outright becomes the suggested kind, with its evidence.
 */
export function assessWithCredit(filename: string, rights: Rights, credit: CmsCredit | null) {
  const creditLine = [credit?.imageSourceControl?.source, credit?.mediaCredit?.credit].filter(Boolean).join('; ');
  const sourceUrl = credit?.imageSourceControl?.sourceUrl ?? credit?.mediaCredit?.url;
  const fed: Rights = {
    ...rights,
    credit: rights.credit || creditLine || null,
    webStatement: rights.webStatement || sourceUrl || null,
  };
  const columns = assessmentColumns(filename, fed);
  const suggestion = credit?.licenseSuggestion;
  if (!suggestion) return columns;
  const evidence = [...(Array.isArray(columns.sourceEvidence) ? columns.sourceEvidence : []), `${suggestion.basis} suggests ${suggestion.kind}`];
  return {
    ...columns,
    sourceProvider: columns.sourceProvider ?? suggestionProvider[suggestion.kind] ?? 'cms-credit',
    sourceSuggestedKind: suggestion.kind,
    sourceConfidence: Math.max(columns.sourceConfidence ?? 0, 0.7),
    sourceEvidence: evidence,
  };
}
