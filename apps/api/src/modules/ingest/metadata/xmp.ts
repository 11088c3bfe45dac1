import { parseXmpPacket, type Blocks } from './exifr-api.ts';

/**
 * XMP packet → namespaces, through exifr's own parser with three of its habits undone:
 * - it turns every numeric-looking value into a number ("0012" → 12, long ids lose digits) and
 *   "true"/"false" into booleans: we mark each literal so it cannot parse as either, then unmark;
 * - it leaves XML entities encoded ("&amp;", "&#39;");
 * - it gives a URI written as `<ns:Prop rdf:resource="…"/>` as `{ resource }`: we unwrap it;
 * - it keys namespaces by the prefix the file used (old Adobe files say xapRights, not xmpRights):
 *   we re-key the namespaces we read by their URI.
 */

const CANONICAL_PREFIX: Record<string, string> = {
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://ns.adobe.com/photoshop/1.0/': 'photoshop',
  'http://ns.adobe.com/xap/1.0/rights/': 'xmpRights',
  'http://ns.adobe.com/xap/1.0/': 'xmp',
  'http://ns.adobe.com/xap/1.0/mm/': 'xmpMM',
  'http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/': 'Iptc4xmpCore',
  'http://iptc.org/std/Iptc4xmpExt/2008-02-29/': 'Iptc4xmpExt',
  'http://ns.useplus.org/ldf/xmp/1.0/': 'plus',
  'http://ns.adobe.com/exif/1.0/': 'exif',
  'http://ns.adobe.com/tiff/1.0/': 'tiff',
};

// U+0001 cannot occur in XML 1.0 text, so it cannot collide with real content.
const MARK = '\u0001';

// Text nodes and (non-xmlns) attribute values with some non-space content get the mark.
function protectLiterals(packet: string): string {
  return packet
    .replace(/>(\s*)([^<\s][^<]*)</g, `>$1${MARK}$2<`)
    .replace(/(\s(?!xmlns:)[\w.-]+:[\w.-]+\s*=\s*)(?:"(\s*)([^"\s][^"]*)"|'(\s*)([^'\s][^']*)')/g, (_, head: string, ...q: (string | undefined)[]) =>
      q[1] !== undefined ? `${head}"${q[0]}${MARK}${q[1]}"` : `${head}'${q[2]}${MARK}${q[3]}'`,
    );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Undoes the mark and the entities, in place (the tree is exifr's fresh output). */
function unprotect(value: unknown): unknown {
  if (typeof value === 'string') {
    const text = value.includes(MARK) ? value.split(MARK).join('') : value;
    return text.includes('&') ? decodeEntities(text) : text;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = unprotect(value[i]);
    return value;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === 'resource') return unprotect(record.resource);
    for (const key of keys) record[key] = unprotect(record[key]);
    return record;
  }
  return value;
}

function namespaceUris(packet: string): Map<string, string> {
  const uris = new Map<string, string>();
  for (const match of packet.matchAll(/xmlns:([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (match[1]) uris.set(match[1], match[2] ?? match[3] ?? '');
  }
  return uris;
}

/** Namespaces of an XMP packet (or several concatenated), values as the literal text. */
export function readXmp(packet: string): Blocks {
  const parsed = unprotect(parseXmpPacket(protectLiterals(packet))) as Blocks;
  const uris = namespaceUris(packet);
  const out = Object.create(null) as Blocks; // prefixes come from the file
  for (const [prefix, props] of Object.entries(parsed)) {
    if (prefix === 'xmlns' || !props || typeof props !== 'object') continue;
    const name = CANONICAL_PREFIX[uris.get(prefix) ?? ''] ?? prefix;
    // Two prefixes for one namespace (xap and xmp in one file): the first one read keeps its values.
    out[name] = { ...(props as Blocks), ...(out[name] ?? {}) };
  }
  return out;
}
