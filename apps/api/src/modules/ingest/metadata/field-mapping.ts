import type { RightsMetadata } from './read-rights.ts';

/**
 * Where each normalized field comes from, in precedence order (first non-empty wins; see the
 * table at the top of read-rights.ts for why). `path` points into ReadResult.raw and is what the
 * reader uses; `oracle` is exiftool's `-G1` name for the same tag, which the corpus test uses to
 * compute the expected value from exiftool's output independently of exifr.
 */
export type Family = 'XMP' | 'IIM' | 'EXIF' | 'PNG';

export type Source = {
  family: Family;
  /** Dotted path into raw; arrays met on the way are mapped over (plus:Licensor is a Seq of structs). */
  path: string;
  oracle: string;
  /** IIM dataset byte limit: a value filling it may be cut off, and a longer value it begins wins. */
  maxBytes?: number;
  /** Dates kept in two parts: IIM time of day, EXIF UTC offset. */
  time?: { path: string; oracle: string };
};

export type MappedField = Exclude<keyof RightsMetadata, 'aiGenerated'>;

/** Fields whose value is an ISO 8601 date or date-time. */
export const DATE_FIELDS: ReadonlySet<MappedField> = new Set(['captureDate', 'plusLicenseStart', 'plusLicenseEnd']);

const xmp = (path: string, oracle: string): Source => ({ family: 'XMP', path: `xmp.${path}`, oracle: `XMP-${oracle}` });
const iim = (path: string, oracle: string, maxBytes?: number): Source => ({ family: 'IIM', path: `iptc.${path}`, oracle: `IPTC:${oracle}`, ...(maxBytes ? { maxBytes } : {}) });
const exif = (path: string, oracle: string): Source => ({ family: 'EXIF', path, oracle });
const png = (keyword: string): Source => ({ family: 'PNG', path: `png.${keyword}`, oracle: `PNG:${keyword}` });

export const FIELD_SOURCES: Readonly<Record<MappedField, readonly Source[]>> = {
  // Rights text: XMP, then IIM, then EXIF, then PNG text.
  creator: [xmp('dc.creator', 'dc:Creator'), iim('Byline', 'By-line', 32), exif('ifd0.Artist', 'IFD0:Artist'), png('Author')],
  credit: [xmp('photoshop.Credit', 'photoshop:Credit'), iim('Credit', 'Credit', 32)],
  copyrightNotice: [xmp('dc.rights', 'dc:Rights'), iim('CopyrightNotice', 'CopyrightNotice', 128), exif('ifd0.Copyright', 'IFD0:Copyright'), png('Copyright')],
  source: [xmp('photoshop.Source', 'photoshop:Source'), iim('Source', 'Source', 32)],
  webStatement: [xmp('xmpRights.WebStatement', 'xmpRights:WebStatement')],
  usageTerms: [xmp('xmpRights.UsageTerms', 'xmpRights:UsageTerms')],
  licensorName: [xmp('plus.Licensor.LicensorName', 'plus:LicensorName')],
  licensorUrl: [xmp('plus.Licensor.LicensorURL', 'plus:LicensorURL')],
  licensorEmail: [xmp('plus.Licensor.LicensorEmail', 'plus:LicensorEmail')],
  copyrightOwner: [xmp('plus.CopyrightOwner.CopyrightOwnerName', 'plus:CopyrightOwnerName')],
  imageSupplier: [xmp('plus.ImageSupplier.ImageSupplierName', 'plus:ImageSupplierName')],
  imageSupplierImageId: [xmp('plus.ImageSupplierImageID', 'plus:ImageSupplierImageID')],
  plusLicenseId: [xmp('plus.LicenseID', 'plus:LicenseID')],
  plusLicenseStart: [xmp('plus.LicenseStartDate', 'plus:LicenseStartDate')],
  plusLicenseEnd: [xmp('plus.LicenseEndDate', 'plus:LicenseEndDate')],
  digitalSourceType: [xmp('Iptc4xmpExt.DigitalSourceType', 'iptcExt:DigitalSourceType')],
  // Camera facts: EXIF first (written by the device at capture; XMP/IIM hold later copies).
  captureDate: [
    { ...exif('exif.DateTimeOriginal', 'ExifIFD:DateTimeOriginal'), time: { path: 'exif.OffsetTimeOriginal', oracle: 'ExifIFD:OffsetTimeOriginal' } },
    xmp('exif.DateTimeOriginal', 'exif:DateTimeOriginal'),
    xmp('photoshop.DateCreated', 'photoshop:DateCreated'),
    { ...iim('DateCreated', 'DateCreated'), time: { path: 'iptc.TimeCreated', oracle: 'IPTC:TimeCreated' } },
  ],
  cameraMake: [exif('ifd0.Make', 'IFD0:Make'), xmp('tiff.Make', 'tiff:Make')],
  cameraModel: [exif('ifd0.Model', 'IFD0:Model'), xmp('tiff.Model', 'tiff:Model')],
};

/** IPTC NewsCodes digital source types that mean the pixels were made by a generative model. */
export const AI_SOURCE_TYPES: ReadonlySet<string> = new Set(['trainedAlgorithmicMedia', 'compositeSynthetic', 'algorithmicMedia', 'compositeWithTrainedAlgorithmicMedia']);
