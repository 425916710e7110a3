// The inverted index behind search: per analysed term, the papers containing it and how often in
// each field, in flat typed arrays (no per-term or per-posting objects, so a 100k-paper index is a
// few dozen arrays the garbage collector never walks, and a snapshot is those arrays on disk).
//
// An index is an immutable base segment (terms sorted, so prefix expansion is a binary search) plus
// an optional small delta segment of papers added since, with removed or replaced base papers
// masked out. Adding a day of papers rebuilds only the delta; a snapshot re-encodes both as one.
import SearchableMap from 'minisearch/SearchableMap';
import { FIELD_COUNT, fieldTerms, INDEX_FIELDS, type IndexDoc } from './fields.js';
import { runSteps } from '../corpus/steps.js';

const F = FIELD_COUNT;
const MAX_TF = 255;
const MAX_LEN = 65535;

export interface Segment {
  /** Index terms, sorted ascending (UTF-16 code unit order, as Array#sort). */
  readonly terms: readonly string[];
  /** Postings of term t are [offsets[t], offsets[t + 1]). */
  readonly offsets: Uint32Array;
  /** Doc numbers, ascending within a term. */
  readonly docs: Int32Array;
  /** Term frequency per field (FIELD_COUNT per posting, capped at 255). */
  readonly tfs: Uint8Array;
  /** Per term and field: papers with the term in that field (BM25's df is per field, as in MiniSearch). */
  readonly fieldDf: Uint32Array;
  /** Per term and field: the highest tf and the shortest field holding the term; together an upper bound of any posting's score. */
  readonly maxTf: Uint8Array;
  readonly minLen: Uint16Array;
}

/** One term's postings across segments, with the statistics scoring needs. */
export interface TermPostings {
  readonly docs: Int32Array;
  readonly tfs: Uint8Array;
  readonly fieldDf: ArrayLike<number>;
  readonly maxTf: ArrayLike<number>;
  readonly minLen: ArrayLike<number>;
}

class GrowableInt32 {
  a = new Int32Array(4096);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const next = new Int32Array(this.a.length * 2);
      next.set(this.a);
      this.a = next;
    }
    this.a[this.n++] = v;
  }
}

class GrowableUint8 {
  a = new Uint8Array(4096 * F);
  n = 0;
  /** Appends `count` zero bytes and returns where they start. */
  extend(count: number): number {
    while (this.n + count > this.a.length) {
      const next = new Uint8Array(this.a.length * 2);
      next.set(this.a);
      this.a = next;
    }
    const at = this.n;
    this.n += count;
    return at;
  }
}

/**
 * Analyse documents into a segment whose doc numbers start at `firstDoc`. Two passes over flat
 * arrays: doc-major postings while analysing, then a scatter into term-major order (which leaves
 * each term's docs ascending without sorting them).
 */
export function buildSegment(docs: readonly IndexDoc[], firstDoc: number): { segment: Segment; fieldLen: Uint16Array } {
  return runSteps(buildSegmentSteps(docs, firstDoc));
}

/** Documents analysed between two yields of buildSegmentSteps (a paper's fields: ~0.1 ms). */
const ANALYSE_STEP = 8;

