// "More like this": tf-idf cosine over a paper's analysed title, abstract and keywords (concept terms
// included, so "RL" and "reinforcement learning" papers meet), plus a small bonus for shared topics.
//
// The vectors are read straight from the search index's postings (title, abstract and keywords
// term frequencies), so nothing is re-analysed: the only model state is each paper's vector norm
// and each term's document frequency, one pass over the postings. That pass runs in slices that
// yield to the event loop (prepare(), started after login by warmUp), and a similar() call before
// it finishes completes the remaining slices at once, so answers never wait on, or differ from, the
// background build.
import type { Paper } from '../corpus/schema.js';
import { OTHER_TOPIC } from '../corpus/schema.js';
import { FIELD_COUNT, fieldTerms } from './fields.js';
import { lowerBound, type PostingsIndex, type TermPostings } from './postings.js';
import { runInSlices } from '../corpus/steps.js';

/** A title word counts this many times an abstract word: titles name what a paper is about. */
const TITLE_WEIGHT = 2;
/** Added per unit of topic Jaccard overlap; small next to cosine, it breaks near-ties sensibly. */
const TOPIC_BONUS = 0.05;
/** Postings per slice of the background build (a few milliseconds of work each). */
const SLICE_POSTINGS = 200_000;
/** prepare() also stops a step after this long; runInSlices fits steps into its slices (and takes turns with other sliced work). */
const PREPARE_STEP_MS = 2;
const F = FIELD_COUNT;
// Field numbers in INDEX_FIELDS order.
const TITLE = 0;
const ABSTRACT = 1;
const KEYWORDS = 2;

/**
 * Optional extra closeness between two papers (the semantic layer's paper-vector cosine, at most 1),
 * added with `weight` to the best `depth` lexical candidates: it reorders near-ties by meaning.
 */
export interface SimilarityHook {
  depth: number;
  weight: number;
  score(a: Paper, b: Paper): number;
}

export interface SimilarPaper {
  paper: Paper;
  score: number;
}

/** The paper's count of a term in its similarity text: title x2 + abstract + keywords. */
function count(tfs: Uint8Array, p: number): number {
  return TITLE_WEIGHT * (tfs[p * F + TITLE] as number) + (tfs[p * F + ABSTRACT] as number) + (tfs[p * F + KEYWORDS] as number);
}

/** Papers among postings [from, to) of a term that use it in the similarity text. */
function similarityDf(tfs: Uint8Array, from: number, to: number): number {
  let df = 0;
  for (let i = from; i < to; i++) if (count(tfs, i) > 0) df++;
  return df;
}

export class SimilarityModel {
  /** Squared tf-idf norm per doc number; complete once `done`. */
  private readonly normSq: Float64Array;
  private readonly terms: readonly string[];
  private next = 0;
  private building?: Promise<void>;
  /** idf by position in `terms` (NaN until computed): a Map of 74k terms rehashed in single 5-15 ms steps of the norm pass. */
  private readonly idfAt: Float64Array;
  /** idf of terms looked up by name when `terms` is not sorted (a patched index's). */
  private readonly idfs = new Map<string, number>();
  private readonly sortedTerms: boolean;
  /** 1 / norm per doc, once the norm pass is done. */
  private inverseNorm?: Float64Array;
  /** Reused per call (calls are synchronous, so never shared): scores per doc, all zero between calls. */
  private scratchArrays?: { scores: Float64Array; touched: Int32Array };

  constructor(
    private readonly index: PostingsIndex,
    /** The paper behind each doc number (undefined once removed). */
    private readonly docPapers: ReadonlyArray<Paper | undefined>,
  ) {
    this.normSq = new Float64Array(index.docSlots);
    // A compacted index (what every view serves) has one term list already; a patched one has two.
    if (!index.delta) this.terms = index.base.terms;
    else {
      const all = new Set(index.base.terms);
      for (const t of index.delta.segment.terms) all.add(t);
      this.terms = [...all];
    }
    this.sortedTerms = !index.delta; // a segment's terms are sorted
    this.idfAt = new Float64Array(this.terms.length).fill(NaN);
  }

