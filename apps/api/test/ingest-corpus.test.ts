/**
 * Every image of fixtures/images/files through the upload pipeline, each with its outcome stated
 * below: all are accepted (201) as the type their content shows — a malformed file still becomes an
 * asset, with what went wrong recorded in `metadataError` — and what is stored is what the metadata
 * reader read. Content that is not an image is refused with 415 unsupported_type, whatever its name.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../../fixtures/fixture-path.ts';
import { readRights } from '../src/modules/ingest/metadata/read-rights.ts';
import { makeSite } from './helpers/factories.ts';
import { createTestApp, type TestApp } from './helpers/test-app.ts';

type Accepted = {
  mimeType: string;
  /** true: a 16-hex-digit perceptual hash; false: the pixels could not be decoded, no hash. */
  phash: boolean;
  /** What the asset records as having gone wrong (metadata reader first, then fingerprint), or null. */
  metadataError: RegExp | null;
};

const ok = (mimeType: string): Accepted => ({ mimeType, phash: true, metadataError: null });
// sharp's own libheif decodes AV1 (AVIF) but not HEVC, so a HEIC photo is stored, with its
// metadata, but gets no fingerprint; the reason is recorded.
const hevc = (mimeType: string): Accepted => ({ mimeType, phash: false, metadataError: /^fingerprint: Image could not be decoded: .*HEVC/s });
const corruptHeif: Accepted = { mimeType: 'image/heif', phash: false, metadataError: /^fingerprint: Image could not be decoded: Input buffer has corrupt header/ };
// Their EXIF points past the end of the file, which holds no image data at all.
const cutExif: Accepted = {
  mimeType: 'image/jpeg',
  phash: false,
  metadataError: /^Offset is outside the bounds of the DataView; fingerprint: Image could not be decoded: Input buffer has corrupt header: VipsJpeg: premature end of JPEG image/,
};

/** One row per file of fixtures/images/files; a file added there fails the first test until it has a row. */
const expected: Record<string, Accepted> = {
  'IPTC-PhotometadataRef-Std2021.1.jpg': ok('image/jpeg'),
  'bep_metadata_demo_exif_only.jpg': ok('image/jpeg'),
  'bep_metadata_demo_exif_out_of_sync.jpg': ok('image/jpeg'),
  'bep_metadata_demo_iim_and_xmp_only.jpg': ok('image/jpeg'),
  'bep_mushroom.jpg': ok('image/jpeg'),
  'bep_sunrise.avif': ok('image/avif'),
  'bep_sunrise.jpg': ok('image/jpeg'),
  'bep_sunrise.png': ok('image/png'),
  'bep_sunrise.webp': ok('image/webp'),
  'bep_utf8-in-ztxt.png': ok('image/png'),
  'exifr_BonTonARTSTORplusIPTC.jpg': ok('image/jpeg'),
  'exifr_Bush-dog.jpg': ok('image/jpeg'),
  'exifr_Bush-dog.tif': ok('image/tiff'),
  'exifr_IMG_20180725_163423-tiny.jpg': ok('image/jpeg'),
  'exifr_heic-single.heic': hevc('image/heif'),
  'exifr_iptc-agency-photographer-example.jpg': ok('image/jpeg'),
  'exifr_iptc-independent-photographer-example.jpg': ok('image/jpeg'),
  'exifr_iptc-staff-photographer-example.jpg': ok('image/jpeg'),
  'exifr_issue-exifr-47.jpeg': ok('image/jpeg'),
  'exifr_png_with_exif_and_gps.png': ok('image/png'),
  'exifr_tif-with-iptc-icc-xmp.tif': ok('image/tiff'),
  'exiftool_ExifTool.jpg': ok('image/jpeg'),
  'exiftool_ExifTool.tif': ok('image/tiff'),
  'exiftool_ExtendedXMP.jpg': ok('image/jpeg'),
  'exiftool_FotoStation.jpg': ok('image/jpeg'),
  'exiftool_GPS.jpg': ok('image/jpeg'),
  'exiftool_IPTC.jpg': ok('image/jpeg'),
  'exiftool_MWG.jpg': ok('image/jpeg'),
  'exiftool_PNG.png': ok('image/png'),
  'exiftool_PhotoMechanic.jpg': ok('image/jpeg'),
  'exiftool_QuickTime.heic': hevc('image/heif'),
  'exiftool_RIFF.webp': ok('image/webp'),
  'exiftool_XMP.jpg': ok('image/jpeg'),
  'ianare_Canon_40D.jpg': ok('image/jpeg'),
  'ianare_DudleyLeavittUtah.tiff': ok('image/tiff'),
  'ianare_Nikon_D70.jpg': ok('image/jpeg'),
  'ianare_Pentax_K10D.jpg': ok('image/jpeg'),
  'ianare_gps_DSCN0010.jpg': ok('image/jpeg'),
  'ianare_long_description.jpg': ok('image/jpeg'),
  'ianare_orientation_portrait_6.jpg': ok('image/jpeg'),
  'ianare_xmp_BlueSquare.jpg': ok('image/jpeg'),
  'ianare_xmp_no_exif.jpg': ok('image/jpeg'),
  'malformed_bep_huge_tag_exif.jpg': cutExif,
  'malformed_bep_infinite_loop_exif.jpg': { mimeType: 'image/jpeg', phash: true, metadataError: /^Segment unreachable: / },
  'malformed_bep_invalid-encoding-usercomment.jpg': ok('image/jpeg'),
  'malformed_bep_max_uint32_exif.jpg': cutExif,
  'malformed_exifr_RangeError_Invalid_typed_array_length.jpg': ok('image/jpeg'),
  'malformed_exifr_RangeError_Offset_outside_bounds.jpg': ok('image/jpeg'),
  'malformed_exifr_broken1.jpg': ok('image/jpeg'),
  'malformed_exifr_invalid-iCCP-missing-adler32.png': ok('image/png'),
  'malformed_exifr_issue-41-Segment_Unreachable.jpg': ok('image/jpeg'),
  'malformed_ianare_67-0_length_string.jpg': ok('image/jpeg'),
  'malformed_ianare_image01551.jpg': ok('image/jpeg'),
  'malformed_ianare_image02206.jpg': ok('image/jpeg'),
  'malformed_mei_IllegalArgument_processBoxes.heif': corruptHeif,
  'malformed_mei_NegativeArraySize_ItemInfoBox.heif': corruptHeif,
  'mei_Canon_EOS_7D.jpg': ok('image/jpeg'),
  'mei_FujiFilm_FinePixS1Pro_1.jpg': ok('image/jpeg'),
  'mei_HTC_Desire.webp': ok('image/webp'),
  'mei_Issue122.jpg': ok('image/jpeg'),
  'mei_Issue258_IPTC-PhotometadataRef-Std2019.1.jpg': ok('image/jpeg'),
  'mei_Issue600_1.jpg': ok('image/jpeg'),
  'mei_Issue80.jpg': ok('image/jpeg'),
  'mei_Nikon_D1X.jpg': ok('image/jpeg'),
  'mei_Nikon_D1X.webp': ok('image/webp'),
  'mei_PngSuite_ct1n0g04.png': ok('image/png'),
  'mei_cheers_1440x960.heic': hevc('image/heif'),
  'mei_sampleWithExifData.png': ok('image/png'),
  'wp_2004-07-22-DSC_0007.jpg': ok('image/jpeg'),
  'wp_2004-07-22-DSC_0008.jpg': ok('image/jpeg'),
  'wp_2007-06-17DSC_4173.JPG': ok('image/jpeg'),
  'wp_33772.jpg': ok('image/jpeg'),
  'wp_a2-small.jpg': ok('image/jpeg'),
  'wp_canola.jpg': ok('image/jpeg'),
  'wp_sugarloaf-mountain.jpg': ok('image/jpeg'),
  'wp_test-image-cmyk.jpg': ok('image/jpeg'),
  'wp_test-image-iptc.jpg': ok('image/jpeg'),
  'wp_test-image-rotated-90cw.webp': ok('image/webp'),
  'wp_test-image.heic': hevc('image/heic'),
  'wp_waffles.jpg': ok('image/jpeg'),
  'wp_webp-lossy.webp': ok('image/webp'),
};