/** buildSegment as steps of a few documents each: a new revision's delta is analysed between interactions. */
export function* buildSegmentSteps(docs: readonly IndexDoc[], firstDoc: number): Generator<void, { segment: Segment; fieldLen: Uint16Array }> {
  const dict = new Map<string, number>();
  const names: string[] = [];
  const df = new GrowableInt32();
  const postTerm = new GrowableInt32();
  const postTf = new GrowableUint8();
  const docStart = new Uint32Array(docs.length + 1);
  const fieldLen = new Uint16Array(docs.length * F);
  for (let d = 0; d < docs.length; d++) {
    if (d % ANALYSE_STEP === ANALYSE_STEP - 1) yield;
    const doc = docs[d] as IndexDoc;
    docStart[d] = postTerm.n;
    const slots = new Map<number, number>();
    for (let f = 0; f < F; f++) {
      let unique = 0;
      for (const term of fieldTerms(doc[INDEX_FIELDS[f] as keyof IndexDoc])) {
        let id = dict.get(term);
        if (id === undefined) {
          id = names.length;
          dict.set(term, id);
          names.push(term);
          df.push(0);
        }
        let slot = slots.get(id);
        if (slot === undefined) {
          slot = postTerm.n;
          postTerm.push(id);
          postTf.extend(F);
          slots.set(id, slot);
          df.a[id] = (df.a[id] as number) + 1;
        }
        const k = slot * F + f;
        const tf = postTf.a[k] as number;
        if (tf === 0) unique++;
        if (tf < MAX_TF) postTf.a[k] = tf + 1;
      }
      // MiniSearch's field length: distinct terms in the field.
      fieldLen[d * F + f] = Math.min(unique, MAX_LEN);
    }
  }
  yield;
  docStart[docs.length] = postTerm.n;

  const terms = [...names].sort();
  yield;
  const rank = new Int32Array(names.length);
  terms.forEach((term, r) => (rank[dict.get(term) as number] = r));
  const offsets = new Uint32Array(terms.length + 1);
  for (let id = 0; id < names.length; id++) offsets[(rank[id] as number) + 1] = df.a[id] as number;
  for (let r = 0; r < terms.length; r++) offsets[r + 1] = (offsets[r + 1] as number) + (offsets[r] as number);
  const total = postTerm.n;
  const outDocs = new Int32Array(total);
  const outTfs = new Uint8Array(total * F);
  const cursor = offsets.slice(0, terms.length);
  for (let d = 0; d < docs.length; d++) {
    for (let p = docStart[d] as number; p < (docStart[d + 1] as number); p++) {
      const r = rank[postTerm.a[p] as number] as number;
      const q = cursor[r] as number;
      cursor[r] = q + 1;
      outDocs[q] = firstDoc + d;
      for (let f = 0; f < F; f++) outTfs[q * F + f] = postTf.a[p * F + f] as number;
    }
  }
  yield;
  const stats = termStats(offsets, outDocs, outTfs, (doc) => doc - firstDoc, fieldLen);
  return { segment: { terms, offsets, docs: outDocs, tfs: outTfs, ...stats }, fieldLen };
}

/** Per-field df, max tf and min field length of every term (see Segment). */
export function termStats(
  offsets: Uint32Array,
  docs: Int32Array,
  tfs: Uint8Array,
  row: (doc: number) => number,
  fieldLen: Uint16Array,
): Pick<Segment, 'fieldDf' | 'maxTf' | 'minLen'> {
  const v = offsets.length - 1;
  const stats = { fieldDf: new Uint32Array(v * F), maxTf: new Uint8Array(v * F), minLen: new Uint16Array(v * F).fill(MAX_LEN) };
  for (let t = 0; t < v; t++) addTermStats(stats, t, offsets[t] as number, offsets[t + 1] as number, docs, tfs, row, fieldLen);
  return stats;
}

/** Folds postings [start, end) of term t into its per-field statistics (see termStats). */
/**
 * A typed array over memory that is not zeroed first (Buffer.allocUnsafeSlow, its own ArrayBuffer), for
 * the large arrays of a new revision's index, whose every element read is written first. A zeroed one
 * (`new Int32Array(n)`) is zeroed when allocated, in one step: when the allocator reuses memory it had
 * given back to the system, that faults in every page of it at once, 30-70 ms for the ~15 MiB of a
 * ~10k-paper index on this machine, on the event loop in the middle of a swap (bench:sync, session 9).
 * Unzeroed, the pages are faulted in as the merge writes them, a few at a time between yields.
 */
function unzeroed<T>(Ctor: { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number }, length: number): T {
  const bytes = Buffer.allocUnsafeSlow(length * Ctor.BYTES_PER_ELEMENT);
  return new Ctor(bytes.buffer, bytes.byteOffset, length);
}

/** Term t's statistics before addTermStats counts its postings (unzeroed arrays: set here, not assumed). */
function resetTermStats(stats: { fieldDf: Uint32Array; maxTf: Uint8Array; minLen: Uint16Array }, t: number): void {
  for (let k = t * F; k < (t + 1) * F; k++) {
    stats.fieldDf[k] = 0;
    stats.maxTf[k] = 0;
    stats.minLen[k] = MAX_LEN;
  }
}

