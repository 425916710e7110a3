// What ranking asks of the semantic layer, behind one small interface: expansions for a query's
// words and a query-to-paper similarity for re-ranking the head of a result list. Paper vectors are
// built on first use from the paper's own text and the stored term vectors, so a paper added by a
// sync is covered at once, without retraining (new words get vectors at the next retrain: src/sync/semantic-refresh.ts).
import type { Paper } from '../corpus/schema.js';
import { transientPaper } from '../corpus/stored-paper.js';
import { DEFAULT_EXPANSION, expandStems, type Expansion, type ExpansionOptions } from './expand.js';
import { dotAt, type SemanticModel } from './model.js';
import { semanticTerms } from './terms.js';

export interface SemanticWeights {
  /** An expansion's BM25 score counts this much times its cosine (a literal match counts 1). */
  expansion: number;
  /** Share of a query word's coverage that an expansion match earns, times its cosine. */
  expansionCover: number;
  /** Head re-rank: score x (1 + dense x max(0, cosine(query, paper) - denseFloor)). */
  dense: number;
  denseFloor: number;
  /** Expand adjacent word pairs as phrases too. */
  phrases: boolean;
}

export const DEFAULT_SEMANTIC_WEIGHTS: SemanticWeights = {
  expansion: 0.4,
  expansionCover: 0.4,
  dense: 0.5,
  denseFloor: 0.2,
  phrases: false,
};

/** Paper vectors are stored in blocks of this many (512 KiB at 128 dims): no per-paper objects, no copying to grow. */
const BLOCK_SLOTS = 1024;

export class SemanticRanker {
  // Paper vectors, one slot each, side by side in Float32 blocks (slot s: blocks[s / BLOCK_SLOTS] at
  // (s % BLOCK_SLOTS) * dims). At ~9k papers a Float32Array and a Map entry object per paper cost
  // ~3x the numbers themselves in heap objects the collector has to trace.
  /** Paper id -> slot. The slot remembers the paper object: an edited paper (a new object) is recomputed. */
  private readonly slotOf = new Map<string, number>();
  private readonly slotPaper: Paper[] = [];
  /** 1 when the slot's paper has a vector (some of its words are known), else 0. */
  private readonly slotHas: Uint8Array;
  private readonly blocks: Float32Array[] = [];
  private readonly scratch: Float32Array;
  /** Next slot to reuse once all `capacity` are taken: the oldest, as the earlier Map evicted. */
  private evictAt = 0;

  constructor(
    readonly model: SemanticModel,
    readonly weights: SemanticWeights = DEFAULT_SEMANTIC_WEIGHTS,
    private readonly expansionOptions: ExpansionOptions = DEFAULT_EXPANSION,
    /** Paper vectors kept; bounded like the other per-paper caches. */
    private readonly capacity = 20_000,
  ) {
    this.slotHas = new Uint8Array(capacity);
    this.scratch = new Float32Array(model.dims);
  }

  expand(stems: readonly string[]): Expansion[] {
    // Phrase expansion costs most of the time here (a vector per neighbour of every word pair): skip it when off.
    return expandStems(this.model, stems, this.weights.phrases ? this.expansionOptions : { ...this.expansionOptions, perPhrase: 0 });
  }

  queryVector(stems: readonly string[]): Float32Array | undefined {
    return this.model.embedTerms(stems);
  }

  /** Slot holding the paper's vector, computed now if missing or stale; -1 when the paper has none. */
  private slot(paper: Paper): number {
    let slot = this.slotOf.get(paper.id);
    if (slot !== undefined && this.slotPaper[slot] === paper) return this.slotHas[slot] ? slot : -1;
    if (slot === undefined) {
      if (this.slotPaper.length < this.capacity) {
        slot = this.slotPaper.length;
        this.slotPaper.push(paper);
        if (slot % BLOCK_SLOTS === 0) this.blocks.push(new Float32Array(BLOCK_SLOTS * this.model.dims));
      } else {
        slot = this.evictAt;
        this.evictAt = (this.evictAt + 1) % this.capacity;
        this.slotOf.delete((this.slotPaper[slot] as Paper).id);
      }
      this.slotOf.set(paper.id, slot);
    }
    this.slotPaper[slot] = paper;
    // Title twice, as titles name what a paper is about; abstract; HF keywords. Read without making
    // the paper's text resident: the bot computes every paper's vector after start.
    const text = transientPaper(paper);
    const title = semanticTerms(paper.title);
    const lists = [title, title, semanticTerms(text.abstract), semanticTerms(text.keywords.join(' ; '))];
    const has = this.model.embedInto(lists, this.blocks[Math.floor(slot / BLOCK_SLOTS)] as Float32Array, (slot % BLOCK_SLOTS) * this.model.dims);
    this.slotHas[slot] = has ? 1 : 0;
    return has ? slot : -1;
  }

  /** Cosine between a unit vector and the paper vector in a slot. */
  private slotDot(query: Float32Array, slot: number): number {
    const dims = this.model.dims;
    return dotAt(query, 0, this.blocks[Math.floor(slot / BLOCK_SLOTS)] as Float32Array, (slot % BLOCK_SLOTS) * dims, dims);
  }

  /**
   * Unit vector of a paper (title twice, abstract, HF keywords), memoised. The array is a view on the
   * ranker's store: read it before more than `capacity` other papers are asked for.
   */
  paperVector(paper: Paper): Float32Array | undefined {
    const slot = this.slot(paper);
    if (slot < 0) return undefined;
    const dims = this.model.dims;
    const at = (slot % BLOCK_SLOTS) * dims;
    return (this.blocks[Math.floor(slot / BLOCK_SLOTS)] as Float32Array).subarray(at, at + dims);
  }

  /** Computes every paper's vector now (a long-running process calls this at start-up). */
  warmUp(papers: readonly Paper[]): void {
    for (const _ of this.warmUpSteps(papers, Number.MAX_SAFE_INTEGER));
  }

  /**
   * warmUp as steps of a few papers each (0.1-0.3 ms per paper), for runInSlices between interactions.
   * Unchanged papers of a new revision are the same objects, so after a sync swap only new ones cost.
   */
  *warmUpSteps(papers: readonly Paper[], perStep = 8): Generator<void, void> {
    const upTo = Math.min(papers.length, this.capacity);
    for (let i = 0; i < upTo; i++) {
      this.slot(papers[i] as Paper);
      if (i % perStep === perStep - 1) yield;
    }
  }

  /** Cosine between a query vector and a paper, 0 when either has no vector. */
  similarity(query: Float32Array | undefined, paper: Paper): number {
    if (!query) return 0;
    const slot = this.slot(paper);
    return slot < 0 ? 0 : this.slotDot(query, slot);
  }

  /** Cosine between two papers' vectors (0 when either has none). */
  paperSimilarity(a: Paper, b: Paper): number {
    const va = this.paperVector(a);
    if (!va) return 0;
    // Copied: making b's vector may reuse a's slot once the store is full.
    this.scratch.set(va);
    const slot = this.slot(b);
    return slot < 0 ? 0 : this.slotDot(this.scratch, slot);
  }

  /** The largest denseFactor can be (cosine is at most 1), for callers that prune by a bound. */
  maxDenseFactor(): number {
    return 1 + this.weights.dense * Math.max(0, 1 - this.weights.denseFloor);
  }

  /** Multiplier (>= 1) for a head candidate. */
  denseFactor(query: Float32Array | undefined, paper: Paper): number {
    if (!query || this.weights.dense === 0) return 1;
    return 1 + this.weights.dense * Math.max(0, this.similarity(query, paper) - this.weights.denseFloor);
  }
}
