/**
 * In-memory index of 64-bit perceptual hashes answering "every asset with a stored hash within
 * Hamming distance r of any of these query hashes, with its best distance".
 *
 * Multi-index hashing (Norouzi, Punjani & Fleet, "Fast Search in Hamming Space with Multi-Index
 * Hashing", CVPR 2012): the 64 bits are cut into four 16-bit chunks, each with its own table from
 * chunk value to entries. If two hashes are at most r = 4q + a bits apart (0 <= a < 4), then one
 * of chunks 0..a differs in at most q bits or one of chunks a+1..3 in at most q-1 (otherwise the
 * distance would be at least (a+1)(q+1) + (3-a)q = r+1). So probing every chunk value within that
 * radius of the query's chunk finds every true match; each candidate is then checked on all 64 bits.
 * For r = 10 that is 3 x 137 + 17 = 428 buckets of ~N/65536 entries each, against N for a scan.
 * When the probes would cost more than a scan (radius above ~25), the index scans instead.
 *
 * Layout: a hash is two uint32 halves in typed arrays, each table a counting-sorted array of entry
 * numbers (CSR), so a million hashes take ~28 bytes each plus the asset ids. Changes are appended
 * to an unindexed tail (scanned linearly) and superseded entries marked dead; the tables are
 * rebuilt when the tail or the dead share grows, at the next search.
 */
import { popcount32 } from '../../ingest/fingerprint/phash.ts';

const CHUNKS = 4;
const CHUNK_BITS = 16;
const BUCKETS = 1 << CHUNK_BITS;
const DEAD = -1;
/** Tail entries tolerated before a rebuild: at least this many, or 1/32 of the indexed ones. */
const MIN_TAIL = 4096;

export type PhashMatch = {
  assetId: string;
  /** Smallest distance between any query hash and any of the asset's hashes. */
  distance: number;
  /** The small integer the asset was stored with (the catalog keeps a site number here). */
  tag: number;
};

export type PhashSearchOptions = {
  /** Only assets stored with one of these tags. */
  tags?: ReadonlySet<number>;
};

const HEX16 = /^[0-9a-f]{16}$/i;

/** A 16-hex-digit hash as its two 32-bit halves; throws on anything else. */
export function parsePhash(hex: string): [hi: number, lo: number] {
  if (!HEX16.test(hex)) throw new TypeError(`Not a 64-bit hex hash: "${hex}"`);
  return [parseInt(hex.slice(0, 8), 16) >>> 0, parseInt(hex.slice(8), 16) >>> 0];
}

export const isPhash = (hex: string) => HEX16.test(hex);

const chunkOf = (hi: number, lo: number, c: number) =>
  c === 0 ? hi >>> 16 : c === 1 ? hi & 0xffff : c === 2 ? lo >>> 16 : lo & 0xffff;

/** Probe radius of each chunk for a search radius (see the pigeonhole note above); -1 skips a chunk. */
export function chunkRadii(radius: number): number[] {
  const q = Math.floor(radius / CHUNKS);
  const a = radius % CHUNKS;
  return Array.from({ length: CHUNKS }, (_, c) => (c <= a ? q : q - 1));
}

/** How many values lie within r bits of a 16-bit value. */
function ballSize(r: number): number {
  let total = 0;
  let binom = 1;
  for (let k = 0; k <= Math.min(r, CHUNK_BITS); k++) {
    total += binom;
    binom = (binom * (CHUNK_BITS - k)) / (k + 1);
  }
  return total;
}

/** Writes every 16-bit value within r bits of `value` into `out`; returns how many. */
function neighbours(value: number, r: number, out: Int32Array): number {
  let n = 0;
  const visit = (v: number, fromBit: number, left: number) => {
    out[n++] = v;
    if (left === 0) return;
    for (let b = fromBit; b < CHUNK_BITS; b++) visit(v ^ (1 << b), b + 1, left - 1);
  };
  visit(value, 0, Math.min(r, CHUNK_BITS));
  return n;
}

function grown<T extends Uint32Array | Int32Array | Uint16Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

export class PhashIndex {
  // Entries: one per stored hash. An asset's entries are contiguous (appended together).
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private owner = new Int32Array(1024); // asset slot, or DEAD
  private entries = 0;
  private deadEntries = 0;