function addTermStats(
  stats: { fieldDf: Uint32Array; maxTf: Uint8Array; minLen: Uint16Array },
  t: number,
  start: number,
  end: number,
  docs: Int32Array,
  tfs: Uint8Array,
  row: (doc: number) => number,
  fieldLen: Uint16Array,
): void {
  const { fieldDf, maxTf, minLen } = stats;
  for (let p = start; p < end; p++) {
    const r = row(docs[p] as number);
    for (let f = 0; f < F; f++) {
      const tf = tfs[p * F + f] as number;
      if (tf === 0) continue;
      const k = t * F + f;
      fieldDf[k] = (fieldDf[k] as number) + 1;
      if (tf > (maxTf[k] as number)) maxTf[k] = tf;
      const len = fieldLen[r * F + f] as number;
      if (len < (minLen[k] as number)) minLen[k] = len;
    }
  }
}

/** First position in `sorted` whose string is not below `key` (sorted.length when none). */
export function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function termIndex(segment: Segment, term: string): number {
  const i = lowerBound(segment.terms, term);
  return segment.terms[i] === term ? i : -1;
}

function segmentPostings(segment: Segment, t: number): TermPostings {
  const start = segment.offsets[t] as number;
  const end = segment.offsets[t + 1] as number;
  return {
    docs: segment.docs.subarray(start, end),
    tfs: segment.tfs.subarray(start * F, end * F),
    fieldDf: segment.fieldDf.subarray(t * F, t * F + F),
    maxTf: segment.maxTf.subarray(t * F, t * F + F),
    minLen: segment.minLen.subarray(t * F, t * F + F),
  };
}

function prefixRange(segment: Segment, prefix: string, out: Set<string>): void {
  for (let i = lowerBound(segment.terms, prefix); i < segment.terms.length; i++) {
    const term = segment.terms[i] as string;
    if (!term.startsWith(prefix)) break;
    out.add(term);
  }
}

export interface DeltaPart {
  segment: Segment;
  /** The documents of the delta, in doc-number order (it is rebuilt from them on every change). */
  docs: readonly IndexDoc[];
}

/** A new revision extends its predecessor's typo tree with a small one while that holds at most this share of its terms. */
const MAX_ADDED_TYPO_SHARE = 0.1;

export class PostingsIndex {
  /** Papers searchable in this index (removed or replaced ones excluded). */
  readonly documentCount: number;
  /** Mean distinct terms per field over searchable papers (BM25 length normalisation). */
  readonly avgLen: Float64Array;
  private docNumbers?: Map<string, number>;
  private readonly mergedCache = new Map<string, TermPostings | null>();
  private fuzzyTerms?: SearchableMap<true>;
  /**
   * A new revision's typo lookup without a new tree: the previous revision's whole tree (shared, never
   * changed again) plus a small tree of the terms it lacks; terms no longer indexed are filtered out on
   * lookup. Building a tree of all terms again after every sync was ~19 MiB of objects at 10k papers.
   */
  private typoLayers?: { root: SearchableMap<true>; added: SearchableMap<true> };
  /** Set on a withChanges index: the typo tree(s) of the index it was made from, for compactedSteps to extend. */
  private inheritedTypo?: { root: SearchableMap<true>; added: readonly string[] };

  constructor(
    readonly base: Segment,
    /** Doc numbers below this are base papers; the delta's follow. */
    readonly baseCount: number,
    /** Paper id of every doc number, base then delta. */
    readonly ids: readonly string[],
    /** Distinct terms per field of every doc number. */
    readonly fieldLen: Uint16Array,
    readonly delta?: DeltaPart,
    /** 1 for base papers that were removed or replaced by a newer version in the delta. */
    readonly dead?: Uint8Array,
  ) {
    let alive = 0;
    const sums = new Float64Array(F);
    for (let d = 0; d < ids.length; d++) {
      if (dead && d < baseCount && dead[d] === 1) continue;
      alive++;
      for (let f = 0; f < F; f++) sums[f] = (sums[f] as number) + (fieldLen[d * F + f] as number);
    }
    this.documentCount = alive;
    this.avgLen = sums.map((s) => (alive === 0 ? 0 : s / alive));
  }

  static build(docs: readonly IndexDoc[]): PostingsIndex {
    const { segment, fieldLen } = buildSegment(docs, 0);
    return new PostingsIndex(segment, docs.length, docs.map((d) => d.id), fieldLen);
  }

