// The rankers the judged sets are pooled from and scored against, each built over one corpus in
// the calling process. A Ranker returns paper ids, best first (at least the top 10).
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import type { Corpus } from '../../src/corpus/corpus.js';
import type { Paper } from '../../src/corpus/schema.js';
import { createSearchEngine } from '../../src/search/engine.js';

export type Ranker = (query: string) => string[];
export type RankerFactory = (corpus: Corpus) => Ranker;

/** Plain MiniSearch, out of the box: the baseline every figure is reported beside. */
export const minisearchDefaults: RankerFactory = (corpus) => {
  const ms = new MiniSearch({ fields: ['title', 'abstract'] });
  ms.addAll(corpus.papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract })));
  return (query) => ms.search(query).map((r) => r.id as string);
};

/** MiniSearch as a careful user would configure it: prefix + fuzzy matching, title boosted. */
export const minisearchTuned: RankerFactory = (corpus) => {
  const ms = new MiniSearch({ fields: ['title', 'abstract'], searchOptions: { prefix: true, fuzzy: 0.2, boost: { title: 2 } } });
  ms.addAll(corpus.papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract })));
  return (query) => ms.search(query).map((r) => r.id as string);
};

/** Today's paperboy engine (src/search/engine.ts), whatever its ranking is at this commit. */
export const paperboy: RankerFactory = (corpus) => {
  const engine = createSearchEngine(corpus);
  return (query) => engine.search(query).map((h) => h.paper.id);
};

// A small English stop list: BM25 down-weights common words anyway, but question words ("how",
// "can", "which") would otherwise add noise matches to every natural question.
const STOP = new Set(
  'a an and are as at be but by can could do does for from how i if in into is it its me my of on or our should so than that the their them then there these they this to was we what when where which while who why will with without would you your any has have had not no one ones'.split(
    ' ',
  ),
);

export function bm25Tokens(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => !STOP.has(t)).map((t) => stemmer(t));
}

/**
 * Okapi BM25 (k1 = 1.2, b = 0.75) over title + abstract + HF ai_keywords, Porter-stemmed, with the
 * title and keywords counted twice. Independent of MiniSearch, so the pool sees a different lexical view.
 */
export const bm25: RankerFactory = (corpus) => {
  const k1 = 1.2;
  const b = 0.75;
  const docText = (p: Paper) => [p.title, p.title, p.abstract, ...p.keywords, ...p.keywords].join(' ');
  const postings = new Map<string, { doc: number; tf: number }[]>();
  const lengths: number[] = [];
  corpus.papers.forEach((p, doc) => {
    const tokens = bm25Tokens(docText(p));
    lengths.push(tokens.length);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, n] of tf) {
      const list = postings.get(term) ?? [];
      list.push({ doc, tf: n });
      postings.set(term, list);
    }
  });
  const n = corpus.papers.length;
  const avg = lengths.reduce((s, l) => s + l, 0) / Math.max(1, n);
  return (query) => {
    const scores = new Map<number, number>();
    for (const term of new Set(bm25Tokens(query))) {
      const list = postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const norm = tf + k1 * (1 - b + (b * (lengths[doc] as number)) / avg);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (k1 + 1)) / norm);
      }
    }
    return [...scores]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .map(([doc]) => (corpus.papers[doc] as Paper).id);
  };
};

/** The pooled systems, by the names recorded in each set's `pool.systems`. */
export const POOL_SYSTEMS: Record<string, RankerFactory> = {
  'minisearch-defaults': minisearchDefaults,
  'minisearch-prefix-fuzzy-title2': minisearchTuned,
  'paperboy-engine': paperboy,
  'bm25-title-abstract-keywords': bm25,
};
