// Top-k retrieval over the postings index: the exact ranking of query.ts, computed for the k best
// papers only. Scoring is MiniSearch's BM25F per term (same k1, b, d, field boosts, prefix and fuzzy
// weights), combined per query unit and scaled by rarity-weighted coverage as query.ts describes.
//
// Cost follows what is returned (MaxScore, document at a time, with block-max bounds): every source
// (a term, a word's summed prefix/typo expansions, a span, a word's learned expansions merged) knows the best score in each block of 64 of its
// postings, and its best overall. Once k papers are held, the common sources whose bounds together
// cannot lift a paper to the k-th score stop producing candidates ("non-essential"); they are only
// located for papers the rarer sources bring in, and a paper is dropped as soon as its bound falls
// below the k-th score. The scan goes region by region: within a few blocks a common word's best is
// about half its global best (which one outlier paper sets), so a region is skipped whole, or its
// candidates come from even fewer sources. The rarest source's papers are evaluated first, so the
// k-th score is high from the start (learned expansions, weak on their own, are never that source).
// A common word alone ("benchmark") thus reads only the blocks
// holding a paper good enough to enter.
//
// Bounds only prune what cannot tie or win, and every paper kept is scored by one fixed procedure,
// so the top k are exactly the head of the full ranking (test/search/topk.test.ts checks it).
import { FIELD_BOOSTS, FIELD_COUNT, INDEX_FIELDS } from './fields.js';
import type { PostingsIndex, TermPostings } from './postings.js';
import type { QueryPart, QuerySpan, QueryUnit } from './query-types.js';

const F = FIELD_COUNT;

/** BM25F's constants: a weight, a saturation k1 and a length normalisation b per field, and BM25+'s floor d. */
export interface ScoringParams {
  boosts: Float64Array;
  k1: Float64Array;
  b: Float64Array;
  d: number;
}

/**
 * MiniSearch's BM25+ defaults (k1 1.2, b 0.7, d 0.5) and paperboy's field boosts. Plain BM25 (d = 0)
 * was tried in 2026-12-01's session 6: +0.008 nDCG@10 on the tune half, even on the test half (README
 * "Tried on the tune half and dropped"), so not adopted.
 */
export const DEFAULT_SCORING: Readonly<ScoringParams> = {
  boosts: Float64Array.from(INDEX_FIELDS, (f) => FIELD_BOOSTS[f]),
  k1: new Float64Array(F).fill(1.2),
  b: new Float64Array(F).fill(0.7),
  d: 0.5,
};

let BOOSTS = DEFAULT_SCORING.boosts;
let K1 = DEFAULT_SCORING.k1;
let B = DEFAULT_SCORING.b;
let D = DEFAULT_SCORING.d;

/**
 * For tuning scripts only (scripts/rank-tune.ts; the product never calls it): replaces the constants
 * for indexes built afterwards (bounds and length norms are cached per index); {} restores the defaults.
 */
export function setScoringForTuning(params: Partial<ScoringParams>): void {
  const p = { ...DEFAULT_SCORING, ...params };
  BOOSTS = p.boosts;
  K1 = p.k1;
  B = p.b;
  D = p.d;
}
/** Minisearch weights for prefix (last word) and fuzzy (typo) matches; exact matches weigh 1. */
export const PREFIX_WEIGHT = 0.4;
export const FUZZY_WEIGHT = 0.35;
/** Bounds are inflated by this much so float rounding can never prune a paper that ties. */
const BOUND_SLACK = 1 + 1e-9;

/** One index term of a query with its weight (1 exact, less for prefix/fuzzy expansions). */
interface TermScorer {
  term: string;
  weight: number;
  postings: TermPostings;
  /** Per field BM25 idf (0 when no paper has the term in that field). */
  idf: Float64Array;
}

function termScorer(index: PostingsIndex, term: string, weight: number): TermScorer | undefined {
  const postings = index.postings(term);
  if (!postings) return undefined;
  const n = index.documentCount;
  const idf = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    const df = postings.fieldDf[f] as number;
    if (df !== 0) idf[f] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
  return { term, weight, postings, idf };
}

/** BM25F of the posting at `p` (whose doc is `doc`) at weight 1; `lengthNorm` is lengthNorms(index). */
function rawScore(s: TermScorer, p: number, doc: number, lengthNorm: Float64Array): number {
  let sum = 0;
  const tfs = s.postings.tfs;
  for (let f = 0; f < F; f++) {
    const tf = tfs[p * F + f] as number;
    if (tf === 0) continue;
    sum += (BOOSTS[f] as number) * (s.idf[f] as number) * (D + (tf * ((K1[f] as number) + 1)) / (tf + (lengthNorm[doc * F + f] as number)));
  }
  return sum;
}

/** weight x BM25F of the posting at `p` (whose doc is `doc`); `lengthNorm` is lengthNorms(index). */
function postingScore(s: TermScorer, p: number, doc: number, lengthNorm: Float64Array): number {
  return s.weight * rawScore(s, p, doc, lengthNorm);
}

const norms = new WeakMap<PostingsIndex, Float64Array>();

