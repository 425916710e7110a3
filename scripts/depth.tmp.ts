import { EVAL_SETS } from '../bench/eval/pool.js';
import { createSearchEngine } from '../src/search/engine.js';
import { buildIndex } from '../src/search/index.js';
import { defaultSemanticModel } from '../src/semantic/default.js';
import { DEFAULT_SEMANTIC_WEIGHTS, SemanticRanker } from '../src/semantic/rank.js';
const corpus = EVAL_SETS.real.corpus();
const index = buildIndex(corpus);
for (const depth of [1, 50, 200]) {
  const e = createSearchEngine(corpus, { index, semantic: new SemanticRanker(defaultSemanticModel()!, { ...DEFAULT_SEMANTIC_WEIGHTS, depth }) });
  console.log(depth, e.search('how can I stop reasoning models from overthinking').slice(0, 8).map((h) => `${h.paper.id}:${h.score.toFixed(1)}`).join(' '));
}
