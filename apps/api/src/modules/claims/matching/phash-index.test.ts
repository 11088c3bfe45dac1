import { describe, expect, it } from 'vitest';
import { hammingDistance } from '../../ingest/fingerprint/index.ts';
import { chunkRadii, PhashIndex, type PhashMatch } from './phash-index.ts';

/**
 * The index must answer exactly what comparing every stored hash answers. The oracle here works on
 * the hex strings with the fingerprint module's hammingDistance, sharing no code with the index.
 */

/** Small seeded PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = ReturnType<typeof rng>;
const toHex = (bits: number[]) => Array.from({ length: 16 }, (_, i) => parseInt(bits.slice(4 * i, 4 * i + 4).join(''), 2).toString(16)).join('');
const fromHex = (hex: string) => [...hex].flatMap((c) => parseInt(c, 16).toString(2).padStart(4, '0').split('').map(Number));

/** A hash like the real ones: exactly 32 of 64 bits set (median threshold). */
function randomHash(r: Rand): string {
  const bits: number[] = Array.from({ length: 64 }, (_, i) => (i < 32 ? 1 : 0));
  for (let i = 63; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [bits[i], bits[j]] = [bits[j]!, bits[i]!];
  }
  return toHex(bits);
}

/** `hash` with `k` distinct bits flipped, among bit positions [from, to). */
function flip(r: Rand, hash: string, k: number, from = 0, to = 64): string {
  const bits = fromHex(hash);
  const positions = Array.from({ length: to - from }, (_, i) => from + i);
  for (let n = 0; n < k; n++) {
    const p = positions.splice(Math.floor(r() * positions.length), 1)[0]!;
    bits[p] = 1 - bits[p]!;
  }
  return toHex(bits);
}

/** The same data kept as plain strings, searched by comparing everything. */
class Oracle {
  readonly assets = new Map<string, { hashes: string[]; tag: number }>();
  upsert(id: string, hashes: string[], tag = 0) {
    if (hashes.length) this.assets.set(id, { hashes, tag });
    else this.assets.delete(id);
  }
  remove(id: string) {
    this.assets.delete(id);
  }
  /** Every asset with its best distance to the queries, nearest first. */
  all(queries: string[], tags?: Set<number>): PhashMatch[] {
    const out: PhashMatch[] = [];
    for (const [assetId, { hashes, tag }] of this.assets) {
      if (tags && !tags.has(tag)) continue;
      out.push({ assetId, distance: Math.min(...queries.flatMap((q) => hashes.map((h) => hammingDistance(q, h)))), tag });
    }
    return out.sort((a, b) => a.distance - b.distance || (a.assetId < b.assetId ? -1 : 1));
  }
  search(queries: string[], radius: number, tags?: Set<number>): PhashMatch[] {
    return this.all(queries, tags).filter((m) => m.distance <= radius);
  }
}

function both() {
  const index = new PhashIndex();
  const oracle = new Oracle();
  return {
    index,
    oracle,
    upsert(id: string, hashes: string[], tag = 0) {
      index.upsert(id, hashes, tag);
      oracle.upsert(id, hashes, tag);
    },
    remove(id: string) {
      expect(index.remove(id)).toBe(oracle.assets.has(id));
      oracle.remove(id);
    },
  };
}

const RADII = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 20, 24, 30, 40, 64];

function expectSame(index: PhashIndex, oracle: Oracle, queries: string[][], radii = RADII) {
  let matched = 0;
  for (const q of queries) {
    const all = oracle.all(q);
    for (const radius of radii) {
      const expected = all.filter((m) => m.distance <= radius);
      expect(index.search(q, radius), `radius ${radius}, query ${q.join(',')}`).toEqual(expected);
      if (radius <= 12) matched += expected.length;
    }
  }
  return matched;
}

