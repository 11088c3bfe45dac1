import { rightsFields, textLimits, type RightsField, type TextTruncation } from '@clearance/contracts';
import { fitText } from '../../lib/fit-text.ts';

type AssetText = { filename: string; title: string | null; uploadedBy: string | null } & Record<RightsField, string | null>;
type UrlText = { url: string; sizeName: string | null };

/**
 * The text columns an ingest or import writes, each cut to its limit (contracts text-limits),
 * with a note per cut; rights notes are named `rights.<field>`.
 */
export function fitAssetText<T extends AssetText>(columns: T, notes: TextTruncation[]): T {
  const fitted = {
    ...columns,
    filename: fitText(columns.filename, 'filename', 'filename', notes),
    title: fitText(columns.title, 'title', 'title', notes),
    uploadedBy: fitText(columns.uploadedBy, 'uploadedBy', 'uploadedBy', notes),
  };
  for (const f of rightsFields) (fitted as AssetText)[f] = fitText(columns[f], 'rightsValue', `rights.${f}`, notes);
  return fitted;
}

/** A URL longer than a URL may be is no address to keep (it cannot be what a claim points at); size names are cut. */
export function fitAssetUrls<T extends UrlText>(urls: T[], notes: TextTruncation[]): T[] {
  return urls.filter((u) => u.url.length <= textLimits.url).map((u) => ({ ...u, sizeName: fitText(u.sizeName, 'sizeName', 'urls.sizeName', notes) }));
}

/** The notes as stored: none is no value. */
export const truncationsColumn = (notes: TextTruncation[]) => (notes.length > 0 ? notes : null);

/** Stored notes as the API shows them; anything but a list of notes reads as none. */
export function readTruncations(stored: unknown): TextTruncation[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((n: unknown): n is TextTruncation => {
    if (typeof n !== 'object' || n === null) return false;
    const note = n as Record<string, unknown>;
    return typeof note.field === 'string' && Number.isInteger(note.keptLength) && Number.isInteger(note.originalLength);
  });
}
