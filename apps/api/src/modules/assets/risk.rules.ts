import type { RightsField, RiskLevel } from '@clearance/contracts';
import { detectSource, type DetectedSource } from './source-detection.rules.ts';

type Rights = Partial<Record<RightsField, string | null>>;

/** Providers whose images are licensed per use and most often claimed. */
const claimingProviders = new Set(['istock', 'getty-images', 'shutterstock', 'adobe-stock', 'depositphotos', 'dreamstime', '123rf', 'alamy', 'news-agency']);
const freeProviders = new Set(['unsplash', 'pexels', 'pixabay', 'freepik', 'canva', 'wikimedia-commons', 'creative-commons']);

export type Assessment = { risk: RiskLevel; evidence: string[]; source: DetectedSource | null };

/**
 * How likely an asset is to draw a claim, from what it says about itself: a third-party copyright
 * notice or a stock-site filename is high; own camera metadata with no notice is low.
 */
export function assessAsset(filename: string, rights: Rights): Assessment {
  const source = detectSource(filename, rights);
  const evidence = source ? [...source.evidence] : [];
  const notice = rights.copyrightNotice?.trim();

  if (source && claimingProviders.has(source.provider)) return { risk: 'high', evidence, source };
  if (notice && source?.provider !== 'nasa') return { risk: 'high', evidence: [...evidence, `copyright notice: "${notice}"`], source };
  if (rights.licensorName?.trim() || rights.licensorUrl?.trim()) return { risk: 'high', evidence: [...evidence, 'metadata names a licensor'], source };
  if (source && freeProviders.has(source.provider)) return { risk: 'medium', evidence, source };
  if (source?.provider === 'nasa') return { risk: 'low', evidence, source };
  if (source) return { risk: 'medium', evidence, source };
  if (rights.creator?.trim() || rights.credit?.trim()) return { risk: 'medium', evidence: ['metadata credits someone, with no notice'], source };
  if (rights.cameraMake?.trim() || rights.cameraModel?.trim()) return { risk: 'low', evidence: ['camera metadata, no copyright notice'], source };
  return { risk: 'medium', evidence: ['no rights metadata: provenance unknown'], source };
}
