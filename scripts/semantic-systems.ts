// Ranker factories for bench/relevance-real.ts and bench/eval/pool.ts (--module scripts/semantic-systems.ts
// --export NAME): paperboy with and without the semantic layer, built over the corpus they are given.
import type { Corpus } from '../src/corpus/corpus.js';
import { createSearchEngine } from '../src/search/engine.js';
import { loadSemanticModel } from '../src/semantic/model.js';
import { SemanticRanker } from '../src/semantic/rank.js';

type Ranker = (query: string) => string[];

/** Paperboy's lexical ranking alone (what it ranked before the semantic layer). */
export function lexical(corpus: Corpus): Ranker {
  const engine = createSearchEngine(corpus, { semantic: null });
  return (query) => engine.search(query).map((h) => h.paper.id);
}

/** Paperboy with the committed semantic model (the default). */
export function semantic(corpus: Corpus): Ranker {
  const engine = createSearchEngine(corpus, { semantic: 'default' });
  return (query) => engine.search(query).map((h) => h.paper.id);
}

/** Today's ranking before this branch: lexical, and HF's ai_summary not indexed (stripped from the papers). */
export function todays(corpus: Corpus): Ranker {
  const papers = corpus.papers.map(({ aiSummary: _drop, ...p }) => p);
  const engine = createSearchEngine({ ...corpus, papers }, { semantic: null });
  return (query) => engine.search(query).map((h) => h.paper.id);
}

/**
 * Paperboy with a model retrained from a corpus store (`paperboy semantic retrain`, or the bot's background
 * retrain): SEMANTIC_MODEL_DIR names its folder (DATA_DIR/semantic/model-r<revision>).
 */
export function retrained(corpus: Corpus): Ranker {
  const dir = process.env.SEMANTIC_MODEL_DIR;
  if (!dir) throw new Error('set SEMANTIC_MODEL_DIR to a retrained model folder (DATA_DIR/semantic/model-r<revision>)');
  const engine = createSearchEngine(corpus, { semantic: new SemanticRanker(loadSemanticModel(dir, { verify: true })) });
  return (query) => engine.search(query).map((h) => h.paper.id);
}