  /** Position of `term` in the sorted `terms`, or -1 (also when they are not sorted). */
  private positionOf(term: string): number {
    if (!this.sortedTerms) return -1;
    const at = lowerBound(this.terms, term);
    return this.terms[at] === term ? at : -1;
  }

  get done(): boolean {
    return this.next >= this.terms.length;
  }

  /** Per term: log(n / df) over the similarity text, cached (it is asked for by every similar()). */
  private idf(term: string, p: TermPostings, at = this.positionOf(term)): number {
    if (at >= 0) {
      let known = this.idfAt[at] as number;
      if (Number.isNaN(known)) {
        known = Math.log(this.index.documentCount / similarityDf(p.tfs, 0, p.docs.length));
        this.idfAt[at] = known;
      }
      return known;
    }
    let idf = this.idfs.get(term);
    if (idf === undefined) {
      idf = Math.log(this.index.documentCount / similarityDf(p.tfs, 0, p.docs.length));
      this.idfs.set(term, idf);
    }
    return idf;
  }

  /**
   * One slice of the norm pass; returns when about SLICE_POSTINGS postings were read, or after
   * `budgetMs` (a patched index merges each term's postings on first read, which costs far more).
   * A compacted index (every view's) is read in place, by term position: going through postings() made
   * five typed-array views and an object per term, ~38 MiB of garbage per pass at 9k papers (74k
   * terms), most of what a swap allocated (heap sampling). Same values in the same order either way.
   */
  private step(budgetMs = Infinity): void {
    const segment = this.sortedTerms && !this.index.dead ? this.index.base : undefined;
    let read = 0;
    const start = performance.now();
    let unchecked = 0;
    while (this.next < this.terms.length && read < SLICE_POSTINGS) {
      // The clock is read every few thousand postings: a common term alone holds most of the corpus.
      if (unchecked >= 4096) {
        if (performance.now() - start >= budgetMs) break;
        unchecked = 0;
      }
      const at = this.next++;
      let docs: Int32Array;
      let tfs: Uint8Array;
      let from = 0;
      let to: number;
      let idf: number;
      if (segment) {
        ({ docs, tfs } = segment);
        from = segment.offsets[at] as number;
        to = segment.offsets[at + 1] as number;
        idf = this.idfAt[at] as number;
        if (Number.isNaN(idf)) this.idfAt[at] = idf = Math.log(this.index.documentCount / similarityDf(tfs, from, to));
      } else {
        const term = this.terms[at] as string;
        const p = this.index.postings(term);
        if (!p) continue;
        ({ docs, tfs } = p);
        to = docs.length;
        idf = this.idf(term, p, this.sortedTerms ? at : -1);
      }
      read += to - from;
      unchecked += to - from + 16;
      if (!(idf > 0)) continue;
      for (let i = from; i < to; i++) {
        const c = count(tfs, i);
        if (c === 0) continue;
        const w = (1 + Math.log(c)) * idf;
        const doc = docs[i] as number;
        this.normSq[doc] = (this.normSq[doc] as number) + w * w;
      }
    }
  }

  /** Build in slices, yielding to the event loop between them (for after login). */
  prepare(): Promise<void> {
    this.building ??= runInSlices(this.prepareSteps(), { label: 'warm-up: similarity' });
    return this.building;
  }

  private *prepareSteps(): Generator<void, void> {
    while (!this.done) {
      this.step(PREPARE_STEP_MS);
      yield;
    }
  }

  /** Finish whatever the background build has not done yet, now. */
  private ensure(): Float64Array {
    while (!this.done) this.step();
    this.inverseNorm ??= this.normSq.map((sq) => 1 / (Math.sqrt(sq) || 1));
    return this.inverseNorm;
  }

  private scratch(): { scores: Float64Array; touched: Int32Array } {
    this.scratchArrays ??= { scores: new Float64Array(this.index.docSlots), touched: new Int32Array(this.index.docSlots) };
    return this.scratchArrays;
  }