/** Per doc and field, BM25's k1 x (1 - b + b x length / average length): fixed for an index, so computed once. */
function lengthNorms(index: PostingsIndex): Float64Array {
  let out = norms.get(index);
  if (!out) {
    const { fieldLen, avgLen } = index;
    out = new Float64Array(fieldLen.length);
    for (let i = 0; i < fieldLen.length; i++) {
      const f = i % F;
      const b = B[f] as number;
      out[i] = (K1[f] as number) * (1 - b + (b * (fieldLen[i] as number)) / (avgLen[f] as number));
    }
    norms.set(index, out);
  }
  return out;
}

/** Postings per block of the block-max bounds (a power of two: a posting's block is pos >> BLOCK_SHIFT). */
const BLOCK_SHIFT = 6;
const BLOCK = 1 << BLOCK_SHIFT;
/** Terms with at least this many postings keep their block maxima with the index (shorter ones cost less to redo than to keep). */
const CACHED_BLOCKS_MIN = 4 * BLOCK;
const blockCache = new WeakMap<PostingsIndex, Map<string, Float64Array>>();

/** Per block of BLOCK postings, the largest of `score` over it (the exact best, not an estimate). */
function blockMaxima(length: number, score: (p: number) => number): Float64Array {
  const out = new Float64Array((length + BLOCK - 1) >> BLOCK_SHIFT);
  for (let p = 0; p < length; p++) {
    const v = score(p);
    const b = p >> BLOCK_SHIFT;
    if (v > (out[b] as number)) out[b] = v;
  }
  return out;
}

/**
 * A term's block maxima at weight 1. They depend only on the index (idf, lengths), so a common
 * term's are computed on its first query and kept with the index; every later query reads a block's
 * best score instead of scoring its postings.
 */
function termBlockMaxima(index: PostingsIndex, s: TermScorer): Float64Array {
  const docs = s.postings.docs;
  const keep = docs.length >= CACHED_BLOCKS_MIN;
  let cache = blockCache.get(index);
  const cached = keep ? cache?.get(s.term) : undefined;
  if (cached) return cached;
  const lengthNorm = lengthNorms(index);
  const out = blockMaxima(docs.length, (p) => rawScore(s, p, docs[p] as number, lengthNorm));
  if (keep) {
    if (!cache) blockCache.set(index, (cache = new Map()));
    cache.set(s.term, out);
  }
  return out;
}

/** Postings scored per step by carryBlockMaximaSteps (~0.2-0.5 ms at 10k papers). */
const CARRY_STEP_POSTINGS = 16_384;

/**
 * The block maxima `from` keeps (the common terms queries asked for so far) made for `to`, the next
 * revision's index, in steps for runInSlices, with `to`'s length norms. A new revision's idf and lengths
 * differ, so they are computed again, not copied; without this the first searches after a swap paid for
 * them, each up to ~25 ms more than on the revision before (bench/sync.ts at ~9k papers).
 */
export function* carryBlockMaximaSteps(from: PostingsIndex, to: PostingsIndex): Generator<void, void> {
  const terms = [...(blockCache.get(from)?.keys() ?? [])];
  lengthNorms(to);
  let scored = 0;
  for (const term of terms) {
    const s = termScorer(to, term, 1);
    if (!s) continue;
    termBlockMaxima(to, s);
    scored += s.postings.docs.length;
    if (scored >= CARRY_STEP_POSTINGS) {
      scored = 0;
      yield;
    }
  }
}

/** How many terms' block maxima an index keeps (for the specs of carryBlockMaximaSteps). */
export function keptBlockMaxima(index: PostingsIndex): number {
  return blockCache.get(index)?.size ?? 0;
}

