// What ranking asks of the semantic layer, behind one small interface: expansions for a query's
// words and a query-to-paper similarity for re-ranking the head of a result list. Paper vectors are
// built on first use from the paper's own text and the stored term vectors, so a paper added by a
// sync is covered at once, without retraining (new words get vectors at the next offline retrain).
import type { Paper } from '../corpus/schema.js';
import { DEFAULT_EXPANSION, expandStems, type Expansion, type ExpansionOptions } from './expand.js';
import { dot, type SemanticModel } from './model.js';
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

export class SemanticRanker {
  /** Keyed by id, remembering the paper object: an edited paper (a new object) gets a new vector. */
  private readonly paperVectors = new Map<string, { paper: Paper; vector: Float32Array | undefined }>();

  constructor(
    readonly model: SemanticModel,
    readonly weights: SemanticWeights = DEFAULT_SEMANTIC_WEIGHTS,
    private readonly expansionOptions: ExpansionOptions = DEFAULT_EXPANSION,
    /** Paper vectors kept; bounded like the other per-paper caches. */
    private readonly capacity = 20_000,
  ) {}

  expand(stems: readonly string[]): Expansion[] {
    // Phrase expansion costs most of the time here (a vector per neighbour of every word pair): skip it when off.
    return expandStems(this.model, stems, this.weights.phrases ? this.expansionOptions : { ...this.expansionOptions, perPhrase: 0 });
  }

  queryVector(stems: readonly string[]): Float32Array | undefined {
    return this.model.embedTerms(stems);
  }

  /** Unit vector of a paper (title twice, as titles name what a paper is about; abstract; HF keywords), memoised. */
  paperVector(paper: Paper): Float32Array | undefined {
    const cached = this.paperVectors.get(paper.id);
    if (cached && cached.paper === paper) return cached.vector;
    const title = semanticTerms(paper.title);
    const terms = [...title, ...title, ...semanticTerms(paper.abstract), ...semanticTerms(paper.keywords.join(' ; '))];
    const v = this.model.embedTerms(terms);
    if (this.paperVectors.size >= this.capacity) this.paperVectors.delete(this.paperVectors.keys().next().value as string);
    this.paperVectors.set(paper.id, { paper, vector: v });
    return v;
  }

  /** Computes every paper's vector now (a long-running process calls this at start-up). */
  warmUp(papers: readonly Paper[]): void {
    for (const paper of papers.slice(0, this.capacity)) this.paperVector(paper);
  }

  /**
   * warmUp as steps of a few papers each (0.1-0.3 ms per paper), for runInSlices between interactions.
   * Unchanged papers of a new revision are the same objects, so after a sync swap only new ones cost.
   */
  *warmUpSteps(papers: readonly Paper[], perStep = 8): Generator<void, void> {
    const upTo = Math.min(papers.length, this.capacity);
    for (let i = 0; i < upTo; i++) {
      this.paperVector(papers[i] as Paper);
      if (i % perStep === perStep - 1) yield;
    }
  }

  /** Cosine between a query vector and a paper, 0 when either has no vector. */
  similarity(query: Float32Array | undefined, paper: Paper): number {
    const v = query && this.paperVector(paper);
    return v && query ? dot(query, v) : 0;
  }

  /** Cosine between two papers' vectors (0 when either has none). */
  paperSimilarity(a: Paper, b: Paper): number {
    const va = this.paperVector(a);
    const vb = this.paperVector(b);
    return va && vb ? dot(va, vb) : 0;
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
