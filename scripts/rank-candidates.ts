// Ranker factories for bench/eval/pool.ts and bench/relevance-real.ts (--module scripts/rank-candidates.ts
// --export NAME): the candidates scripts/rank-tune.ts found on the tune half, so their unjudged top-10
// papers can be pooled and judged blind. The scoring constants are process-wide, so use ONE export per
// process.
import type { Corpus } from '../src/corpus/corpus.js';
import { createSearchEngine } from '../src/search/engine.js';
import { buildIndex, INDEX_FIELDS } from '../src/search/index.js';
import { DEFAULT_SCORING, setScoringForTuning, type ScoringParams } from '../src/search/retrieve.js';

type Ranker = (query: string) => string[];

function withScoring(params: Partial<ScoringParams>): (corpus: Corpus) => Ranker {
  return (corpus) => {
    setScoringForTuning(params);
    const engine = createSearchEngine(corpus, { index: buildIndex(corpus), semantic: 'default' });
    return (query) => engine.search(query).map((h) => h.paper.id);
  };
}

const keywordsAt = (w: number) => Float64Array.from(DEFAULT_SCORING.boosts, (b, i) => (INDEX_FIELDS[i] === 'keywords' ? w : b));

/** BM25 without BM25+'s per-term floor (d = 0). */
export const plainBm25 = withScoring({ d: 0 });
/** HF keywords at weight 1 instead of 1.5. */
export const keywords1 = withScoring({ boosts: keywordsAt(1) });
/** The question's words together within 20 consecutive words of the title or abstract: up to 2x. */
export const window20 = withScoring({ windowBonus: 1, window: 20 });