/** First position >= `from` whose doc is >= `target` (galloping, then binary search). */
function seek(docs: Int32Array, from: number, target: number): number {
  if (from >= docs.length || (docs[from] as number) >= target) return from;
  let step = 1;
  let lo = from;
  while (lo + step < docs.length && (docs[lo + step] as number) < target) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step, docs.length);
  lo += 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((docs[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A sorted stream of (doc, score): one exact term, or the prefix/fuzzy expansions of a query word
 * summed ahead of time (they are rare terms, and a long word can have hundreds of them). `blocks`
 * holds the best score of each block of BLOCK postings; `bound` is the best of all.
 */
/** Past the last doc of a source (doc numbers are int32). */
const END = 0x7fffffff;

class Source {
  pos = 0;
  /** The doc at `pos`, END when past the last. */
  doc: number;
  private maxima?: Float64Array;
  private best = -1;
  constructor(
    readonly docs: Int32Array,
    /** Computes the block maxima on first use: counting matches never needs them. */
    private readonly makeBlocks: () => Float64Array,
    private readonly score: (p: number, doc: number) => number,
    /** Per posting, the coverage its match earns (a word's merged learned expansions); else the span's own. */
    readonly covers?: Float64Array,
  ) {
    this.doc = docs.length > 0 ? (docs[0] as number) : END;
  }

  get blocks(): Float64Array {
    return (this.maxima ??= this.makeBlocks());
  }

  get bound(): number {
    if (this.best < 0) this.best = this.blocks.reduce((a, b) => Math.max(a, b), 0);
    return this.best;
  }

  /** Moves to `target` (or past it); true when the doc is in this source. Targets only ever ascend. */
  has(target: number): boolean {
    this.pos = seek(this.docs, this.pos, target);
    this.doc = this.pos < this.docs.length ? (this.docs[this.pos] as number) : END;
    return this.doc === target;
  }

  /** Steps past the current doc. */
  next(): void {
    this.doc = ++this.pos < this.docs.length ? (this.docs[this.pos] as number) : END;
  }

  rewind(): void {
    this.pos = 0;
    this.doc = this.docs.length > 0 ? (this.docs[0] as number) : END;
  }

  /** Score at the current position (which holds the doc being scored). */
  here(doc: number): number {
    return this.score(this.pos, doc);
  }

  /** Coverage earned at the current position (merged expansions only). */
  coverHere(): number {
    return (this.covers as Float64Array)[this.pos] as number;
  }

  /** Best score in the block of the current position. */
  blockBound(): number {
    return this.blocks[this.pos >> BLOCK_SHIFT] as number;
  }

  /** Last doc of the block of the current position (the position must hold a doc). */
  blockLast(): number {
    return this.docs[Math.min(((this.pos >> BLOCK_SHIFT) + 1) << BLOCK_SHIFT, this.docs.length) - 1] as number;
  }
}

export interface PartTerms {
  /** The query word's own term, when indexed. */
  exact?: TermScorer;
  /** Prefix and fuzzy expansions (never the word itself). */
  expansions: TermScorer[];
}

/** Index terms standing for a query word: exact (plus prefixes of the last word); typos only when the word is not indexed. */
export function expandPart(index: PostingsIndex, part: QueryPart): PartTerms {
  const exact = termScorer(index, part.stem, 1);
  const expansions: TermScorer[] = [];
  const taken = new Set<string>([part.stem]);
  if (part.prefix) {
    for (const term of index.termsWithPrefix(part.stem)) {
      if (taken.has(term)) continue;
      taken.add(term);
      const distance = term.length - part.stem.length;
      const s = termScorer(index, term, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance));
      if (s) expansions.push(s);
    }
  }
  if (!exact && part.stem.length >= 4 && !/\d/.test(part.stem)) {
    for (const [term, distance] of index.termsNear(part.stem, part.stem.length >= 8 ? 2 : 1)) {
      if (distance === 0 || taken.has(term)) continue;
      taken.add(term);
      const s = termScorer(index, term, (FUZZY_WEIGHT * term.length) / (term.length + distance));
      if (s) expansions.push(s);
    }
  }
  return exact ? { exact, expansions } : { expansions };
}

/** Reusable per-index scratch space, so a query allocates nothing proportional to the corpus. */
export class Scratch {
  readonly acc: Float64Array;
  readonly stamp: Int32Array;
  /**
   * The first search's working objects (sources, top-k, plan; its ranking's), kept as long as the engine,
   * so each shape of per-search object has a live instance. V8 embeds those shapes (maps) in the optimized
   * search code and throws the code away when a garbage collection finds a map with no live object left;
   * the searches after each major GC then ran unoptimized, about twice as slow (up to ~25 ms more per
   * search at ~9k papers, and major GCs come with every sync's swap). The first search's, not the last's:
   * objects replaced on every search all survived a scavenge, which doubled the time scavenges took.
   */
  readonly held: { retrieval: unknown; ranking: unknown } = { retrieval: undefined, ranking: undefined }; // one shape from the start
  private counter = 0;
  constructor(size: number) {
    this.acc = new Float64Array(size);
    this.stamp = new Int32Array(size);
  }
  nextStamp(): number {
    if (++this.counter === 0x7fffffff) {
      this.stamp.fill(0);
      this.counter = 1;
    }
    return this.counter;
  }
}

function termSource(s: TermScorer, index: PostingsIndex): Source {
  const lengthNorm = lengthNorms(index);
  // weight x max >= weight x any score (rounding is monotone), so weighted maxima stay exact bounds.
  const blocks = () => {
    const raw = termBlockMaxima(index, s);
    return s.weight === 1 ? raw : raw.map((v) => s.weight * v);
  };
  return new Source(s.postings.docs, blocks, (p, doc) => postingScore(s, p, doc, lengthNorm));
}

/** Sum the expansions of one word into one stream (term at a time: they are rare). */
function expansionSource(terms: readonly TermScorer[], index: PostingsIndex, scratch: Scratch): Source {
  const touched: number[] = [];
  const { acc } = scratch;
  const lengthNorm = lengthNorms(index);
  for (const s of terms) {
    const docs = s.postings.docs;
    for (let p = 0; p < docs.length; p++) {
      const doc = docs[p] as number;
      if (acc[doc] === 0) touched.push(doc);
      acc[doc] = (acc[doc] as number) + postingScore(s, p, doc, lengthNorm);
    }
  }
  const docs = Int32Array.from(touched).sort();
  const scores = new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as number;
    scores[i] = acc[doc] as number;
    acc[doc] = 0;
  }
  return new Source(docs, () => blockMaxima(scores.length, (p) => scores[p] as number), (p) => scores[p] as number);
}

/**
 * A query word's learned expansions (single-word spans of partial cover) as one source: per paper the
 * best of weight x BM25 over the expansions it has, and the best cover among them. The scorer takes
 * the best span alternative and the best cover of the spans present, so one source holding both
 * maxima scores every paper exactly as the separate spans did, with one source per word instead of
 * one per expansion (each source costs every candidate a look-up and a share of every bound).
 */
function mergedExpansionSource(group: readonly QuerySpan[], index: PostingsIndex, scratch: Scratch): Source {
  // Best cover first: the first span to reach a paper gives it its best cover, kept in the sort key
  // (doc x R + rank), so no per-paper map is needed.
  const spans = [...group].sort((a, b) => (b.cover ?? 1) - (a.cover ?? 1));
  const R = spans.length;
  const keys: number[] = [];
  const { acc, stamp } = scratch;
  const mark = scratch.nextStamp();
  const lengthNorm = lengthNorms(index);
  spans.forEach((span, rank) => {
    const s = termScorer(index, span.term, 1);
    if (!s) return;
    const docs = s.postings.docs;
    for (let p = 0; p < docs.length; p++) {
      const doc = docs[p] as number;
      const v = span.weight * postingScore(s, p, doc, lengthNorm);
      if (stamp[doc] !== mark) {
        stamp[doc] = mark;
        keys.push(doc * R + rank);
        acc[doc] = v;
      } else if (v > (acc[doc] as number)) acc[doc] = v;
    }
  });
  const sorted = Float64Array.from(keys).sort();
  const docs = new Int32Array(sorted.length);
  const scores = new Float64Array(sorted.length);
  const covers = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i] as number;
    const doc = Math.floor(key / R);
    docs[i] = doc;
    scores[i] = acc[doc] as number;
    covers[i] = (spans[key - doc * R] as QuerySpan).cover ?? 1;
    acc[doc] = 0;
  }
  return new Source(docs, () => blockMaxima(scores.length, (p) => scores[p] as number), (p) => scores[p] as number, covers);
}