  /** Doc count including removed ones: the bound of doc numbers, for scratch arrays. */
  get docSlots(): number {
    return this.ids.length;
  }

  isAlive(doc: number): boolean {
    return !(this.dead && doc < this.baseCount && this.dead[doc] === 1);
  }

  /** Doc number of a searchable paper. */
  docOf(id: string): number | undefined {
    return (this.docNumbers ?? runSteps(this.docNumbersSteps())).get(id);
  }

  /** The id -> doc number map docOf reads, built in steps of a few thousand ids (a new revision's engine builds it ahead of its first search). */
  *docNumbersSteps(): Generator<void, Map<string, number>> {
    if (!this.docNumbers) {
      const map = new Map<string, number>();
      for (let d = 0; d < this.ids.length; d++) {
        if (d % 2048 === 2047) yield;
        if (this.isAlive(d)) map.set(this.ids[d] as string, d);
      }
      this.docNumbers ??= map;
    }
    return this.docNumbers;
  }

  has(id: string): boolean {
    return this.docOf(id) !== undefined;
  }

  /** Postings of a term over searchable papers, or undefined when no searchable paper has it. */
  postings(term: string): TermPostings | undefined {
    if (!this.delta && !this.dead) {
      const t = termIndex(this.base, term);
      return t < 0 ? undefined : segmentPostings(this.base, t);
    }
    let merged = this.mergedCache.get(term);
    if (merged === undefined) {
      merged = this.mergePostings(term);
      this.mergedCache.set(term, merged);
    }
    return merged ?? undefined;
  }

  /** Concatenates the base's (minus dead papers) and the delta's postings, recomputing the statistics. */
  private mergePostings(term: string): TermPostings | null {
    const parts: TermPostings[] = [];
    const bt = termIndex(this.base, term);
    if (bt >= 0) parts.push(segmentPostings(this.base, bt));
    const dt = this.delta ? termIndex(this.delta.segment, term) : -1;
    if (this.delta && dt >= 0) parts.push(segmentPostings(this.delta.segment, dt));
    let n = 0;
    for (const p of parts) n += p.docs.length;
    const docs = new Int32Array(n);
    const tfs = new Uint8Array(n * F);
    let k = 0;
    for (const p of parts) {
      if (!this.dead) {
        // Nothing masked: the postings are copied whole.
        docs.set(p.docs, k);
        tfs.set(p.tfs, k * F);
        k += p.docs.length;
        continue;
      }
      for (let i = 0; i < p.docs.length; i++) {
        const doc = p.docs[i] as number;
        if (!this.isAlive(doc)) continue;
        docs[k] = doc;
        for (let f = 0; f < F; f++) tfs[k * F + f] = p.tfs[i * F + f] as number;
        k++;
      }
    }
    if (k === 0) return null;
    const offsets = Uint32Array.of(0, k);
    const stats = termStats(offsets, docs, tfs, (doc) => doc, this.fieldLen);
    return { docs: docs.subarray(0, k), tfs: tfs.subarray(0, k * F), ...stats };
  }

  hasTerm(term: string): boolean {
    return this.postings(term) !== undefined;
  }

  /** Searchable index terms that start with `prefix` (the prefix itself included when indexed), sorted. */
  termsWithPrefix(prefix: string): string[] {
    const out = new Set<string>();
    prefixRange(this.base, prefix, out);
    if (this.delta) prefixRange(this.delta.segment, prefix, out);
    const terms = [...out].filter((t) => !this.dead || this.hasTerm(t));
    return this.delta ? terms.sort() : terms;
  }

  /**
   * Index terms within `maxDistance` edits of `term`, with their distance. Uses MiniSearch's radix
   * tree (SearchableMap), built on the first typo: most queries never need it.
   */
  termsNear(term: string, maxDistance: number): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    if (this.typoLayers) {
      // A term's distance is the same in either tree; one in both is listed once.
      const seen = new Set<string>();
      for (const tree of [this.typoLayers.root, this.typoLayers.added]) {
        for (const [t, [, distance]] of tree.fuzzyGet(term, maxDistance)) {
          if (seen.has(t) || !this.hasTerm(t)) continue;
          seen.add(t);
          out.push([t, distance]);
        }
      }
    } else for (const [t, [, distance]] of this.typoTree().fuzzyGet(term, maxDistance)) if (!this.dead || this.hasTerm(t)) out.push([t, distance]);
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** Whether typo lookups use the previous revision's tree plus a small one (see typoLayers): for the specs. */
  get typoTreeInherited(): boolean {
    return this.typoLayers !== undefined;
  }

