import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIELD_SOURCES, type MappedField } from '../../src/modules/ingest/metadata/field-mapping.ts';
import { valueFrom } from '../../src/modules/ingest/metadata/normalize.ts';
import { readRights, type ReadResult, type RightsMetadata } from '../../src/modules/ingest/metadata/read-rights.ts';
import { fixturePath } from '../../../../fixtures/fixture-path.ts';
import { expectedFrom, expectedRights, expectedSize, loadOracle, type Expected } from './oracle.ts';

/**
 * Every corpus image, field by field, against the exiftool oracle (see oracle.ts for how the
 * expected value is derived from exiftool's output with the shared mapping table). Because the
 * precedence is shared with the reader, each source is also compared on its own (so an IIM value
 * is checked even where XMP wins), and precedence itself has its own tests in read-rights.test.ts.
 */

const files = readdirSync(fixturePath('images', 'files')).sort();
const fields = Object.keys(expectedRights({})) as (keyof RightsMetadata)[];

/**
 * Where this reader and exiftool legitimately differ, `file field` → why. The test asserts the
 * difference still exists, so a fix shows up as a failure asking for the entry's removal.
 */
const BROKEN_IRB = 'its Photoshop IPTC resource declares size 0 yet the IIM data follows: exifr reads it, exiftool stops ("Bad Photoshop IRB resource")';
const EXCEPTIONS: Record<string, string> = {
  'malformed_mei_IllegalArgument_processBoxes.heif size': 'its ipma box is corrupt (size 5), so no ispe property can be tied to the primary item; exiftool reports one anyway',
  'malformed_exifr_broken1.jpg IPTC:Credit': BROKEN_IRB,
  'malformed_exifr_broken1.jpg IPTC:DateCreated': BROKEN_IRB,
};

/**
 * Malformed files whose metadata cannot be read at all: the reader says why (and fills no field)
 * instead of throwing. Every other file, malformed or not, reads without error; a file that starts
 * or stops failing shows up as a failure here.
 */
const UNREADABLE: Record<string, RegExp> = {
  'malformed_bep_huge_tag_exif.jpg': /Offset is outside the bounds/,
  'malformed_bep_max_uint32_exif.jpg': /Offset is outside the bounds/,
  'malformed_bep_infinite_loop_exif.jpg': /Segment unreachable/,
};

/** exiftool -j prints the XMP text "True" as JSON `true`: the case is lost in the oracle, not in the file. */
const sameText = (actual: unknown, expected: unknown) =>
  actual === expected || (typeof actual === 'string' && (expected === 'true' || expected === 'false') && actual.toLowerCase() === expected);

type Outcome = { result: ReadResult } | { thrown: unknown };

for (const file of files) {
  describe(file, () => {
    const { oracle, variant } = loadOracle(file);
    const expected: Expected = expectedRights(oracle);
    let outcome: Outcome;

    beforeAll(async () => {
      outcome = await readRights(readFileSync(fixturePath('images', 'files', file))).then(
        (result) => ({ result }),
        (thrown: unknown) => ({ thrown }),
      );
    });

    const result = () => {
      if ('thrown' in outcome) throw new Error(`readRights threw: ${String(outcome.thrown)}`);
      return outcome.result;
    };

    const unreadable = UNREADABLE[file];
    it(unreadable ? 'does not throw; reports why its metadata cannot be read' : 'reads without error', () => {
      const r = result();
      if (unreadable) {
        expect(r.error).toMatch(unreadable);
        expect(r.rights).toEqual(expectedRights({})); // all null, aiGenerated false
      } else {
        expect(r.error).toBeNull();
      }
      expect(JSON.parse(JSON.stringify(r.raw))).toEqual(r.raw); // JSON-safe as stored
    });

    for (const field of fields) {
      const exception = EXCEPTIONS[`${file} ${field}`];
      const title = `${field}${variant === 'iptc_utf8' ? ' (oracle: -charset iptc=UTF8)' : ''}${exception ? ` differs from exiftool: ${exception}` : ''}`;
      it(title, () => {
        const actual = result().rights[field];
        if (exception) expect(sameText(actual, expected[field])).toBe(false);
        else expect(sameText(actual, expected[field]), `got ${JSON.stringify(actual)}`).toBe(true);
      });
    }

    it('each source alone (XMP, IIM, EXIF, PNG text) matches exiftool', () => {
      const { raw } = result();
      const differences = (Object.entries(FIELD_SOURCES) as [MappedField, (typeof FIELD_SOURCES)[MappedField]][])
        .flatMap(([field, sources]) => sources.map((source) => ({ key: source.oracle, actual: valueFrom(raw, field, source), expected: expectedFrom(oracle, field, source) })))
        .filter((d) => !sameText(d.actual, d.expected));
      const known = Object.keys(EXCEPTIONS).filter((k) => k.startsWith(`${file} `) && k.includes(':'));
      expect(differences.filter((d) => !known.includes(`${file} ${d.key}`))).toEqual([]);
      expect(known.filter((k) => !differences.some((d) => `${file} ${d.key}` === k))).toEqual([]); // a fixed exception must go
    });

    it('stored size', () => {
      const size = expectedSize(oracle);
      const exception = EXCEPTIONS[`${file} size`];
      const r = result();
      if (exception) return expect({ width: r.width, height: r.height }).not.toEqual(size);
      // Where exiftool finds no size (the unreadable files), the reader reports none either.
      expect({ width: r.width, height: r.height }).toEqual(size ?? { width: undefined, height: undefined });
    });
  });
}
