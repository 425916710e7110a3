// Chooses and checks the watches' relevance bar (src/watch/match.ts RELATIVE_MIN) on the blind judged
// set over the real export (bench/queries-real.json; its tune/test split was fixed before judging).
//
// A watch delivers a new paper when its score for the watch's query is at least tau x the query's best
// score over the whole corpus. Each judged (request, paper) pair stands for "this paper arrives in a
// sync while someone watches this request": grade >= 1 (related or answers it) should be delivered,
// grade 0 should not. tau is chosen on the TUNE half only: the lowest tau whose F1 is within 0.01 of the
// best (F1 is flat near its top; a paper a watch misses is never offered again, while an extra one costs
// a glance). The TEST half is reported beside the plain baseline "any match" (everything the query
// matches at all), computed in the same run. An alternative family, "the paper would be in /search's
// first N over the whole corpus", is printed for comparison on the tune half.
//
// Caveat, stated with the figures: the judged papers come from the top 10 of several systems, so the
// grade-0 papers are hard negatives (near misses), and recall is over judged relevant papers only.
//
//   npx tsx bench/watch-threshold.ts
import { pathToFileURL } from 'node:url';
import type { Corpus } from '../src/corpus/corpus.js';
import { createSearchEngine } from '../src/search/engine.js';
import { searchQuery } from '../src/search-query.js';
import type { SearchEngine } from '../src/search/types.js';
import { RELATIVE_MIN } from '../src/watch/match.js';
import { loadJudgedSet, type JudgedRequest, type JudgedSet } from './eval/judged-set.js';
import { REAL_QUERIES_PATH } from './eval/paths.js';
import { loadRealCorpus } from './eval/real-corpus.js';

export interface Pair {
  split: 'tune' | 'test';
  kind: string;
  relevant: boolean;
  /** score / the query's best score over the corpus; 0 when the query does not match the paper at all. */
  rel: number;
  /** Where the paper would rank in /search over the whole corpus (501: beyond the first 500, or no match). */
  rank: number;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  delivered: number;
  pairs: number;
}

export const TAUS = Array.from({ length: 20 }, (_, i) => Math.round((i + 1) * 5) / 100);

export function judgedPairs(corpus: Corpus, engine: SearchEngine, set: JudgedSet): Pair[] {
  const pairsOf = (r: JudgedRequest): Pair[] => {
    const top = searchQuery(corpus, engine, r.request, {}, { limit: 500 }).hits;
    const best = top[0]?.score ?? 0;
    return Object.entries(r.judged).map(([id, grade]) => {
      // The paper's score for this query, as a watch restricted to "new" papers computes it.
      const hit = searchQuery(corpus, engine, r.request, { where: (p) => p.id === id }, { limit: 1 }).hits[0];
      const rank = hit ? Math.min(501, top.filter((h) => h.score > hit.score).length + 1) : 501;
      return { split: r.split, kind: r.kind, relevant: grade >= 1, rel: best > 0 && hit ? hit.score / best : 0, rank };
    });
  };
  return set.requests.flatMap(pairsOf);
}

/** tau 0 is the baseline: delivered when the query matches at all. */
export function score(ps: readonly Pair[], tau: number, delivered: (p: Pair) => boolean = (p) => (tau === 0 ? p.rel > 0 : p.rel >= tau)): Scores {
  const tp = ps.filter((p) => p.relevant && delivered(p)).length;
  const fp = ps.filter((p) => !p.relevant && delivered(p)).length;
  const fn = ps.filter((p) => p.relevant && !delivered(p)).length;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, delivered: tp + fp, pairs: ps.length };
}

/** The tau the tune half picks: the lowest within 0.01 F1 of the best. */
export function chooseTau(tune: readonly Pair[]): { best: number; bestF1: number; chosen: number } {
  let best = TAUS[0]!;
  let bestF1 = -1;
  for (const tau of TAUS) {
    const { f1 } = score(tune, tau);
    if (f1 > bestF1) [best, bestF1] = [tau, f1];
  }
  return { best, bestF1, chosen: TAUS.find((t) => score(tune, t).f1 >= bestF1 - 0.01) ?? best };
}

function main(): void {
  const corpus = loadRealCorpus();
  const engine = createSearchEngine(corpus);
  const started = performance.now();
  const pairs = judgedPairs(corpus, engine, loadJudgedSet(REAL_QUERIES_PATH));
  const ms = performance.now() - started;
  const tune = pairs.filter((p) => p.split === 'tune');
  const test = pairs.filter((p) => p.split === 'test');
  const fmt = (s: Scores) => `P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  delivered ${s.delivered}/${s.pairs}`;

  console.log(`judged pairs: ${pairs.length} (tune ${tune.length}, test ${test.length}); scored in ${Math.round(ms)} ms over ${corpus.papers.length} papers`);
  console.log('\nTUNE half, by tau:');
  for (const tau of TAUS) console.log(`  tau ${tau.toFixed(2)}  ${fmt(score(tune, tau))}`);
  console.log(`  baseline (any match)  ${fmt(score(tune, 0))}`);
  for (const n of [5, 10, 20, 50, 100, 200]) console.log(`  rank <= ${String(n).padEnd(3)}           ${fmt(score(tune, 0, (p) => p.rank <= n))}`);
  const { best, bestF1, chosen } = chooseTau(tune);
  console.log(`\ntune maximum: tau = ${best.toFixed(2)} (F1 ${bestF1.toFixed(3)}); lowest tau within 0.01 of it: ${chosen.toFixed(2)}; shipped RELATIVE_MIN = ${RELATIVE_MIN}`);
  console.log('\nTEST half:');
  console.log(`  baseline (any match)        ${fmt(score(test, 0))}`);
  console.log(`  tau ${chosen.toFixed(2)} (chosen on tune)   ${fmt(score(test, chosen))}`);
  for (const kind of ['keyword', 'acronym', 'question', 'paraphrase', 'typo']) {
    const ofKind = test.filter((p) => p.kind === kind);
    if (ofKind.length) console.log(`    ${kind.padEnd(10)} baseline ${fmt(score(ofKind, 0))}  |  chosen ${fmt(score(ofKind, chosen))}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