describe('chunk radii (pigeonhole)', () => {
  it('leave no way to be within r bits without one chunk within its probe radius (exhaustive over chunk distances)', () => {
    const escapes: string[] = [];
    for (let r = 0; r <= 64; r++) {
      const radii = chunkRadii(r);
      for (let d0 = 0; d0 <= 16; d0++)
        for (let d1 = 0; d1 <= 16 && d0 + d1 <= r; d1++)
          for (let d2 = 0; d2 <= 16 && d0 + d1 + d2 <= r; d2++)
            for (let d3 = 0; d3 <= 16 && d0 + d1 + d2 + d3 <= r; d3++) {
              const found = [d0, d1, d2, d3].some((d, c) => d <= radii[c]!);
              if (!found) escapes.push(`r=${r}: chunk distances ${[d0, d1, d2, d3].join(',')} escape radii ${radii.join(',')}`);
            }
    }
    expect(escapes).toEqual([]);
  });

  it('probe fewer buckets than plain floor(r/4) on every chunk', () => {
    expect(chunkRadii(10)).toEqual([2, 2, 2, 1]);
    expect(chunkRadii(3)).toEqual([0, 0, 0, 0]);
    expect(chunkRadii(0)).toEqual([0, -1, -1, -1]);
  });
});

describe('PhashIndex equals a linear scan', () => {
  it('on random hashes, with queries near stored ones and far from all', () => {
    const r = rng(1);
    const t = both();
    const stored: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const main = randomHash(r);
      const variants = Array.from({ length: Math.floor(r() * 3) }, () => flip(r, main, 2 + Math.floor(r() * 16)));
      t.upsert(`a${i}`, [main, ...variants]);
      stored.push(main, ...variants);
    }
    const queries = Array.from({ length: 40 }, (_, i) => {
      const near = flip(r, stored[Math.floor(r() * stored.length)]!, i % 14);
      return i % 4 === 0 ? [near] : [near, randomHash(r), flip(r, stored[Math.floor(r() * stored.length)]!, i % 9)];
    });
    const matched = expectSame(t.index, t.oracle, queries);
    expect(matched).toBeGreaterThan(100); // the queries do find things, so equality means something
    expect(t.index.scan(queries[1]!, 10)).toEqual(t.oracle.search(queries[1]!, 10));
  });

  it('on clustered hashes where many share whole chunks', () => {
    const r = rng(2);
    const t = both();
    const centres = Array.from({ length: 12 }, () => randomHash(r));
    let n = 0;
    for (const centre of centres) {
      for (let i = 0; i < 250; i++) t.upsert(`n${n++}`, [flip(r, centre, Math.floor(r() * 14))]);
      // Same first two chunks as the centre, anything in the others; and the reverse.
      for (let i = 0; i < 150; i++) t.upsert(`n${n++}`, [flip(r, centre, 4 + Math.floor(r() * 20), 32, 64)]);
      for (let i = 0; i < 150; i++) t.upsert(`n${n++}`, [flip(r, centre, 4 + Math.floor(r() * 20), 0, 32)]);
      // Exact duplicates, as when one picture is uploaded to several sites.
      for (let i = 0; i < 20; i++) t.upsert(`n${n++}`, [centre, flip(r, centre, 6)]);
    }
    for (let i = 0; i < 2000; i++) t.upsert(`n${n++}`, [randomHash(r)]);
    const queries = centres.flatMap((c, i) => [[c], [flip(r, c, 1 + (i % 10))], [flip(r, c, 5, 0, 16), flip(r, c, 7, 48, 64)]]);
    queries.push(['0000000000000000'], ['ffffffffffffffff', randomHash(r)]);
    const matched = expectSame(t.index, t.oracle, queries);
    expect(matched).toBeGreaterThan(5000);
  });

  it('through upserts, removals and rebuilds, before and after compaction', () => {
    const r = rng(3);
    const t = both();
    const pool = Array.from({ length: 300 }, () => randomHash(r));
    const pick = () => flip(r, pool[Math.floor(r() * pool.length)]!, Math.floor(r() * 8));
    const queries = Array.from({ length: 12 }, () => [pick(), pick()]);
    for (let round = 0; round < 6; round++) {
      // Enough changes in some rounds to pass the rebuild threshold, few in others (tail only).
      const changes = round % 2 ? 300 : 6000;
      for (let i = 0; i < changes; i++) {
        const id = `c${Math.floor(r() * 3000)}`;
        const action = r();
        if (action < 0.15) t.remove(id);
        else if (action < 0.2) t.upsert(id, []);
        else t.upsert(id, Array.from({ length: 1 + Math.floor(r() * 3) }, pick), Math.floor(r() * 3));
      }
      expect(t.index.size).toBe(t.oracle.assets.size);
      expectSame(t.index, t.oracle, queries, [0, 4, 10, 13, 30]);
      t.index.compact();
      expectSame(t.index, t.oracle, queries, [0, 4, 10, 13, 30]);
    }
    const tags = new Set([1, 2]);
    for (const q of queries) expect(t.index.search(q, 10, { tags })).toEqual(t.oracle.search(q, 10, tags));
  });
});