/** A learned expansion of one word: the spans mergedExpansionSource combines. */
const isWordExpansion = (span: QuerySpan) => span.cover !== undefined && span.cover < 1 && span.end - span.start === 1;

interface UnitPlan {
  parts: number[];
  spans: Array<{ span: QuerySpan; source?: Source }>;
  sources: Source[];
  idf: number;
  df: number;
}

export interface RetrieveOptions {
  /** How many papers to return (Infinity: all matching, the reference ranking). */
  k: number;
  /** Only docs passing this are scored (filters, removed papers). */
  accept: (doc: number) => boolean;
  /** Tie-break rank of a doc: lower wins among equal scores. */
  tie: (doc: number) => number;
  /** Optional multiplier per doc (e.g. a learned signal), with its upper bound so pruning stays exact. */
  boost?: { factor: (doc: number) => number; max: number };
}

export interface RetrievedDocs {
  /** Best first: score desc, then tie asc. */
  docs: number[];
  scores: number[];
  /** Per unit: how many papers match it (for idf-style weighting by callers). */
  unitDf: number[];
  /** Per query part: its index terms (exact, then expansions), for proximity and answers. */
  partTerms: PartTerms[];
}

/** Rarity of a unit (BM25 idf): missing a rare idea costs a paper more than missing a common one. */
function unitIdf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function planUnits(index: PostingsIndex, parts: readonly QueryPart[], units: readonly QueryUnit[], scratch: Scratch) {
  const partTerms = parts.map((p) => expandPart(index, p));
  const partSources: Source[][] = partTerms.map((t) => {
    const out: Source[] = [];
    if (t.exact) out.push(termSource(t.exact, index));
    if (t.expansions.length === 1) out.push(termSource(t.expansions[0] as TermScorer, index));
    else if (t.expansions.length > 1) out.push(expansionSource(t.expansions, index, scratch));
    return out;
  });
  const spanSources = new Map<string, Source | undefined>();
  const plans: UnitPlan[] = units.map((unit) => {
    const byWord = new Map<number, QuerySpan[]>();
    for (const span of unit.spans) if (isWordExpansion(span)) byWord.set(span.start, [...(byWord.get(span.start) ?? []), span]);
    const merged = new Map<number, { span: QuerySpan; source?: Source } | undefined>();
    for (const [start, group] of byWord) {
      if (group.length < 2) continue;
      const source = mergedExpansionSource(group, index, scratch);
      // weight 1: the source's values are already weighted; cover: the group's best (its bound).
      const span: QuerySpan = { term: group.map((g) => g.term).join(' '), start, end: start + 1, weight: 1, cover: Math.max(...group.map((g) => g.cover ?? 1)) };
      merged.set(start, source.docs.length > 0 ? { span, source } : { span });
    }
    const spans = unit.spans.flatMap((span) => {
      if (isWordExpansion(span) && merged.has(span.start)) {
        // The group's first span stands for all of them.
        const m = merged.get(span.start);
        merged.set(span.start, undefined);
        return m ? [m] : [];
      }
      if (!spanSources.has(span.term)) {
        const s = termScorer(index, span.term, 1);
        spanSources.set(span.term, s && termSource(s, index));
      }
      const source = spanSources.get(span.term);
      return source ? [{ span, source }] : [{ span }];
    });
    const sources = [...unit.parts.flatMap((i) => partSources[i] ?? []), ...spans.flatMap((s) => (s.source ? [s.source] : []))];
    return { parts: unit.parts, spans, sources, idf: 0, df: unionSize(sources, scratch) };
  });
  for (const u of plans) u.idf = unitIdf(u.df, index.documentCount);
  return { partTerms, partSources, plans };
}