  /** This index's typo tree(s), once built: what a revision made from it extends. */
  private typoSource(): { root: SearchableMap<true>; added: readonly string[] } | undefined {
    if (this.typoLayers) return { root: this.typoLayers.root, added: [...this.typoLayers.added.keys()] };
    return this.fuzzyTerms ? { root: this.fuzzyTerms, added: [] } : undefined;
  }

  /** The radix tree of all terms for typo lookups (built once; warmUp builds it ahead of the first typo). */
  typoTree(): SearchableMap<true> {
    return runSteps(this.typoTreeSteps());
  }

  /** typoTree in steps of a few thousand terms, for building it between interactions (a new revision's index). */
  *typoTreeSteps(): Generator<void, SearchableMap<true>> {
    if (this.typoLayers) return this.typoLayers.root; // termsNear reads both layers: nothing to build
    if (!this.fuzzyTerms) {
      const map = new SearchableMap<true>();
      let n = 0;
      for (const terms of [this.base.terms, this.delta?.segment.terms ?? []]) {
        for (const t of terms) {
          map.set(t, true);
          if (++n % 256 === 0) yield;
        }
      }
      this.fuzzyTerms ??= map;
    }
    return this.fuzzyTerms;
  }

  /**
   * A new index with `docs` added (a doc whose id is already indexed replaces it) and `removed`
   * ids dropped. The base is shared, untouched; only the delta is re-analysed, so a day of the feed
   * (50 papers) costs milliseconds rather than a rebuild. This index stays valid for its readers.
   */
  withChanges(docs: readonly IndexDoc[], removed: readonly string[] = []): PostingsIndex {
    return runSteps(this.withChangesSteps(docs, removed));
  }

  /** withChanges in steps (the changed papers are analysed a few at a time), for a new revision's index. */
  *withChangesSteps(docs: readonly IndexDoc[], removed: readonly string[] = []): Generator<void, PostingsIndex> {
    const gone = new Set([...removed, ...docs.map((d) => d.id)]);
    const dead = this.dead ? this.dead.slice() : new Uint8Array(this.baseCount);
    for (let d = 0; d < this.baseCount; d++) if (gone.has(this.ids[d] as string)) dead[d] = 1;
    const deltaDocs = [...(this.delta?.docs ?? []).filter((d) => !gone.has(d.id)), ...docs];
    yield;
    const { segment, fieldLen: deltaLen } = yield* buildSegmentSteps(deltaDocs, this.baseCount);
    yield;
    const fieldLen = new Uint16Array((this.baseCount + deltaDocs.length) * F);
    fieldLen.set(this.fieldLen.subarray(0, this.baseCount * F));
    fieldLen.set(deltaLen, this.baseCount * F);
    const ids = [...this.ids.slice(0, this.baseCount), ...deltaDocs.map((d) => d.id)];
    const next = new PostingsIndex(this.base, this.baseCount, ids, fieldLen, { segment, docs: deltaDocs }, dead.includes(1) ? dead : undefined);
    next.inheritedTypo = this.typoSource();
    return next;
  }

  /**
   * The same searchable papers as one sorted base segment, renumbered densely (removed papers
   * dropped): what a snapshot stores, and what a new revision's engine searches (no per-term merge of
   * base and delta on read, no merged copies kept beside the base). O(postings), so it belongs off
   * the request path: see compactedSteps.
   */
  compacted(): PostingsIndex {
    return runSteps(this.compactedSteps());
  }