  /** Most similar papers, best first, excluding the paper itself; [] for an unknown id. */
  similar(paperId: string, limit: number, hook?: SimilarityHook): SimilarPaper[] {
    const self = this.index.docOf(paperId);
    const me = self === undefined ? undefined : this.docPapers[self];
    if (self === undefined || !me || limit <= 0) return [];
    const inverseNorm = this.ensure();
    // The paper's own vector, from its text (same analysis as the index), in first-occurrence order.
    const tf = new Map<string, number>();
    const add = (terms: string[], w: number) => {
      for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + w);
    };
    add(fieldTerms(me.title), TITLE_WEIGHT);
    add(fieldTerms(me.abstract), 1);
    add(fieldTerms(me.keywords.join(' ; ')), 1);
    // Accumulate into a dense array (one slot per doc) with a list of the docs touched: a Map here
    // cost most of a call, since a paper's common terms reach most of the corpus.
    const { scores, touched } = this.scratch();
    let touchedCount = 0;
    for (const [term, c] of tf) {
      const p = this.index.postings(term);
      if (!p) continue;
      const idf = this.idf(term, p);
      if (!(idf > 0)) continue;
      const w = (1 + Math.log(c)) * idf * (inverseNorm[self] as number);
      for (let i = 0; i < p.docs.length; i++) {
        const doc = p.docs[i] as number;
        const other = count(p.tfs, i);
        if (doc === self || other === 0) continue;
        const wd = (1 + Math.log(other)) * idf * (inverseNorm[doc] as number);
        if (scores[doc] === 0) touched[touchedCount++] = doc;
        scores[doc] = (scores[doc] as number) + w * wd;
      }
    }
    // The topic bonus is at most TOPIC_BONUS: only papers within it of the limit-th cosine can place.
    const depth = hook ? Math.max(limit, hook.depth) : limit;
    const floor = kthLargest(scores, touched, touchedCount, depth) - TOPIC_BONUS - (hook ? hook.weight : 0);
    const out: SimilarPaper[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i] as number;
      const cosine = scores[doc] as number;
      scores[doc] = 0; // leave the scratch array clean for the next call
      const paper = this.docPapers[doc];
      if (paper && cosine >= floor) out.push({ paper, score: cosine + TOPIC_BONUS * topicOverlap(me, paper) });
    }
    const order = (a: SimilarPaper, b: SimilarPaper) => b.score - a.score || (b.paper.upvotes ?? 0) - (a.paper.upvotes ?? 0) || (a.paper.id < b.paper.id ? -1 : 1);
    out.sort(order);
    if (hook) {
      const head = out.slice(0, depth);
      for (const hit of head) hit.score += hook.weight * hook.score(me, hit.paper);
      head.sort(order);
      return head.slice(0, Math.max(0, limit));
    }
    return out.slice(0, Math.max(0, limit));
  }
}

/**
 * The k-th largest of the touched docs' scores (the smallest when fewer than k were touched; 0 when
 * none): a bounded min-heap of k, instead of sorting every score.
 */
function kthLargest(scores: Float64Array, touched: Int32Array, n: number, k: number): number {
  if (n === 0 || k <= 0) return 0;
  const size = Math.min(k, n);
  const heap = new Float64Array(size);
  let filled = 0;
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < filled && (heap[l] as number) < (heap[m] as number)) m = l;
      if (r < filled && (heap[r] as number) < (heap[m] as number)) m = r;
      if (m === i) return;
      const t = heap[i] as number;
      heap[i] = heap[m] as number;
      heap[m] = t;
      i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    const v = scores[touched[i] as number] as number;
    if (filled < size) {
      // Sift up.
      let j = filled++;
      heap[j] = v;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        if ((heap[parent] as number) <= v) break;
        heap[j] = heap[parent] as number;
        heap[parent] = v;
        j = parent;
      }
    } else if (v > (heap[0] as number)) {
      heap[0] = v;
      siftDown(0);
    }
  }
  return heap[0] as number;
}

/** Jaccard overlap of curated topics; "other" says nothing about a paper and is ignored. */
export function topicOverlap(a: Paper, b: Paper): number {
  const ta = new Set(a.topics.filter((t) => t !== OTHER_TOPIC.slug));
  const tb = b.topics.filter((t) => t !== OTHER_TOPIC.slug);
  const shared = tb.filter((t) => ta.has(t)).length;
  const union = ta.size + tb.length - shared;
  return union === 0 ? 0 : shared / union;
}
