// Chooses and checks the watches' relevance bar (src/watch/match.ts RELATIVE_MIN) on the blind judged
// set over the real export (bench/queries-real.json; its tune/test split was fixed before judging).
//
// A watch delivers a new paper when its score for the watch's query is at least tau x the query's best
// score over the whole corpus. Each judged (request, paper) pair stands for "this paper arrives in a
// sync while someone watches this request": grade >= 1 (related or answers it) should be delivered,
// grade 0 should not. tau is chosen by F1 on the TUNE half only; the TEST half is reported beside the
// plain baseline "any match" (tau = 0: everything the query matches at all), computed in the same run.
//
// Caveat, stated with the figures: the judged papers come from the top 10 of several systems, so the
// grade-0 papers are hard negatives (near misses), and recall is over judged relevant papers only.
//
//   npx tsx bench/watch-threshold.ts
import { loadJudgedSet, type JudgedRequest } from './eval/judged-set.js';
import { REAL_QUERIES_PATH } from './eval/paths.js';
import { loadRealCorpus } from './eval/real-corpus.js';
import { createSearchEngine } from '../src/search/engine.js';
import { searchQuery } from '../src/search-query.js';
import { RELATIVE_MIN } from '../src/watch/match.js';

interface Pair {
  split: 'tune' | 'test';
  kind: string;
  relevant: boolean;
  /** score / the query's best score over the corpus; 0 when the query does not match the paper at all. */
  rel: number;
  /** Where the paper would rank in /search over the whole corpus (501: beyond the first 500, or no match). */
  rank: number;
}

const corpus = loadRealCorpus();
const engine = createSearchEngine(corpus);
const set = loadJudgedSet(REAL_QUERIES_PATH);

function pairsOf(r: JudgedRequest): Pair[] {
  const top = searchQuery(corpus, engine, r.request, {}, { limit: 500 }).hits;
  const best = top[0]?.score ?? 0;
  return Object.entries(r.judged).map(([id, grade]) => {
    // The paper's score for this query, as a watch restricted to "new" papers would compute it.
    const hit = searchQuery(corpus, engine, r.request, { where: (p) => p.id === id }, { limit: 1 }).hits[0];
    const rank = hit ? Math.min(501, top.filter((h) => h.score > hit.score).length + 1) : 501;
    return { split: r.split, kind: r.kind, relevant: grade >= 1, rel: best > 0 && hit ? hit.score / best : 0, rank };
  });
}

const started = performance.now();
const pairs = set.requests.flatMap(pairsOf);
const ms = performance.now() - started;

function score(ps: readonly Pair[], tau: number, delivered: (p: Pair) => boolean = (p) => (tau === 0 ? p.rel > 0 : p.rel >= tau)) {
  // tau 0 is the baseline: delivered when the query matches at all.
  const tp = ps.filter((p) => p.relevant && delivered(p)).length;
  const fp = ps.filter((p) => !p.relevant && delivered(p)).length;
  const fn = ps.filter((p) => p.relevant && !delivered(p)).length;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, delivered: tp + fp, pairs: ps.length };
}

const tune = pairs.filter((p) => p.split === 'tune');
const test = pairs.filter((p) => p.split === 'test');
const taus = Array.from({ length: 20 }, (_, i) => Math.round((i + 1) * 5) / 100);
const fmt = (s: ReturnType<typeof score>) => `P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  delivered ${s.delivered}/${s.pairs}`;

console.log(`judged pairs: ${pairs.length} (tune ${tune.length}, test ${test.length}); scored in ${Math.round(ms)} ms over ${corpus.papers.length} papers`);
console.log('\nTUNE half, by tau:');
let bestTau = 0;
let bestF1 = -1;
for (const tau of taus) {
  const s = score(tune, tau);
  console.log(`  tau ${tau.toFixed(2)}  ${fmt(s)}`);
  if (s.f1 > bestF1) [bestTau, bestF1] = [tau, s.f1];
}
console.log(`  baseline (any match)  ${fmt(score(tune, 0))}`);
// The alternative family: "it would be on /search's first N results over the whole corpus".
for (const n of [5, 10, 20, 50, 100, 200]) console.log(`  rank <= ${String(n).padEnd(3)}           ${fmt(score(tune, 0, (p) => p.rank <= n))}`);
for (const kind of ['keyword', 'acronym', 'question', 'paraphrase', 'typo']) {
  const ofKind = tune.filter((p) => p.kind === kind);
  console.log(`    ${kind.padEnd(10)} ` + [0, 0.2, 0.3, 0.4, 0.5].map((t) => `tau ${t}: F1 ${score(ofKind, t).f1.toFixed(3)}`).join('  ') + '  ' + [10, 50].map((n) => `rank<=${n}: F1 ${score(ofKind, 0, (p) => p.rank <= n).f1.toFixed(3)}`).join('  '));
}
// F1 is flat near its maximum, so among the taus within 0.01 of it the lowest (most recall) is taken:
// a paper a watch misses is never shown again, while an extra one costs a glance.
const plateau = taus.find((t) => score(tune, t).f1 >= bestF1 - 0.01) ?? bestTau;
console.log(`\ntune maximum: tau = ${bestTau.toFixed(2)} (F1 ${bestF1.toFixed(3)}); lowest tau within 0.01 of it: ${plateau.toFixed(2)}; shipped RELATIVE_MIN = ${RELATIVE_MIN}`);
bestTau = plateau;
console.log('\nTEST half:');
console.log(`  baseline (any match)        ${fmt(score(test, 0))}`);
console.log(`  tau ${bestTau.toFixed(2)} (chosen on tune)   ${fmt(score(test, bestTau))}`);
if (bestTau !== RELATIVE_MIN) console.log(`  tau ${RELATIVE_MIN.toFixed(2)} (shipped)           ${fmt(score(test, RELATIVE_MIN))}`);
for (const kind of ['keyword', 'acronym', 'question', 'paraphrase', 'typo']) {
  const ofKind = test.filter((p) => p.kind === kind);
  if (ofKind.length) console.log(`    ${kind.padEnd(10)} baseline ${fmt(score(ofKind, 0))}  |  shipped ${fmt(score(ofKind, RELATIVE_MIN))}`);
}