describe('PhashIndex', () => {
  it('gives each asset its best distance over all its hashes and all query hashes, nearest first', () => {
    const index = new PhashIndex();
    const q = '0f0f0f0f0f0f0f0f';
    index.upsert('far', ['0f0f0f0f0f0f0fff']); // 4 bits
    index.upsert('near', ['ffffffffffffffff', '0f0f0f0f0f0f0f0e']); // 32 bits, 1 bit
    index.upsert('b-tie', ['0f0f0f0f0f0f0f0c']); // 2 bits
    index.upsert('a-tie', ['0F0F0F0F0F0F0F0A']); // 2 bits, upper case accepted
    index.upsert('none', ['f0f0f0f0f0f0f0f0']); // 64 bits
    expect(index.search([q, 'ffffffffffffffff'], 10)).toEqual([
      { assetId: 'near', distance: 0, tag: 0 }, // its first hash is 0 bits from the second query
      { assetId: 'a-tie', distance: 2, tag: 0 },
      { assetId: 'b-tie', distance: 2, tag: 0 },
      { assetId: 'far', distance: 4, tag: 0 },
    ]);
    expect(index.search([q], 64).map((m) => m.assetId)).toContain('none');
  });

  it('replaces an asset\'s hashes on upsert, drops it when it has none left, and counts', () => {
    const index = new PhashIndex();
    index.upsert('x', ['00000000000000ff', '00000000000000ff']);
    index.upsert('y', ['000000000000ff00'], 7);
    expect([index.size, index.hashCount]).toEqual([2, 2]);
    index.upsert('x', ['ff00000000000000']);
    expect(index.search(['00000000000000ff'], 4)).toEqual([]);
    expect(index.search(['ff00000000000000'], 0)).toEqual([{ assetId: 'x', distance: 0, tag: 0 }]);
    expect(index.search(['000000000000ff00'], 0, { tags: new Set([1]) })).toEqual([]);
    expect(index.search(['000000000000ff00'], 0, { tags: new Set([7]) })).toEqual([{ assetId: 'y', distance: 0, tag: 7 }]);
    index.upsert('x', []);
    expect([index.size, index.has('x'), index.remove('x'), index.remove('y'), index.size, index.hashCount]).toEqual([1, false, false, true, 0, 0]);
    expect(index.search(['000000000000ff00'], 64)).toEqual([]);
  });

  it('rejects malformed hashes and radii', () => {
    const index = new PhashIndex();
    expect(() => index.upsert('x', ['abc'])).toThrow(TypeError);
    expect(() => index.upsert('x', ['0123456789abcdeg'])).toThrow(TypeError);
    expect(() => index.search(['0123456789abcdef '], 10)).toThrow(TypeError);
    for (const radius of [-1, 65, 2.5, NaN]) expect(() => index.search(['0123456789abcdef'], radius)).toThrow(RangeError);
    expect(index.size).toBe(0);
  });
});