  /**
   * compacted as steps of a few thousand postings each, for building a new revision between
   * interactions. The base and delta term lists (both sorted) are walked together, so no term's
   * postings are materialised twice; this index is left untouched for its readers.
   */
  *compactedSteps(): Generator<void, PostingsIndex> {
    if (!this.delta && !this.dead) return this;
    const remap = new Int32Array(this.docSlots).fill(-1);
    const ids: string[] = [];
    for (let d = 0; d < this.docSlots; d++) {
      if (d % 4096 === 4095) yield;
      if (!this.isAlive(d)) continue;
      remap[d] = ids.length;
      ids.push(this.ids[d] as string);
    }
    yield;
    const fieldLen = new Uint16Array(ids.length * F);
    for (let d = 0; d < this.docSlots; d++) {
      if (d % 4096 === 4095) yield;
      const to = remap[d] as number;
      if (to >= 0) for (let f = 0; f < F; f++) fieldLen[to * F + f] = this.fieldLen[d * F + f] as number;
    }
    yield;
    const a = this.base;
    const b = this.delta?.segment;
    const bTerms = b?.terms ?? [];
    // Upper bounds (terms and postings of both segments); the unused tail is the dropped papers' share.
    const maxTerms = a.terms.length + bTerms.length;
    const maxPostings = a.docs.length + (b?.docs.length ?? 0);
    const terms: string[] = [];
    // Not zeroed (see unzeroed): docs and tfs are written up to `at`, offsets and stats for each kept term.
    const offsets = unzeroed(Uint32Array, maxTerms + 1);
    offsets[0] = 0;
    const docs = unzeroed(Int32Array, maxPostings);
    const tfs = unzeroed(Uint8Array, maxPostings * F);
    const stats = { fieldDf: unzeroed(Uint32Array, maxTerms * F), maxTf: unzeroed(Uint8Array, maxTerms * F), minLen: unzeroed(Uint16Array, maxTerms * F) };
    const sameDoc = (doc: number) => doc;
    // Terms the base lacks: what the inherited typo tree lacks too (see typoLayers).
    const freshTerms: string[] = [];
    let at = 0;
    const copy = (seg: Segment, t: number) => {
      for (let p = seg.offsets[t] as number; p < (seg.offsets[t + 1] as number); p++) {
        const to = remap[seg.docs[p] as number] as number;
        if (to < 0) continue;
        docs[at] = to;
        for (let f = 0; f < F; f++) tfs[at * F + f] = seg.tfs[p * F + f] as number;
        at++;
      }
    };
    let i = 0;
    let j = 0;
    let work = 0;
    while (i < a.terms.length || j < bTerms.length) {
      const ta = a.terms[i];
      const tb = bTerms[j];
      const term = (tb === undefined || (ta !== undefined && ta <= tb) ? ta : tb) as string;
      const start = at;
      // Base docs come before the delta's, and the renumbering keeps their order: docs stay ascending.
      const fresh = ta !== term;
      if (ta === term) copy(a, i++);
      if (b && tb === term) copy(b, j++);
      work += at - start + 1;
      if (at === start) continue; // only removed papers had it
      if (fresh) freshTerms.push(term);
      const t = terms.length;
      terms.push(term);
      offsets[t + 1] = at;
      resetTermStats(stats, t);
      addTermStats(stats, t, start, at, docs, tfs, sameDoc, fieldLen);
      if (work >= 2048) {
        work = 0;
        yield;
      }
    }
    const v = terms.length;
    const result = new PostingsIndex(
      {
        terms,
        offsets: offsets.subarray(0, v + 1),
        docs: docs.subarray(0, at),
        tfs: tfs.subarray(0, at * F),
        fieldDf: stats.fieldDf.subarray(0, v * F),
        maxTf: stats.maxTf.subarray(0, v * F),
        minLen: stats.minLen.subarray(0, v * F),
      },
      ids.length,
      ids,
      fieldLen,
    );
    const inherited = this.inheritedTypo;
    if (inherited) {
      const added = [...new Set([...inherited.added, ...freshTerms])].filter((t) => result.hasTerm(t));
      // Past a share of the whole tree, lookups in two trees cost more than one tree: the warm-up builds it anew.
      if (added.length <= inherited.root.size * MAX_ADDED_TYPO_SHARE) {
        const tree = new SearchableMap<true>();
        for (let k = 0; k < added.length; k++) {
          tree.set(added[k] as string, true);
          if (k % 256 === 255) yield;
        }
        result.typoLayers = { root: inherited.root, added: tree };
      }
    }
    return result;
  }

  /** Papers added since the base was built (they are re-analysed when the index is compacted or encoded). */
  get deltaSize(): number {
    return this.delta?.docs.length ?? 0;
  }
}
