// Development harness for ranking changes (issue 10): scores variants of the scoring constants, the
// query expansion and the semantic weights on the TUNE halves of bench/queries-real.json and
// bench/queries-seed-blind.json only; the test halves are never read here (evaluateJudgedSet is asked
// for the tune split, which drops the test requests before anything is ranked).
//   npx tsx scripts/rank-tune.ts [--only 'NAME|NAME'] [--per-request]
// Each variant gets fresh indexes (bounds and length norms are cached per index). Per-request wins and
// losses against the shipped configuration say whether a change is more than noise; unjudged papers
// count as 0, so a promising variant's new papers are judged (bench/eval/pool.ts --split tune) before
// its figures are believed. Variants that needed code since removed (coverage powers and caps, an idf
// cap on expansions, more neighbours for rare words, re-rank depth, the summary in paper vectors, a
// window-coverage bonus) ran at commit 4006e2c; their figures are in bench/results/session6-rankfix-tune.txt.
import type { Corpus } from '../src/corpus/corpus.js';
import { createSearchEngine } from '../src/search/engine.js';
import { buildIndex, INDEX_FIELDS, type IndexField } from '../src/search/index.js';
import { DEFAULT_SCORING, setScoringForTuning, type ScoringParams } from '../src/search/retrieve.js';
import { defaultSemanticModel } from '../src/semantic/default.js';
import { DEFAULT_EXPANSION, type ExpansionOptions } from '../src/semantic/expand.js';
import { DEFAULT_SEMANTIC_WEIGHTS, SemanticRanker, type SemanticWeights } from '../src/semantic/rank.js';
import { isStopWord, stemWord } from '../src/search/text.js';
import { evaluateJudgedSet, type RelevanceRealReport, type Scores } from '../bench/relevance-real.js';
import { loadJudgedSet, type JudgedSet } from '../bench/eval/judged-set.js';
import { EVAL_SETS } from '../bench/eval/pool.js';

const model = defaultSemanticModel();
if (!model) throw new Error('no semantic model');

export interface Variant {
  name: string;
  boosts?: Partial<Record<IndexField, number>>;
  k1?: Partial<Record<IndexField, number>>;
  b?: Partial<Record<IndexField, number>>;
  d?: number;
  weights?: Partial<SemanticWeights>;
  expansion?: Partial<ExpansionOptions>;
  /** false: lexical only. */
  semantic?: boolean;
  /** Drop a word already said earlier in the request (same stem). */
  dedup?: boolean;
  /** The dense query vector leaves out words above this share of the training text. */
  queryVectorMaxShare?: number;
}

/** A word said twice ("a video model from the videos themselves") is searched once. */
function dedupQuery(query: string): string {
  const seen = new Set<string>();
  return query.replace(/[\p{L}\p{N}]+/gu, (w) => {
    const stem = stemWord(w.toLowerCase());
    if (w.length < 2 || isStopWord(w.toLowerCase())) return w;
    if (seen.has(stem)) return '';
    seen.add(stem);
    return w;
  });
}

class FilteredQueryVector extends SemanticRanker {
  constructor(
    private readonly maxShare: number,
    ...args: ConstructorParameters<typeof SemanticRanker>
  ) {
    super(...args);
  }
  override queryVector(stems: readonly string[]): Float32Array | undefined {
    const max = this.maxShare * this.model.header.tokens;
    const kept = stems.filter((s) => this.model.count(s) <= max);
    return super.queryVector(kept.length > 0 ? kept : stems);
  }
}

function perField(base: Float64Array, over: Partial<Record<IndexField, number>> | undefined): Float64Array {
  const out = Float64Array.from(base);
  INDEX_FIELDS.forEach((f, i) => {
    const v = over?.[f];
    if (v !== undefined) out[i] = v;
  });
  return out;
}

function scoringOf(v: Variant): Partial<ScoringParams> {
  return {
    boosts: perField(DEFAULT_SCORING.boosts, v.boosts),
    k1: perField(DEFAULT_SCORING.k1, v.k1),
    b: perField(DEFAULT_SCORING.b, v.b),
    d: v.d ?? DEFAULT_SCORING.d,
  };
}

interface Loaded {
  name: 'real' | 'seed';
  corpus: Corpus;
  set: JudgedSet;
}

function load(name: 'real' | 'seed'): Loaded {
  const spec = EVAL_SETS[name];
  const corpus = spec.corpus();
  const set = loadJudgedSet(spec.path, new Set(corpus.papers.map((p) => p.id)));
  // Only the tune half is kept in memory at all.
  return { name, corpus, set: { ...set, requests: set.requests.filter((r) => r.split === 'tune') } };
}

export function run(v: Variant, data: Loaded): RelevanceRealReport {
  setScoringForTuning(scoringOf(v));
  try {
    const index = buildIndex(data.corpus);
    const weights = { ...DEFAULT_SEMANTIC_WEIGHTS, ...v.weights };
    const expansion = { ...DEFAULT_EXPANSION, ...v.expansion };
    const semantic =
      v.semantic === false
        ? null
        : v.queryVectorMaxShare !== undefined
          ? new FilteredQueryVector(v.queryVectorMaxShare, model!, weights, expansion)
          : new SemanticRanker(model!, weights, expansion);
    const engine = createSearchEngine(data.corpus, { index, semantic });
    const rewrite = v.dedup ? dedupQuery : (q: string) => q;
    return evaluateJudgedSet(data.set, data.corpus, { [v.name]: () => (q) => engine.search(rewrite(q)).map((h) => h.paper.id) }, 'tune');
  } finally {
    setScoringForTuning({});
  }
}