  // Assets, by slot number.
  private ids: (string | undefined)[] = [];
  private first = new Uint32Array(256);
  private count = new Uint16Array(256);
  private tagOf = new Int32Array(256);
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];

  // Tables over entries [0, indexed); entries from `indexed` on form the tail.
  private indexed = 0;
  private offsets: Uint32Array[] = [];
  private members: Uint32Array[] = [];
  private readonly probe = new Int32Array(BUCKETS);

  /** Number of assets. */
  get size(): number {
    return this.slotOf.size;
  }

  /** Number of live stored hashes. */
  get hashCount(): number {
    return this.entries - this.deadEntries;
  }

  has(assetId: string): boolean {
    return this.slotOf.has(assetId);
  }

  /** Bytes held in typed arrays (hashes, owners, tables, per-asset columns); not the id strings or their map. */
  get typedBytes(): number {
    const arrays = [this.hi, this.lo, this.owner, this.first, this.count, this.tagOf, this.probe, ...this.offsets, ...this.members];
    return arrays.reduce((sum, a) => sum + a.byteLength, 0);
  }

  /**
   * Stores the asset's hashes (replacing any it had). An asset without a valid hash cannot match
   * and is dropped. Throws on a malformed hash: callers decide whether to skip such rows.
   */
  upsert(assetId: string, hashes: readonly string[], tag = 0): void {
    const parsed: [number, number][] = [];
    for (const h of hashes) {
      const [hi, lo] = parsePhash(h);
      if (!parsed.some((p) => p[0] === hi && p[1] === lo)) parsed.push([hi, lo]);
    }
    if (parsed.length > 0xffff) throw new RangeError(`Too many hashes for one asset: ${parsed.length}`);
    if (parsed.length === 0) {
      this.remove(assetId);
      return;
    }
    let slot = this.slotOf.get(assetId);
    if (slot !== undefined) {
      if (this.tagOf[slot] === tag && this.sameHashes(slot, parsed)) return;
      this.kill(slot);
    } else {
      slot = this.freeSlots.pop() ?? this.ids.length;
      if (slot === this.ids.length) this.ids.push(assetId);
      else this.ids[slot] = assetId;
      this.slotOf.set(assetId, slot);
      this.first = grown(this.first, slot + 1, (n) => new Uint32Array(n));
      this.count = grown(this.count, slot + 1, (n) => new Uint16Array(n));
      this.tagOf = grown(this.tagOf, slot + 1, (n) => new Int32Array(n));
    }
    const need = this.entries + parsed.length;
    this.hi = grown(this.hi, need, (n) => new Uint32Array(n));
    this.lo = grown(this.lo, need, (n) => new Uint32Array(n));
    this.owner = grown(this.owner, need, (n) => new Int32Array(n));
    this.first[slot] = this.entries;
    this.count[slot] = parsed.length;
    this.tagOf[slot] = tag;
    for (const [hi, lo] of parsed) {
      this.hi[this.entries] = hi;
      this.lo[this.entries] = lo;
      this.owner[this.entries] = slot;
      this.entries++;
    }
  }

  /** Forgets the asset; true if it was there. */
  remove(assetId: string): boolean {
    const slot = this.slotOf.get(assetId);
    if (slot === undefined) return false;
    this.kill(slot);
    this.slotOf.delete(assetId);
    this.ids[slot] = undefined;
    this.freeSlots.push(slot);
    return true;
  }

  /** Assets within `radius` bits of any query hash, nearest first (ties by id). */
  search(queries: readonly string[], radius: number, options: PhashSearchOptions = {}): PhashMatch[] {
    checkRadius(radius);
    const parsed = queries.map(parsePhash);
    this.rebuildIfDue();
    const radii = chunkRadii(radius);
    const probes = radii.reduce((sum, r) => sum + (r < 0 ? 0 : ballSize(r)), 0);
    // Each probe touches ~indexed/BUCKETS entries: past one bucket per entry, a scan is cheaper.
    if (probes >= BUCKETS) return this.scan(queries, radius, options);
    const best = new Map<number, number>();
    for (const [qhi, qlo] of parsed) {
      for (let c = 0; c < CHUNKS; c++) {
        if (radii[c]! < 0) continue;
        const offsets = this.offsets[c]!;
        const members = this.members[c]!;
        const n = neighbours(chunkOf(qhi, qlo, c), radii[c]!, this.probe);
        for (let i = 0; i < n; i++) {
          const v = this.probe[i]!;
          for (let k = offsets[v]!, end = offsets[v + 1]!; k < end; k++) this.check(members[k]!, qhi, qlo, radius, options.tags, best);
        }
      }
      for (let e = this.indexed; e < this.entries; e++) this.check(e, qhi, qlo, radius, options.tags, best);
    }
    return this.results(best);
  }

  /** The same answer as `search`, by comparing every stored hash: the baseline, and the fallback for large radii. */
  scan(queries: readonly string[], radius: number, options: PhashSearchOptions = {}): PhashMatch[] {
    checkRadius(radius);
    const parsed = queries.map(parsePhash);
    const best = new Map<number, number>();
    for (const [qhi, qlo] of parsed) {
      for (let e = 0; e < this.entries; e++) this.check(e, qhi, qlo, radius, options.tags, best);
    }
    return this.results(best);
  }

  /** Moves the tail into the tables and drops dead entries now (otherwise done when due, at a search). */
  compact(): void {
    const alive = this.entries - this.deadEntries;
    const hi = new Uint32Array(Math.max(1024, alive));
    const lo = new Uint32Array(hi.length);
    const owner = new Int32Array(hi.length);
    let n = 0;
    for (let e = 0; e < this.entries; e++) {
      const slot = this.owner[e]!;
      if (slot === DEAD) continue;
      if (this.first[slot] === e) this.first[slot] = n;
      hi[n] = this.hi[e]!;
      lo[n] = this.lo[e]!;
      owner[n] = slot;
      n++;
    }
    [this.hi, this.lo, this.owner, this.entries, this.deadEntries] = [hi, lo, owner, n, 0];
    this.offsets = [];
    this.members = [];
    // Counting sort of entry numbers by chunk value, per chunk.
    for (let c = 0; c < CHUNKS; c++) {
      const offsets = new Uint32Array(BUCKETS + 1);
      for (let e = 0; e < n; e++) offsets[chunkOf(hi[e]!, lo[e]!, c) + 1]!++;
      for (let v = 0; v < BUCKETS; v++) offsets[v + 1]! += offsets[v]!;
      const next = offsets.slice(0, BUCKETS);
      const members = new Uint32Array(n);
      for (let e = 0; e < n; e++) members[next[chunkOf(hi[e]!, lo[e]!, c)]!++] = e;
      this.offsets.push(offsets);
      this.members.push(members);
    }
    this.indexed = n;
  }

  private rebuildIfDue(): void {
    const tail = this.entries - this.indexed;
    if (this.offsets.length === 0 || tail > Math.max(MIN_TAIL, this.indexed >>> 5) || this.deadEntries > this.entries >>> 2) this.compact();
  }

  private check(e: number, qhi: number, qlo: number, radius: number, tags: ReadonlySet<number> | undefined, best: Map<number, number>): void {
    const slot = this.owner[e]!;
    if (slot === DEAD) return;
    const d = popcount32(this.hi[e]! ^ qhi) + popcount32(this.lo[e]! ^ qlo);
    if (d > radius) return;
    if (tags && !tags.has(this.tagOf[slot]!)) return;
    const seen = best.get(slot);
    if (seen === undefined || d < seen) best.set(slot, d);
  }

  private results(best: Map<number, number>): PhashMatch[] {
    const out: PhashMatch[] = [];
    for (const [slot, distance] of best) out.push({ assetId: this.ids[slot]!, distance, tag: this.tagOf[slot]! });
    return out.sort((a, b) => a.distance - b.distance || (a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0));
  }

  private sameHashes(slot: number, parsed: [number, number][]): boolean {
    if (this.count[slot] !== parsed.length) return false;
    const start = this.first[slot]!;
    return parsed.every(([hi, lo], i) => this.hi[start + i] === hi && this.lo[start + i] === lo);
  }

  private kill(slot: number): void {
    const start = this.first[slot]!;
    for (let e = start; e < start + this.count[slot]!; e++) this.owner[e] = DEAD;
    this.deadEntries += this.count[slot]!;
  }
}

function checkRadius(radius: number) {
  if (!Number.isInteger(radius) || radius < 0 || radius > 64) throw new RangeError(`Hamming radius must be an integer 0..64, got ${radius}`);
}
