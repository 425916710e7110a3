// Top-k retrieval is an optimisation, never a different ranking: asking for k results gives exactly
// the first k of the full ranking (every match scored, no pruning), with the same scores.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/corpus/corpus.js';
import { DocTextCache } from '../../src/search/doc-text.js';
import { buildIndex } from '../../src/search/index.js';
import { docTieRanks, rankSearch, tieBreakRanks, type RankContext, type RankOptions } from '../../src/search/query.js';
import { Scratch } from '../../src/search/retrieve.js';
import type { SearchFilters } from '../../src/search/types.js';
import { syntheticCorpus } from '../../bench/synthetic.js';
import { loadJudgedQueries, HELDOUT_PATH, QUERIES_PATH } from '../../bench/relevance.js';
import { realCorpus } from './fixtures.js';
import { DEFAULT_SEMANTIC_DIR } from '../../src/semantic/default.js';
import { loadSemanticModel } from '../../src/semantic/model.js';
import { SemanticRanker } from '../../src/semantic/rank.js';

function rankContext(corpus: Corpus): RankContext {
  const index = buildIndex(corpus);
  const docPapers = index.ids.map((id) => corpus.byId.get(id));
  return { index, byId: corpus.byId, texts: new DocTextCache(), docPapers, tieRank: docTieRanks(docPapers, tieBreakRanks(corpus.papers)), scratch: new Scratch(index.docSlots) };
}

const QUERIES = [
  ...loadJudgedQueries(QUERIES_PATH).map((q) => q.query),
  ...loadJudgedQueries(HELDOUT_PATH).map((q) => q.query),
  'training stab', // prefix expansion of the last word
  'hallucnation', // typo: fuzzy expansion
  'reinforcement learning RL policy', // a concept span and its acronym in one query
  'gpt-4 model evaluation',
  'model training data', // only common words: little to prune, much to tie
];

function expectHeads(ctx: RankContext, queries: readonly string[], ks: readonly number[], filters: SearchFilters = {}, options: RankOptions = {}) {
  for (const q of queries) {
    const full = rankSearch(ctx, q, filters, { ...options, limit: Infinity }).map((h) => `${h.paper.id} ${h.score}`);
    for (const k of ks) expect(rankSearch(ctx, q, filters, { ...options, limit: k }).map((h) => `${h.paper.id} ${h.score}`), `${q} @${k}`).toEqual(full.slice(0, k));
  }
}

describe('top-k retrieval', () => {
  it('asks for no results, or for more than match, without failing', () => {
    const ctx = rankContext(realCorpus());
    expect(rankSearch(ctx, 'diffusion', {}, { limit: 0 })).toEqual([]);
    const all = rankSearch(ctx, 'sparse autoencoder', {}, { limit: Infinity });
    expect(all.length).toBeGreaterThan(0);
    expect(rankSearch(ctx, 'sparse autoencoder', {}, { limit: all.length + 5 })).toEqual(all);
  });

  it('returns the head of the full ranking on the seed corpus, for any k', { timeout: 120_000 }, () => {
    expectHeads(rankContext(realCorpus()), QUERIES, [1, 3, 5, 10, 49, 50, 51, 200]);
  });

  // Ranking every match for each query is the slow reference; on a loaded shared machine it needs room.
  describe('on a larger synthetic corpus (3,000 papers from real abstracts)', { timeout: 180_000 }, () => {
    const corpus = syntheticCorpus(realCorpus(), 3000, 7);
    const ctx = rankContext(corpus);

    it('returns the head of the full ranking', () => {
      expectHeads(ctx, QUERIES, [1, 10, 60, 495]);
    });

    it('returns the head of the full ranking for long questions, whose words share one unit (pruned per source)', () => {
      const speed = JSON.parse(readFileSync('bench/speed-queries.json', 'utf8')) as { natural: string[]; keyword: string[] };
      expectHeads(ctx, [...speed.natural, ...speed.keyword.slice(0, 15)], [1, 10, 50]);
    });

    // Common words alone ("benchmark", "transformer") are read block by block: whole blocks of
    // postings are skipped on their best score, and regions of a question on local bounds.
    it('returns the head of the full ranking when blocks and regions are skipped on their best scores', () => {
      const speed = JSON.parse(readFileSync('bench/speed-queries.json', 'utf8')) as { natural: string[]; keyword: string[] };
      expectHeads(ctx, [...speed.keyword.slice(15), 'model', 'learning', 'language model training data'], [1, 10, 50, 200]);
    });

    it('returns the head of the full ranking under filters and an extra predicate', () => {
      const queries = QUERIES.slice(0, 20);
      expectHeads(ctx, queries, [5, 10], { yearFrom: 2019, yearTo: 2022 });
      expectHeads(ctx, queries, [5], { topic: corpus.topics[0]?.slug as string });
      expectHeads(ctx, queries, [5], {}, { filter: (p) => p.id.length % 2 === 0 });
    });

    it('keeps pruning exact with a per-paper boost that declares its maximum', () => {
      const boost = { factor: (p: { upvotes?: number }) => 1 + Math.min(p.upvotes ?? 0, 40) / 40, max: 2 };
      expectHeads(ctx, QUERIES.slice(0, 20), [5, 10], {}, { boost });
      const plain = rankSearch(ctx, 'gradient clipping', {}, { limit: 10 }).map((h) => h.paper.id);
      const boosted = rankSearch(ctx, 'gradient clipping', {}, { limit: 10, boost }).map((h) => h.paper.id);
      expect(boosted).not.toEqual(plain);
    });

    // The semantic layer adds each word's learned neighbours as partly covering alternatives (merged
    // into one source per word) and re-ranks the head by the dense factor, with a bar that rises as it goes.
    it('stays exact with the semantic layer (learned expansions, dense re-rank of the head)', () => {
      const speed = JSON.parse(readFileSync('bench/speed-queries.json', 'utf8')) as { natural: string[]; keyword: string[] };
      const semantic = new SemanticRanker(loadSemanticModel(DEFAULT_SEMANTIC_DIR));
      const semCtx: RankContext = { ...ctx, semantic };
      const queries = [...speed.natural.slice(0, 30), ...speed.keyword.slice(0, 10), ...QUERIES.slice(-5)];
      expect(queries.some((q) => semantic.expand(q.toLowerCase().split(' ')).length > 0)).toBe(true);
      expectHeads(semCtx, queries, [1, 5, 10, 50]);
    });

    it('orders ties by upvotes, then id, whatever k is', () => {
      const hits = rankSearch(ctx, 'model', {}, { limit: 100 });
      for (let i = 1; i < hits.length; i++) {
        const [a, b] = [hits[i - 1]!, hits[i]!];
        if (a.score === b.score) expect((a.paper.upvotes ?? 0) > (b.paper.upvotes ?? 0) || ((a.paper.upvotes ?? 0) === (b.paper.upvotes ?? 0) && a.paper.id < b.paper.id)).toBe(true);
      }
    });
  });
});
