// Development harness for fusing the semantic layer's dense paper vectors with the lexical ranking:
// scores variants on the TUNE half of bench/queries-real.json only (graded judgments; the test half
// is never read here), and on the seed set's tune half as a check that nothing breaks there: reciprocal
// rank fusion of the lexical ranking with dense SIF paper vectors, and dense pseudo-relevance feedback
// (in the fusion and inside the shipped head re-rank). None beat the shipped configuration (README).
//   npx tsx scripts/semantic-fusion-tune.ts
import type { Corpus } from '../src/corpus/corpus.js';
import type { Paper } from '../src/corpus/schema.js';
import { createSearchEngine } from '../src/search/engine.js';
import { parseQuery } from '../src/search/query.js';
import { defaultSemanticModel } from '../src/semantic/default.js';
import { dot } from '../src/semantic/model.js';
import { SemanticRanker } from '../src/semantic/rank.js';
import { evaluateJudgedSet } from '../bench/relevance-real.js';
import { EVAL_SETS } from '../bench/eval/pool.js';
import { loadJudgedSet } from '../bench/eval/judged-set.js';
import type { RankerFactory } from '../bench/eval/systems.js';

const model = defaultSemanticModel();
if (!model) throw new Error('no semantic model');

interface Variant {
  /** Lexical candidates considered. */
  pool: number;
  /** RRF constant. */
  k: number;
  /** Weight of the dense list in RRF (lexical weighs 1). */
  wDense: number;
  /** Dense-only candidates from the whole corpus added to the pool. */
  denseExtra: number;
  /** Pseudo-relevance feedback: mix in the mean vector of the top `prfDocs` lexical papers at `prfBeta`. */
  prfDocs: number;
  prfBeta: number;
  semantic: boolean;
}

const BASE: Variant = { pool: 50, k: 60, wDense: 0, denseExtra: 0, prfDocs: 0, prfBeta: 0, semantic: true };

function factory(v: Variant): RankerFactory {
  return (corpus: Corpus) => {
    const ranker = new SemanticRanker(model!);
    const engine = createSearchEngine(corpus, { semantic: v.semantic ? ranker : null });
    ranker.warmUp(corpus.papers);
    return (query) => {
      const hits = engine.search(query, {}, { limit: Math.max(v.pool, 10) });
      if (v.wDense === 0) return hits.map((h) => h.paper.id);
      const stems = parseQuery(query).parts.map((p) => p.stem);
      let q = ranker.queryVector(stems);
      if (!q) return hits.map((h) => h.paper.id);
      if (v.prfDocs > 0) {
        const mix = Float32Array.from(q);
        for (const h of hits.slice(0, v.prfDocs)) {
          const pv = ranker.paperVector(h.paper);
          if (pv) for (let d = 0; d < mix.length; d++) mix[d] = (mix[d] as number) + (v.prfBeta / v.prfDocs) * (pv[d] as number);
        }
        const n = Math.hypot(...mix) || 1;
        q = mix.map((x) => x / n);
      }
      const cands = new Map<string, Paper>(hits.map((h) => [h.paper.id, h.paper]));
      if (v.denseExtra > 0) {
        const all = corpus.papers.map((p) => [p, ranker.similarity(q, p)] as const).sort((a, b) => b[1] - a[1]);
        for (const [p] of all.slice(0, v.denseExtra)) cands.set(p.id, p);
      }
      const lexRank = new Map(hits.map((h, i) => [h.paper.id, i]));
      const dense = [...cands.values()].map((p) => [p.id, dot(q, ranker.paperVector(p) ?? new Float32Array(q.length))] as const).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const fused = new Map<string, number>();
      dense.forEach(([id], i) => fused.set(id, v.wDense / (v.k + i + 1)));
      for (const [id, r] of lexRank) fused.set(id, (fused.get(id) ?? 0) + 1 / (v.k + r + 1));
      return [...fused].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
    };
  };
}

/**
 * Dense pseudo-relevance feedback inside the shipped head re-rank: the query vector gets the mean vector
 * of the top `docs` papers mixed in at `beta`, and the top 50 are re-scored with it.
 */
function headPrf(docs: number, beta: number): RankerFactory {
  return (corpus: Corpus) => {
    const ranker = new SemanticRanker(model!);
    const engine = createSearchEngine(corpus, { semantic: ranker });
    return (query) => {
      const hits = engine.search(query);
      const q = ranker.queryVector(parseQuery(query).parts.map((p) => p.stem));
      if (!q) return hits.map((h) => h.paper.id);
      const mix = Float32Array.from(q);
      for (const h of hits.slice(0, docs)) {
        const pv = ranker.paperVector(h.paper);
        if (pv) for (let d = 0; d < mix.length; d++) mix[d] = (mix[d] as number) + (beta / docs) * (pv[d] as number);
      }
      const n = Math.hypot(...mix) || 1;
      const q2 = mix.map((x) => x / n);
      const head = hits.slice(0, 50).map((h) => ({ id: h.paper.id, s: (h.score / ranker.denseFactor(q, h.paper)) * ranker.denseFactor(q2, h.paper) }));
      head.sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1));
      return [...head.map((h) => h.id), ...hits.slice(50).map((h) => h.paper.id)];
    };
  };
}

const variants: Record<string, Variant> = {
  lexical: { ...BASE, semantic: false },
  semantic: BASE,
};
for (const pool of [50, 100, 200]) for (const wDense of [0.5, 1]) variants[`rrf pool${pool} w${wDense}`] = { ...BASE, pool, wDense };
for (const k of [10, 30]) variants[`rrf pool100 w1 k${k}`] = { ...BASE, pool: 100, wDense: 1, k };
variants['rrf pool100 w1 +dense50'] = { ...BASE, pool: 100, wDense: 1, denseExtra: 50 };
for (const prfDocs of [3, 5]) for (const prfBeta of [0.5, 1]) variants[`rrf pool100 w1 prf${prfDocs}x${prfBeta}`] = { ...BASE, pool: 100, wDense: 1, prfDocs, prfBeta };

for (const setName of ['real', 'seed'] as const) {
  const spec = EVAL_SETS[setName];
  const corpus = spec.corpus();
  const set = loadJudgedSet(spec.path, new Set(corpus.papers.map((p) => p.id)));
  const systems: Record<string, RankerFactory> = Object.fromEntries(Object.entries(variants).map(([n, v]) => [n, factory(v)]));
  for (const [docs, beta] of [[3, 0.5], [3, 1], [5, 0.5], [5, 1]] as const) systems[`head prf${docs}x${beta}`] = headPrf(docs, beta);
  const report = evaluateJudgedSet(set, corpus, systems, 'tune');
  const tune = report.slices.find((s) => s.slice === 'tune')!;
  const q = report.slices.find((s) => s.slice === 'tune/question');
  const p = report.slices.find((s) => s.slice === 'tune/paraphrase');
  console.log(`${setName} TUNE (${tune.bySystem.lexical!.n}): nDCG@5 nDCG@10 MRR@10 unj | questions MRR | paraphrases MRR`);
  for (const name of Object.keys(systems)) {
    const s = tune.bySystem[name]!;
    console.log(`  ${name.padEnd(30)} ${s.ndcg5.toFixed(3)} ${s.ndcg10.toFixed(3)} ${s.mrr10.toFixed(3)} ${(s.unjudged10 * 100).toFixed(0)}% | ${q?.bySystem[name]?.mrr10.toFixed(3)} | ${p?.bySystem[name]?.mrr10.toFixed(3)}`);
  }
}