const f3 = (x: number) => x.toFixed(3);

function slice(report: RelevanceRealReport, name: string, system: string): Scores | undefined {
  return report.slices.find((s) => s.slice === name)?.bySystem[system];
}

/**
 * Requests whose nDCG@10 went up / down by more than 0.01 against the reference, and the paired
 * standard error of the mean nDCG@10 difference (a gain under about twice it is noise).
 */
function winsLosses(report: RelevanceRealReport, ref: RelevanceRealReport, system: string, refSystem: string): string {
  let up = 0;
  let down = 0;
  const diffs = report.perRequest.map((r, i) => {
    const a = r.bySystem[system]!.ndcg10;
    const b = ref.perRequest[i]!.bySystem[refSystem]!.ndcg10;
    if (a > b + 0.01) up++;
    else if (a < b - 0.01) down++;
    return a - b;
  });
  const n = diffs.length;
  const mean = diffs.reduce((x, y) => x + y, 0) / n;
  const sd = Math.sqrt(diffs.reduce((x, d) => x + (d - mean) ** 2, 0) / Math.max(1, n - 1));
  return `+${up}/-${down} d ${mean >= 0 ? '+' : ''}${mean.toFixed(3)} se ${(sd / Math.sqrt(n)).toFixed(3)}`;
}

export const VARIANTS: Variant[] = [
  { name: 'shipped' },
  { name: 'lexical', semantic: false },
  // BM25+'s floor per matched term (MiniSearch's 0.5, kept): coverage already rewards a matched word.
  ...[0, 0.1, 0.25, 1].map((d) => ({ name: `d ${d}`, d })),
  { name: 'lexical, d 0', d: 0, semantic: false },
  // Field weights; HF's plain-language summary first: people phrase questions more like it than like the abstract.
  ...([
    ['summary', [0, 0.3, 0.6, 1]],
    ['keywords', [1, 2]],
    ['title', [2, 4]],
  ] as const).flatMap(([field, weights]) => weights.map((w) => ({ name: `${field} ${w}`, boosts: { [field]: w } }))),
  // Length normalisation and saturation per field: titles are all short, abstracts vary.
  { name: 'title b 0.3', b: { title: 0.3 } },
  { name: 'abstract b 0.85', b: { abstract: 0.85 } },
  { name: 'abstract b 0.5', b: { abstract: 0.5 } },
  { name: 'abstract k1 2', k1: { abstract: 2 } },
  { name: 'abstract k1 0.8', k1: { abstract: 0.8 } },
  { name: 'all k1 0.8', k1: { title: 0.8, abstract: 0.8, keywords: 0.8, topics: 0.8, authors: 0.8, summary: 0.8 } },
  // Expansion settings the SemanticRanker already takes.
  { name: 'no expansion', expansion: { perWord: 0 } },
  { name: 'expansion 3/word', expansion: { perWord: 3 } },
  { name: 'expansion minSim 0.35', expansion: { minSim: 0.35 } },
  { name: 'paper vectors: dense 0.8', weights: { dense: 0.8 } },
  // Query rewrites done here, not in the product.
  { name: 'dedup', dedup: true },
  { name: 'qvec <= 1e-3', queryVectorMaxShare: 1e-3 },
  { name: 'qvec <= 3e-3', queryVectorMaxShare: 3e-3 },
];

export function main(argv: readonly string[]): void {
  const only = argv.includes('--only') ? new Set((argv[argv.indexOf('--only') + 1] ?? '').split('|')) : undefined;
  const real = load('real');
  const seed = load('seed');
  const variants = VARIANTS.filter((v) => v.name === 'shipped' || !only || only.has(v.name));
  let refReal: RelevanceRealReport | undefined;
  let refSeed: RelevanceRealReport | undefined;
  console.log(`TUNE halves only: real ${real.set.requests.length} requests, seed ${seed.set.requests.length}`);
  console.log('variant                          real tune nDCG@5 nDCG@10 MRR@10 unj | questions nDCG@5 MRR | vs shipped (nDCG@10 +/-) | seed tune nDCG@5 MRR@10');
  for (const v of variants) {
    const r = run(v, real);
    const s = run(v, seed);
    refReal ??= r;
    refSeed ??= s;
    const a = slice(r, 'tune', v.name)!;
    const q = slice(r, 'tune/question', v.name)!;
    const sd = slice(s, 'tune', v.name)!;
    console.log(
      `${v.name.padEnd(32)} ${f3(a.ndcg5)} ${f3(a.ndcg10)} ${f3(a.mrr10)} ${(a.unjudged10 * 100).toFixed(1).padStart(4)}% | ${f3(q.ndcg5)} ${f3(q.mrr10)} | ${winsLosses(r, refReal, v.name, 'shipped').padEnd(25)} | ${f3(sd.ndcg5)} ${f3(sd.mrr10)} ${winsLosses(s, refSeed, v.name, 'shipped')}`,
    );
    if (argv.includes('--per-request') && v.name !== 'shipped') {
      r.perRequest.forEach((row, i) => {
        const x = row.bySystem[v.name]!;
        const y = refReal!.perRequest[i]!.bySystem.shipped!;
        if (Math.abs(x.ndcg10 - y.ndcg10) > 0.01) console.log(`    ${row.request.id} ${row.request.kind.padEnd(10)} ${f3(y.ndcg10)} -> ${f3(x.ndcg10)}  ${row.request.request}`);
      });
    }
  }
}

main(process.argv.slice(2));
