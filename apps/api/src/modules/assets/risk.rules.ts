import type { RightsField, RiskLevel } from '@clearance/contracts';

type Rights = Partial<Record<RightsField, string | null>>;

/** Names of agencies whose images are most often the subject of claims. */
const stockNames =
  /\b(getty ?images|istock(photo)?|shutterstock|adobe ?stock|fotolia|alamy|depositphotos|dreamstime|123rf|bigstock|ap photo|associated press|reuters|afp|picfair|masterfile)\b/i;

/** Filenames the stock sites give their downloads. */
const stockFilenames =
  /^(istock[-_]|gettyimages[-_]|shutterstock[-_]|adobestock[-_]|depositphotos[-_]|dreamstime[-_]|bigstock[-_]|alamy[-_]|123rf[-_]|fotolia[-_])/i;

/** Free-license sites: usually fine, but the terms page may change and claims do happen. */
const freeSiteFilenames = /(-unsplash\.|^pexels-|^pixabay-|^[a-z]+-\d+_\d{3,4}\.)/i;

/**
 * How likely an asset is to draw a claim, from what it says about itself: a third-party copyright
 * notice or a stock-site filename is high; own camera metadata with no notice is low.
 */
export function riskOf(filename: string, rights: Rights): { risk: RiskLevel; evidence: string[] } {
  const evidence: string[] = [];
  const rightsText = [rights.copyrightNotice, rights.credit, rights.creator, rights.copyrightOwner, rights.imageSupplier, rights.source]
    .filter(Boolean)
    .join(' | ');
  if (stockFilenames.test(filename)) evidence.push(`filename "${filename}" has a stock-site pattern`);
  if (stockNames.test(rightsText)) evidence.push(`metadata names an agency: "${rightsText.match(stockNames)![0]}"`);
  if (rights.copyrightNotice?.trim()) evidence.push(`copyright notice: "${rights.copyrightNotice.trim()}"`);
  if (rights.licensorName?.trim() || rights.licensorUrl?.trim()) evidence.push('metadata names a licensor');
  if (evidence.length) return { risk: 'high', evidence };

  if (freeSiteFilenames.test(filename)) return { risk: 'medium', evidence: [`filename "${filename}" looks like a free-photo download`] };
  if (rights.creator?.trim() || rights.credit?.trim()) return { risk: 'medium', evidence: ['metadata credits someone, with no notice'] };
  if (rights.cameraMake?.trim() || rights.cameraModel?.trim()) return { risk: 'low', evidence: ['camera metadata, no copyright notice'] };
  return { risk: 'medium', evidence: ['no rights metadata: provenance unknown'] };
}