/** Distinct docs over sources: a count, never a score, so even common words cost little here. */
function unionSize(sources: readonly Source[], scratch: Scratch): number {
  if (sources.length === 0) return 0;
  if (sources.length === 1) return (sources[0] as Source).docs.length;
  const stamp = scratch.nextStamp();
  let n = 0;
  for (const s of sources) {
    for (let i = 0; i < s.docs.length; i++) {
      const doc = s.docs[i] as number;
      if (scratch.stamp[doc] !== stamp) {
        scratch.stamp[doc] = stamp;
        n++;
      }
    }
  }
  return n;
}

/** A bounded heap of the k best (doc, score): the root is the worst held, the bar a newcomer must pass. */
class TopK {
  readonly docs: number[] = [];
  readonly scores: number[] = [];
  readonly ties: number[] = [];
  constructor(readonly k: number) {}

  get full(): boolean {
    return this.docs.length >= this.k;
  }
  /** Score of the worst held (only meaningful when full). */
  get bar(): number {
    return this.scores[0] as number;
  }
  private worse(i: number, j: number): boolean {
    const a = this.scores[i] as number;
    const b = this.scores[j] as number;
    return a < b || (a === b && (this.ties[i] as number) > (this.ties[j] as number));
  }
  private swap(i: number, j: number): void {
    const { docs, scores, ties } = this;
    const d = docs[i] as number;
    docs[i] = docs[j] as number;
    docs[j] = d;
    const s = scores[i] as number;
    scores[i] = scores[j] as number;
    scores[j] = s;
    const t = ties[i] as number;
    ties[i] = ties[j] as number;
    ties[j] = t;
  }
  offer(doc: number, score: number, tie: number): void {
    if (!this.full) {
      this.docs.push(doc);
      this.scores.push(score);
      this.ties.push(tie);
      let i = this.docs.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    const root = this.scores[0] as number;
    if (score < root || (score === root && tie >= (this.ties[0] as number))) return;
    this.docs[0] = doc;
    this.scores[0] = score;
    this.ties[0] = tie;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.docs.length && this.worse(l, m)) m = l;
      if (r < this.docs.length && this.worse(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
  /** Best first. */
  sorted(): Array<{ doc: number; score: number; tie: number }> {
    return this.docs
      .map((doc, i) => ({ doc, score: this.scores[i] as number, tie: this.ties[i] as number }))
      .sort((a, b) => b.score - a.score || a.tie - b.tie);
  }
}

/**
 * The k best papers for a parsed query: score = (sum over units of the unit's best alternative) x
 * (rarity-weighted share of units matched), times the optional boost.
 */
export function retrieveTopK(
  index: PostingsIndex,
  parts: readonly QueryPart[],
  units: readonly QueryUnit[],
  scratch: Scratch,
  options: RetrieveOptions,
): RetrievedDocs {
  const { partTerms, partSources, plans } = planUnits(index, parts, units, scratch);
  const unitDf = plans.map((u) => u.df);
  const idfSum = plans.reduce((a, u) => a + u.idf, 0) || 1;
  const boostMax = options.boost?.max ?? 1;
  const m = plans.length;
  const unitScore = new Float64Array(m);
  const unitCov = new Float64Array(m);
  const partScore = new Float64Array(parts.length);
  const covered = new Float64Array(parts.length);

  // Pruning works per source (a term, a word's summed expansions, a span), not per unit: a unit of
  // several words ("vision language model") would otherwise make every paper with any of them a
  // candidate scored in full. Each source gets an id; val[id] is its score at the current doc.
  const sources = [...new Set(plans.flatMap((u) => u.sources))];
  const idOf = new Map(sources.map((src, id) => [src, id]));
  const S = sources.length;
  const val = new Float64Array(S);
  /** Per source at the current doc: its score when looked up, its bound while not, 0 when absent. */
  const cur = new Float64Array(S);
  const bound = Float64Array.from(sources, (src) => src.bound);
  // Every source of a part that belongs to a unit is among the units' sources.
  const partIds = partSources.map((list) => list.flatMap((src) => idOf.get(src) ?? []));
  const unitSpans = plans.map((u) => u.spans.flatMap(({ span, source }) => (source ? [{ span, id: idOf.get(source) as number }] : [])));
  const coverUb = new Float64Array(parts.length);
  const partUb = new Float64Array(parts.length);
  // The same structure flattened into typed arrays: upper() runs for most candidates, so it must be cheap.
  const flatParts = Int32Array.from(plans.flatMap((u) => u.parts));
  const unitPartEnd = new Int32Array(m);
  const partSrcStart = new Int32Array(parts.length + 1);
  const flatPartSrc = Int32Array.from(partIds.flat());
  const spanEnd = new Int32Array(m);
  const flatSpans = unitSpans.flat();
  const spanId = Int32Array.from(flatSpans, (x) => x.id);
  const spanWeight = Float64Array.from(flatSpans, (x) => x.span.weight);
  const spanCover = Float64Array.from(flatSpans, (x) => x.span.cover ?? 1);
  const spanFrom = Int32Array.from(flatSpans, (x) => x.span.start);
  const spanTo = Int32Array.from(flatSpans, (x) => x.span.end);
  const unitShare = Float64Array.from(plans, (u) => u.idf / u.parts.length);
  for (let u = 0, p = 0, sp = 0; u < m; u++) {
    p += (plans[u] as UnitPlan).parts.length;
    unitPartEnd[u] = p;
    sp += (unitSpans[u] as unknown[]).length;
    spanEnd[u] = sp;
  }
  for (let i = 0; i < parts.length; i++) partSrcStart[i + 1] = (partSrcStart[i] as number) + (partIds[i] as number[]).length;

  /**
   * Upper bound of the final score at the current doc from cur[]. It follows the scorer's rules: a
   * unit's best alternative is its literal sum, or a span standing for some of its words plus the
   * literal score of the others (each word at most its sources' cur), and a word counts as covered
   * only if something that could match covers it.
   */
  const upper = (): number => {
    let total = 0;
    let coverage = 0;
    for (let u = 0, k0 = 0, s0 = 0; u < m; u++) {
      const k1 = unitPartEnd[u] as number;
      const s1 = spanEnd[u] as number;
      let literal = 0;
      for (let k = k0; k < k1; k++) {
        const i = flatParts[k] as number;
        let possible = 0;
        let part = 0;
        for (let q = partSrcStart[i] as number, q1 = partSrcStart[i + 1] as number; q < q1; q++) {
          const v = cur[flatPartSrc[q] as number] as number;
          part += v;
          if (v > 0) possible = 1;
        }
        partUb[i] = part;
        literal += part;
        coverUb[i] = possible;
      }
      let best = literal;
      for (let k = s0; k < s1; k++) {
        const v = cur[spanId[k] as number] as number;
        if (v <= 0) continue;
        const cover = spanCover[k] as number;
        let inside = 0;
        for (let i = spanFrom[k] as number; i < (spanTo[k] as number); i++) {
          inside += partUb[i] as number;
          if ((coverUb[i] as number) < cover) coverUb[i] = cover;
        }
        const alternative = (spanWeight[k] as number) * v + literal - inside;
        if (alternative > best) best = alternative;
      }
      let n = 0;
      for (let k = k0; k < k1; k++) n += coverUb[flatParts[k] as number] as number;
      total += best;
      coverage += n * (unitShare[u] as number);
      k0 = k1;
      s0 = s1;
    }
    return ((total * coverage) / idfSum) * boostMax * BOUND_SLACK;
  };

  /** Unit u's best alternative at doc from val[], into unitScore/unitCov (the rules of the former full scorer). */
  const scoreUnit = (u: number): void => {
    const unit = plans[u] as UnitPlan;
    let literal = 0;
    for (const i of unit.parts) {
      let s = 0;
      for (const id of partIds[i] as number[]) s += val[id] as number;
      partScore[i] = s;
      literal += s;
      covered[i] = s > 0 ? 1 : 0;
    }
    let best = literal;
    for (const { span, id } of unitSpans[u] as Array<{ span: QuerySpan; id: number }>) {
      const hit = val[id] as number;
      if (hit === 0) continue;
      let inside = 0;
      // A learned expansion covers its word only partly (span.cover); literal alternatives fully.
      const src = sources[id] as Source;
      const cover = src.covers ? src.coverHere() : (span.cover ?? 1);
      for (let i = span.start; i < span.end; i++) {
        inside += partScore[i] as number;
        if ((covered[i] as number) < cover) covered[i] = cover;
      }
      // The span replaces the literal score of the words it stands for, never adds to it.
      best = Math.max(best, span.weight * hit + literal - inside);
    }
    let n = 0;
    for (const i of unit.parts) n += covered[i] as number;
    unitScore[u] = best;
    unitCov[u] = n / unit.parts.length;
  };

  // Sources by descending document frequency: a prefix of this order that cannot lift a paper to
  // the bar on its own (everything else absent) stops generating candidates, and with coverage
  // scaling the score, a set of common words that covers only part of the query is pruned early
  // (ascending bound, the usual MaxScore order, keeps them generating far longer). They are then
  // only looked up for papers the rarer sources bring in, while such a paper can still make it.
  // Weak sources come first whatever their frequency: those that only partly cover their words
  // (learned expansions, span.cover < 1). They are rare terms, but a paper with nothing else is
  // worth little, so as generators they would bring many candidates that are then pruned, and as
  // the rarest source they would start the scan with a low bar. Any order keeps the result exact.
  const weak = new Uint8Array(S).fill(1);
  for (const ids of partIds) for (const id of ids) weak[id] = 0;
  for (const list of unitSpans) for (const { span, id } of list) if ((span.cover ?? 1) >= 1) weak[id] = 0;
  const order = sources
    .map((_, id) => id)
    .sort(
      (a, b) =>
        (weak[b] as number) - (weak[a] as number) ||
        (sources[b] as Source).docs.length - (sources[a] as Source).docs.length ||
        (bound[a] as number) - (bound[b] as number) ||
        a - b,
    );
  let weakCount = 0;
  while (weakCount < S && weak[order[weakCount] as number] === 1) weakCount++;
  const prefixBound = new Float64Array(S + 1);
  for (let j = 0; j <= S; j++) {
    for (let r = 0; r < S; r++) cur[order[r] as number] = r < j ? (bound[order[r] as number] as number) : 0;
    prefixBound[j] = upper();
  }

  const top = new TopK(options.k);
  scratch.held.retrieval ??= { sources, top, plans, partTerms, partSources, idOf };
  /** Sources order[firstEssential..] can lift a paper to the bar on their own (global bounds). */
  let firstEssential = 0;
  let essential = order.map((id) => sources[id] as Source);
  // Candidates come from the generating sources order[genFirst..]: the essential ones, or within a
  // region (below) the fewer that are essential there. The others are only looked up. lim[id] is
  // what a source can score where candidates come from now: its global bound, or its best in the region.
  let genFirst = 0;
  let gen = essential;
  let genIds = order.slice(0);
  const lim = Float64Array.from(bound);
  // Most candidates are in one generating source only. With the others fixed (looked-up ones at
  // lim, other generating ones absent) the bound is convex in that source's value v (v, or maxima
  // of w x v with constants, summed, times a coverage fixed by presence), so it lies under its
  // chord from v -> 0 to v = lim: soleLow + soleSlope x v, two numbers per source.
  const soleLow = new Float64Array(S);
  const soleSlope = new Float64Array(S);
  const setGenerating = (first: number): void => {
    genFirst = first;
    genIds = order.slice(first);
    gen = genIds.map((id) => sources[id] as Source);
    for (const id of genIds) {
      for (let r = 0; r < S; r++) cur[order[r] as number] = r < first ? (lim[order[r] as number] as number) : 0;
      const top = lim[id] as number;
      cur[id] = Number.MIN_VALUE;
      const low = upper();
      cur[id] = top;
      soleLow[id] = low;
      soleSlope[id] = top > 0 ? (upper() - low) / top : 0;
    }
  };
  const soleBound = (id: number, v: number) => (soleLow[id] as number) + (soleSlope[id] as number) * v;
  setGenerating(0);
  /** While candidates come from a region's generating sources: its last doc, else -1. */
  let regionEnd = -1;

  /** Scores `doc` unless a bound shows it cannot enter; generating sources must stand at or past it. */
  const evaluate = (doc: number): void => {
    let present = 0;
    let only = -1;
    for (let j = 0; j < gen.length; j++) {
      if ((gen[j] as Source).doc !== doc) continue;
      present++;
      only = genIds[j] as number;
    }
    // A paper in one generating source only: first on its block's best, then on its own score.
    if (top.full && present === 1) {
      const src = sources[only] as Source;
      if (soleBound(only, src.blockBound()) < top.bar) return;
    }
    if (!options.accept(doc)) return;
    for (let j = 0; j < gen.length; j++) {
      const src = gen[j] as Source;
      const id = genIds[j] as number;
      val[id] = src.doc === doc ? src.here(doc) : 0;
      cur[id] = val[id] as number;
    }
    if (top.full && present === 1 && soleBound(only, val[only] as number) < top.bar) return;
    // The other sources (common words) are only located: absent is exact, present is bounded by
    // its block's best. One bound then decides whether the paper is scored in full. The weak ones
    // (order[0..weakCount)) are located last: with them at their best where candidates come from
    // (lim), the common words' absence alone already rules out most papers.
    let found = false;
    const weakEnd = Math.min(weakCount, genFirst);
    for (let j = weakEnd; j < genFirst; j++) {
      const id = order[j] as number;
      const src = sources[id] as Source;
      val[id] = 0;
      if (src.has(doc)) {
        cur[id] = src.blockBound();
        found = true;
      } else cur[id] = 0;
    }
    if (weakEnd > 0) {
      for (let j = 0; j < weakEnd; j++) {
        const id = order[j] as number;
        val[id] = 0;
        cur[id] = lim[id] as number;
      }
      if (top.full && upper() < top.bar) return;
      for (let j = 0; j < weakEnd; j++) {
        const id = order[j] as number;
        const src = sources[id] as Source;
        if (src.has(doc)) {
          cur[id] = src.blockBound();
          found = true;
        } else cur[id] = 0;
      }
    }
    if (top.full && upper() < top.bar) return;
    if (found) {
      for (let j = 0; j < genFirst; j++) {
        const id = order[j] as number;
        if ((cur[id] as number) > 0) val[id] = (sources[id] as Source).here(doc);
      }
    }
    for (let u = 0; u < m; u++) scoreUnit(u);
    // Summed in unit order whatever the evaluation order, so a paper's score never depends on pruning.
    let total = 0;
    let coverage = 0;
    for (let u = 0; u < m; u++) {
      total += unitScore[u] as number;
      coverage += (unitCov[u] as number) * (plans[u] as UnitPlan).idf;
    }
    let score = total * (coverage / idfSum);
    if (options.boost) score *= options.boost.factor(doc);
    if (score > 0) top.offer(doc, score, options.tie(doc));
    if (!top.full) return;
    let moved = false;
    while (firstEssential < S && (prefixBound[firstEssential + 1] as number) < top.bar) {
      firstEssential++;
      moved = true;
    }
    if (!moved) return;
    essential = order.slice(firstEssential).map((id) => sources[id] as Source);
    // Inside a region its partition stays valid (a higher bar only prunes more); the next region uses the new one.
    if (regionEnd < 0) setGenerating(firstEssential);
  };

  // First the papers of the rarest source, which are candidates anyway: papers matching the
  // query's rarest term tend to be among the best, so the bar starts high rather than at the first
  // k papers in doc order. They are read with the sources' own positions (then rewound); the
  // scan below skips them.
  const early = order[S - 1];
  const seen = early === undefined ? -1 : scratch.nextStamp();
  if (early !== undefined) {
    const docs = (sources[early] as Source).docs;
    for (let i = 0; i < docs.length && firstEssential < S; i++) {
      const doc = docs[i] as number;
      scratch.stamp[doc] = seen;
      for (const s of gen) s.has(doc);
      evaluate(doc);
    }
    for (const s of sources) s.rewind();
  }

  for (;;) {
    if (top.full && regionEnd < 0) {
      // A region: from the next essential doc to the first end of an essential source's current
      // block. Every source scores at most its best over the blocks the region touches (one block
      // for an essential source, a few for a common word), which is far below its global bound for
      // a common word (its global best is one outlier paper). With those bounds the region is
      // skipped whole when even all sources at once cannot reach the bar, or else its candidates
      // come only from the sources that can still lift a paper there.
      let start = END;
      for (const s of essential) if (s.doc < start) start = s.doc;
      if (start === END) break;
      let end = END;
      for (const s of essential) if (s.doc !== END) end = Math.min(end, s.blockLast());
      for (let j = 0; j < S; j++) {
        const id = order[j] as number;
        const src = sources[id] as Source;
        if (j >= firstEssential) {
          lim[id] = src.doc <= end ? src.blockBound() : 0;
          continue;
        }
        src.has(start);
        if (src.doc > end) {
          lim[id] = 0;
          continue;
        }
        const last = (seek(src.docs, src.pos, end + 1) - 1) >> BLOCK_SHIFT;
        let best = 0;
        for (let b = src.pos >> BLOCK_SHIFT; b <= last; b++) if ((src.blocks[b] as number) > best) best = src.blocks[b] as number;
        lim[id] = best;
      }
      for (let j = 0; j < S; j++) cur[j] = lim[j] as number;
      if (upper() < top.bar) {
        for (const s of essential) s.has(end + 1);
        continue;
      }
      let first = firstEssential;
      for (; first < S - 1; first++) {
        for (let r = 0; r < S; r++) cur[order[r] as number] = r <= first ? (lim[order[r] as number] as number) : 0;
        if (upper() >= top.bar) break;
      }
      setGenerating(first);
      regionEnd = end;
    }
    let doc = END;
    for (const s of gen) if (s.doc < doc) doc = s.doc;
    if (regionEnd >= 0 && doc > regionEnd) {
      // The region is done: every essential source moves past it.
      for (const s of essential) s.has(regionEnd + 1);
      regionEnd = -1;
      continue;
    }
    if (doc === END) break;
    if (scratch.stamp[doc] !== seen) evaluate(doc);
    for (const s of gen) if (s.doc === doc) s.next();
  }
  const ranked = top.sorted();
  return { docs: ranked.map((r) => r.doc), scores: ranked.map((r) => r.score), unitDf, partTerms };
}

/** How many accepted papers match at least one unit: a count over postings, nothing is scored. */
export function countMatches(index: PostingsIndex, parts: readonly QueryPart[], units: readonly QueryUnit[], scratch: Scratch, accept: (doc: number) => boolean): number {
  const { plans } = planUnits(index, parts, units, scratch);
  const stamp = scratch.nextStamp();
  let n = 0;
  for (const u of plans) {
    for (const s of u.sources) {
      for (let i = 0; i < s.docs.length; i++) {
        const doc = s.docs[i] as number;
        if (scratch.stamp[doc] === stamp) continue;
        scratch.stamp[doc] = stamp;
        if (accept(doc)) n++;
      }
    }
  }
  return n;
}

/** Index terms of query part `part` present in doc (exact and expansions), for proximity and answers. */
export function termsInDoc(terms: PartTerms | undefined, doc: number): string[] {
  if (!terms) return [];
  const out: string[] = [];
  for (const s of terms.exact ? [terms.exact, ...terms.expansions] : terms.expansions) {
    if (s.postings.docs[seek(s.postings.docs, 0, doc)] === doc) out.push(s.term);
  }
  return out;
}
