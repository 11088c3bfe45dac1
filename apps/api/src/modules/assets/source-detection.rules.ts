import type { LicenseKind, RightsField } from '@clearance/contracts';

type Rights = Partial<Record<RightsField, string | null>>;

/** Where an image most likely came from: a suggestion for the owner, never a license. */
export type DetectedSource = {
  provider: string;
  providerAssetId: string | null;
  suggestedKind: LicenseKind | null;
  confidence: number;
  evidence: string[];
};

type Provider = {
  id: string;
  kind: LicenseKind | null;
  /** Filename patterns the provider gives its downloads; group 1, when present, is its asset id. */
  filenames: RegExp[];
  /** Names in credit, source, copyright and supplier fields. */
  names?: RegExp;
  /** Domains in licensor URLs, web statements and usage terms. */
  domains?: RegExp;
};

const providers: Provider[] = [
  { id: 'unsplash', kind: 'free_license_site', filenames: [/-([A-Za-z0-9_-]{11})-unsplash\.[a-z]+$/i, /^unsplash[-_]/i], names: /\bunsplash\b/i, domains: /unsplash\.com/i },
  { id: 'pexels', kind: 'free_license_site', filenames: [/^pexels-(?:photo-)?(?:[a-z0-9-]+-)?(\d{4,})\.[a-z]+$/i], names: /\bpexels\b/i, domains: /pexels\.com/i },
  { id: 'pixabay', kind: 'free_license_site', filenames: [/^[a-z]+(?:-[a-z]+)*-(\d{5,})_(?:\d{3,4})\.[a-z]+$/i], names: /\bpixabay\b/i, domains: /pixabay\.com/i },
  { id: 'istock', kind: 'stock_royalty_free', filenames: [/^istock[-_](?:photo[-_])?0*(\d{5,})/i], names: /\bistock(?:photo)?\b/i, domains: /istockphoto\.com/i },
  { id: 'getty-images', kind: 'rights_managed', filenames: [/^gettyimages[-_](\d{5,})/i], names: /\bgetty ?images\b/i, domains: /gettyimages\.[a-z.]+/i },
  { id: 'shutterstock', kind: 'stock_royalty_free', filenames: [/^shutterstock[-_](\d{5,})/i], names: /\bshutterstock\b/i, domains: /shutterstock\.com/i },
  { id: 'adobe-stock', kind: 'stock_royalty_free', filenames: [/^adobestock[-_](\d{5,})/i], names: /\b(adobe ?stock|fotolia)\b/i, domains: /stock\.adobe\.com|fotolia\.com/i },
  { id: 'depositphotos', kind: 'stock_royalty_free', filenames: [/^depositphotos[-_](\d{4,})/i], names: /\bdepositphotos\b/i, domains: /depositphotos\.com/i },
  { id: 'dreamstime', kind: 'stock_royalty_free', filenames: [/^dreamstime[-_](?:[a-z]+[-_])?(\d{4,})/i], names: /\bdreamstime\b/i, domains: /dreamstime\.com/i },
  { id: '123rf', kind: 'stock_royalty_free', filenames: [/^123rf[-_]/i], names: /\b123rf\b/i, domains: /123rf\.com/i },
  { id: 'alamy', kind: 'rights_managed', filenames: [/^alamy[-_]([a-z0-9]{6,})/i], names: /\balamy\b/i, domains: /alamy\.com/i },
  { id: 'freepik', kind: 'free_license_site', filenames: [/^[a-z0-9-]+_(\d{1,3}-\d{6,})\.[a-z]+$/i], names: /\bfreepik\b/i, domains: /freepik\.com/i },
  { id: 'canva', kind: 'other', filenames: [/^canva[-_ ]/i], names: /\bcanva\b/i, domains: /canva\.com/i },
  { id: 'nasa', kind: 'public_domain', filenames: [/^(PIA\d{5})/i, /^(iss\d{3}e\d{5,})/i, /^(as\d{2}-\d+-\d+)/i], names: /\bNASA\b|\bJPL-Caltech\b/, domains: /nasa\.gov/i },
  { id: 'wikimedia-commons', kind: 'creative_commons', filenames: [], names: /\bwikimedia commons\b/i, domains: /commons\.wikimedia\.org/i },
  { id: 'news-agency', kind: 'rights_managed', filenames: [], names: /\b(reuters|associated press|ap photo|afp|dpa|epa)\b/i },
  { id: 'creative-commons', kind: 'creative_commons', filenames: [], domains: /creativecommons\.org\/(licenses|publicdomain)/i },
  { id: 'ai-midjourney', kind: 'other', filenames: [/_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:_\d)?\.png$/i], names: /\bmidjourney\b/i },
  { id: 'ai-dall-e', kind: 'other', filenames: [/^DALL[·.]?E[ _-]\d{4}-\d{2}-\d{2}/i], names: /\bdall[·.]?e\b/i },
  { id: 'ai-chatgpt', kind: 'other', filenames: [/^ChatGPT[ _-]Image/i] },
  { id: 'ai-firefly', kind: 'other', filenames: [/^Firefly[ _-]/i], names: /\bfirefly\b/i },
  { id: 'ai-stable-diffusion', kind: 'other', filenames: [/^\d{5}-\d{6,}\.png$/] },
];

const aiSourceTypes = /trainedAlgorithmicMedia|compositeSynthetic|algorithmicMedia|compositeWithTrainedAlgorithmicMedia/i;

/**
 * Suggests a provider from the filename and the rights metadata. Filename patterns are strong
 * evidence of the download's origin; names in metadata are evidence of who owns it. Both
 * agreeing is the strongest case.
 */
export function detectSource(filename: string, rights: Rights): DetectedSource | null {
  const nameText = [rights.credit, rights.source, rights.copyrightNotice, rights.creator, rights.copyrightOwner, rights.imageSupplier, rights.licensorName]
    .filter(Boolean)
    .join(' | ');
  const urlText = [rights.licensorUrl, rights.webStatement, rights.usageTerms].filter(Boolean).join(' | ');

  let best: DetectedSource | null = null;
  for (const p of providers) {
    const evidence: string[] = [];
    let confidence = 0;
    let assetId: string | null = null;
    for (const pattern of p.filenames) {
      const m = pattern.exec(filename);
      if (m) {
        evidence.push(`filename "${filename}" matches ${p.id}'s download pattern`);
        assetId = m[1] ?? null;
        confidence += 0.6;
        break;
      }
    }
    const name = p.names?.exec(nameText);
    if (name) {
      evidence.push(`metadata names "${name[0]}"`);
      confidence += 0.5;
    }
    const domain = p.domains?.exec(urlText);
    if (domain) {
      evidence.push(`metadata links to ${domain[0]}`);
      confidence += 0.4;
    }
    if (!evidence.length) continue;
    const candidate = { provider: p.id, providerAssetId: assetId, suggestedKind: p.kind, confidence: Math.min(0.95, confidence), evidence };
    if (!best || candidate.confidence > best.confidence) best = candidate;
  }

  if (rights.digitalSourceType && aiSourceTypes.test(rights.digitalSourceType)) {
    const evidence = `digital source type "${rights.digitalSourceType}" marks AI-generated media`;
    if (best?.provider.startsWith('ai-')) return { ...best, confidence: Math.min(0.95, best.confidence + 0.3), evidence: [...best.evidence, evidence] };
    if (!best) return { provider: 'ai-generated', providerAssetId: null, suggestedKind: 'other', confidence: 0.8, evidence: [evidence] };
    best = { ...best, evidence: [...best.evidence, evidence] };
  }
  return best;
}
