// "More like this": tf-idf cosine over a paper's analysed title, abstract and keywords (concept terms
// included, so "RL" and "reinforcement learning" papers meet), plus a small bonus for shared topics.
// The model is built on first use; postings make a lookup cost proportional to the overlap, not N.
import type { Paper } from '../corpus/schema.js';
import { OTHER_TOPIC } from '../corpus/schema.js';
import { fieldTerms } from './index.js';

/** A title word counts this many times an abstract word: titles name what a paper is about. */
const TITLE_WEIGHT = 2;
/** Added per unit of topic Jaccard overlap; small next to cosine, it breaks near-ties sensibly. */
const TOPIC_BONUS = 0.05;

/**
 * Optional extra closeness between two papers (the semantic layer's paper-vector cosine), added with
 * `weight` to the best `depth` lexical candidates: it reorders near-ties by meaning, never adds strangers.
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

export class SimilarityModel {
  private constructor(
    private readonly papers: readonly Paper[],
    private readonly position: ReadonlyMap<string, number>,
    /** Per paper: term ids and unit-length tf-idf weights. */
    private readonly vectors: ReadonlyArray<{ terms: Int32Array; weights: Float64Array }>,
    /** Per term id: papers containing it and their weights. */
    private readonly postings: ReadonlyArray<{ docs: number[]; weights: number[] }>,
  ) {}

  static build(papers: readonly Paper[]): SimilarityModel {
    const dictionary = new Map<string, number>();
    const df: number[] = [];
    const counts = papers.map((paper) => {
      const tf = new Map<number, number>();
      const add = (terms: string[], w: number) => {
        for (const term of terms) {
          let id = dictionary.get(term);
          if (id === undefined) {
            id = dictionary.size;
            dictionary.set(term, id);
            df.push(0);
          }
          tf.set(id, (tf.get(id) ?? 0) + w);
        }
      };
      add(fieldTerms(paper.title), TITLE_WEIGHT);
      add(fieldTerms(paper.abstract), 1);
      add(fieldTerms(paper.keywords.join(' ; ')), 1);
      for (const id of tf.keys()) df[id] = (df[id] ?? 0) + 1;
      return tf;
    });
    const n = papers.length;
    const postings = df.map(() => ({ docs: [] as number[], weights: [] as number[] }));
    const vectors = counts.map((tf, doc) => {
      // Sublinear tf, so one word repeated ten times does not outweigh ten distinct shared words.
      const entries = [...tf].map(([id, c]) => [id, (1 + Math.log(c)) * Math.log(n / (df[id] ?? n))] as const).filter(([, w]) => w > 0);
      const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
      const terms = new Int32Array(entries.length);
      const weights = new Float64Array(entries.length);
      entries.forEach(([id, w], k) => {
        terms[k] = id;
        weights[k] = w / norm;
        postings[id]?.docs.push(doc);
        postings[id]?.weights.push(w / norm);
      });
      return { terms, weights };
    });
    return new SimilarityModel(papers, new Map(papers.map((p, i) => [p.id, i])), vectors, postings);
  }

  /** Most similar papers, best first, excluding the paper itself; [] for an unknown id. */
  similar(paperId: string, limit: number, hook?: SimilarityHook): SimilarPaper[] {
    const self = this.position.get(paperId);
    const vector = self === undefined ? undefined : this.vectors[self];
    if (self === undefined || !vector) return [];
    const scores = new Map<number, number>();
    for (let k = 0; k < vector.terms.length; k++) {
      const posting = this.postings[vector.terms[k] as number];
      if (!posting) continue;
      const w = vector.weights[k] as number;
      for (let j = 0; j < posting.docs.length; j++) {
        const doc = posting.docs[j] as number;
        if (doc !== self) scores.set(doc, (scores.get(doc) ?? 0) + w * (posting.weights[j] as number));
      }
    }
    const me = this.papers[self] as Paper;
    const out: SimilarPaper[] = [];
    for (const [doc, cosine] of scores) {
      const paper = this.papers[doc] as Paper;
      out.push({ paper, score: cosine + TOPIC_BONUS * topicOverlap(me, paper) });
    }
    const order = (a: SimilarPaper, b: SimilarPaper) => b.score - a.score || (b.paper.upvotes ?? 0) - (a.paper.upvotes ?? 0) || (a.paper.id < b.paper.id ? -1 : 1);
    out.sort(order);
    if (hook) {
      const head = out.slice(0, Math.max(limit, hook.depth));
      for (const hit of head) hit.score += hook.weight * hook.score(me, hit.paper);
      head.sort(order);
      return head.slice(0, Math.max(0, limit));
    }
    return out.slice(0, Math.max(0, limit));
  }
}

/** Jaccard overlap of curated topics; "other" says nothing about a paper and is ignored. */
export function topicOverlap(a: Paper, b: Paper): number {
  const ta = new Set(a.topics.filter((t) => t !== OTHER_TOPIC.slug));
  const tb = b.topics.filter((t) => t !== OTHER_TOPIC.slug);
  const shared = tb.filter((t) => ta.has(t)).length;
  const union = ta.size + tb.length - shared;
  return union === 0 ? 0 : shared / union;
}