/** Not images: refused before anything is stored. */
const refused: { name: string; content: Buffer }[] = [
  { name: 'permission.eml', content: readFileSync(fixturePath('email', 'mikelmail_attachment_pdf.eml')) },
  // The name says JPEG; the content (a WordPress REST response) decides.
  { name: 'photo.jpg', content: readFileSync(fixturePath('wordpress', 'rest-media_frontity_media-193.json')) },
  { name: 'export.xml', content: readFileSync(fixturePath('wordpress', 'wxr_importer_small-export.xml')) },
];

const files = readdirSync(fixturePath('images', 'files')).sort();

let t: TestApp;
let siteId: string;
beforeAll(async () => {
  t = await createTestApp();
  siteId = (await makeSite(t)).id;
});
afterAll(() => t.close());

describe('the corpus through the pipeline', () => {
  it('has an expected outcome for every file of the corpus', () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(files)('%s is accepted', async (file) => {
    const want = expected[file]!;
    const content = readFileSync(fixturePath('images', 'files', file));
    const res = await t.http().post(`/v1/sites/${siteId}/assets`).attach('file', content, file);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const asset = res.body;
    expect(asset.mimeType).toBe(want.mimeType);
    expect(asset.phash).toEqual(want.phash ? expect.stringMatching(/^[0-9a-f]{16}$/) : null);
    expect(asset.metadataError).toEqual(want.metadataError ? expect.stringMatching(want.metadataError) : null);
    // What is stored is what the reader read, its error included.
    const { rights, error } = await readRights(content);
    const { aiGenerated, ...stored } = rights;
    expect(asset.rights).toEqual(stored);
    expect(asset.aiGenerated).toBe(aiGenerated);
    expect(asset.metadataError ?? '').toContain(error ?? '');
  });

  it.each(refused)('$name (not an image) is refused with 415 unsupported_type', async ({ name, content }) => {
    const res = await t.http().post(`/v1/sites/${siteId}/assets`).attach('file', content, name);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 415, code: 'unsupported_type' });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('made one asset per image and none for what it refused', async () => {
    const assets = await t.app.prisma.asset.findMany({ where: { siteId }, select: { filename: true } });
    expect(assets.map((a) => a.filename).sort()).toEqual(files);
  });
});
