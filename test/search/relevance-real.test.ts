// Guards ranking quality on the blind, pooled, judged sets (rules inside each file):
// bench/queries-real.json over the real Hugging Face export in ../shared, and
// bench/queries-seed-blind.json over the committed seed corpus. Figures are taken on the TEST
// half only, beside plain MiniSearch defaults built in the same run. The floors assert what holds
// at the commit that added them (numbers in the test names); raise them when ranking improves,
// never lower them to make a change pass.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { assignSplit, loadJudgedSet, REQUEST_KINDS, type JudgedSet } from '../../bench/eval/judged-set.js';
import { REAL_QUERIES_PATH, SEED_BLIND_QUERIES_PATH, SEED_CORPUS_DIR } from '../../bench/eval/paths.js';
import { hasRealCorpus, loadRealCorpus, SHARED_EXPORT_DIR } from '../../bench/eval/real-corpus.js';
import { applyGrades, parseGradeLines } from '../../bench/eval/record-grades.js';
import { blindOrder } from '../../bench/eval/pool.js';
import { agreement, samplePairs } from '../../bench/eval/agreement.js';
import { frozenRuns, loadRun, RUNS_DIR } from '../../bench/eval/runs.js';
import { DEFAULT_SYSTEMS, evaluateJudgedSet, type RelevanceRealReport, type Scores } from '../../bench/relevance-real.js';

/** Scores per system on the test half. */
function testHalf(report: RelevanceRealReport): Record<string, Scores> {
  const slice = report.slices.find((s) => s.slice === 'test');
  if (!slice) throw new Error('the report has no test half');
  return slice.bySystem;
}

function describeSet(set: JudgedSet, minRequests: number, runName: 'real' | 'seed') {
  it('has a frozen paperboy baseline run covering every request as written', () => {
    const run = loadRun(join(RUNS_DIR, `${runName}-paperboy-baseline.json`));
    expect(run.runs.map((r) => [r.id, r.request])).toEqual(set.requests.map((r) => [r.id, r.request]));
  });

  it(`has at least ${minRequests} requests, each with an answer (a grade-2 paper) and its source paper judged`, () => {
    expect(set.requests.length).toBeGreaterThanOrEqual(minRequests);
    for (const r of set.requests) {
      expect(Object.values(r.judged), r.id).toContain(2);
      expect(r.judged[r.source], `${r.id}: source paper not judged`).toBeDefined();
    }
  });

  it('keeps the tune/test split the rule fixed before judging, balanced within every kind', () => {
    const expected = assignSplit(set.requests, set.split.salt);
    for (const r of set.requests) expect(r.split, r.id).toBe(expected.get(r.id));
    for (const kind of REQUEST_KINDS) {
      const ofKind = set.requests.filter((r) => r.kind === kind);
      const tune = ofKind.filter((r) => r.split === 'tune').length;
      expect(tune - (ofKind.length - tune), kind).toBeGreaterThanOrEqual(0);
      expect(tune - (ofKind.length - tune), kind).toBeLessThanOrEqual(1);
    }
  });

  it('is mostly natural questions and paraphrases', () => {
    const natural = set.requests.filter((r) => r.kind === 'question' || r.kind === 'paraphrase').length;
    expect(natural / set.requests.length).toBeGreaterThanOrEqual(0.6);
  });
}

describe('judging tools', () => {
  it('the split rule is a pure function of id and kind', () => {
    const requests = [...Array(20).keys()].map((i) => ({ id: `x-${i}`, kind: i % 2 ? ('question' as const) : ('typo' as const) }));
    expect(assignSplit(requests)).toEqual(assignSplit([...requests].reverse()));
  });

  it('shows a pool in an order that depends only on the request, not on rank', () => {
    expect(blindOrder('real-001', ['a', 'b', 'c', 'd'])).toEqual(blindOrder('real-001', ['d', 'c', 'b', 'a']));
  });

  it('records every shown paper, 0 unless graded, and refuses grades for papers that were not shown', () => {
    const set = loadJudgedSet(SEED_BLIND_QUERIES_PATH);
    const first = set.requests[0]!;
    const shown = { [first.id]: ['p-one', 'p-two'] };
    const updated = applyGrades(set, shown, parseGradeLines(`${first.id} 2:p-one`));
    expect(updated.requests[0]!.judged).toMatchObject({ 'p-one': 2, 'p-two': 0 });
    expect(() => applyGrades(set, shown, parseGradeLines(`${first.id} 1:p-three`))).toThrow(/not shown/);
  });
});

describe('judging repeatability tools', () => {
  it('measures exact agreement and Cohen\'s kappa between recorded and fresh grades', () => {
    const a = agreement([
      { recorded: 0, fresh: 0 },
      { recorded: 1, fresh: 1 },
      { recorded: 2, fresh: 2 },
      { recorded: 2, fresh: 1 },
    ]);
    expect(a.exact).toBe(0.75);
    expect(a.kappa).toBeCloseTo((0.75 - 0.3125) / (1 - 0.3125));
    expect(a.confusion[2]).toEqual([0, 1, 1]);
  });

  it('samples judged pairs evenly across recorded grades, reproducibly', () => {
    const set = loadJudgedSet(SEED_BLIND_QUERIES_PATH);
    const sample = samplePairs(set, 5, 7);
    expect(sample).toEqual(samplePairs(set, 5, 7));
    const grades = sample.map((p) => set.requests.find((r) => r.id === p.request)!.judged[p.paper]);
    for (const g of [0, 1, 2]) expect(grades.filter((x) => x === g)).toHaveLength(5);
  });
});

describe('blind questions over the seed corpus (bench/queries-seed-blind.json)', () => {
  const corpus = loadCorpus(SEED_CORPUS_DIR);
  const set = loadJudgedSet(SEED_BLIND_QUERIES_PATH, new Set(corpus.papers.map((p) => p.id)));
  describeSet(set, 40, 'seed');

  // Measured when this test was added (test half, 21 questions): paperboy nDCG@5 0.951, MRR@10 0.968;
  // minisearch defaults nDCG@5 0.907, MRR@10 0.959. Issue 10's target for unseen questions is 0.95.
  // 2026-12-01, every top-10 paper judged: paperboy (semantic by default) 0.952 / MRR@10 0.976, minisearch
  // defaults 0.904 / 0.959; lexical ranking alone (SEMANTIC_SEARCH=off) 0.949, under the target.
  it('paperboy meets nDCG@5 >= 0.95 on the test half and beats minisearch defaults (0.951 vs 0.907 when added)', () => {
    const s = testHalf(evaluateJudgedSet(set, corpus, undefined, 'test'));
    expect(s.paperboy!.ndcg5).toBeGreaterThanOrEqual(0.95);
    expect(s.paperboy!.ndcg5).toBeGreaterThan(s['minisearch-defaults']!.ndcg5);
    expect(s.paperboy!.mrr10).toBeGreaterThanOrEqual(s['minisearch-defaults']!.mrr10);
  });
});

// A test that needs ../shared must run in CI and fail there when the data is missing; on a fresh
// clone without it, it is skipped with a message.
const available = hasRealCorpus();
const mustRun = process.env.CI === 'true';

describe('blind requests over the real corpus (bench/queries-real.json)', () => {
  if (!available) {
    if (mustRun) {
      it('needs the shared export in CI', () => {
        throw new Error(`no export-*.json in ${SHARED_EXPORT_DIR}: CI must run with ../shared beside the checkout`);
      });
    } else {
      it.skip(`skipped: the real export is not in ${SHARED_EXPORT_DIR} (clone ../shared beside the checkout to run it)`, () => {});
    }
    return;
  }

  let set: JudgedSet;
  let report: RelevanceRealReport;
  beforeAll(() => {
    const corpus = loadRealCorpus();
    set = loadJudgedSet(REAL_QUERIES_PATH, new Set(corpus.papers.map((p) => p.id)));
    // The frozen baseline run is replayed beside the live systems, scored with today's judgments.
    report = evaluateJudgedSet(set, corpus, { ...DEFAULT_SYSTEMS, ...frozenRuns('real') }, 'test');
    // About 30 s of CPU on the shared 2-core machine (parse + merge 8,889 papers, two indexes, 62
    // requests each); the wall clock stretches with the machine's load, hence the long timeout.
  }, 600_000);

  it('has at least 120 requests with answers, split before judging', () => {
    expect(set.requests.length).toBeGreaterThanOrEqual(120);
    for (const r of set.requests) expect(Object.values(r.judged), r.id).toContain(2);
  });

  // Measured when this test was added (test half, 62 requests): paperboy MRR@10 0.793, nDCG@5 0.671;
  // minisearch defaults MRR@10 0.654, nDCG@5 0.595. Floors sit just under paperboy's figures.
  // 2026-12-01 (semantic by default, 85 more pooled papers judged): MRR@10 0.785, nDCG@5 0.664; the frozen
  // baseline 0.793 / 0.664; minisearch defaults 0.654 / 0.590.
  it('paperboy beats minisearch defaults on MRR@10 over the test half (0.793 vs 0.654 when added)', () => {
    const s = testHalf(report);
    expect(s.paperboy!.mrr10).toBeGreaterThan(s['minisearch-defaults']!.mrr10);
    expect(s.paperboy!.mrr10).toBeGreaterThanOrEqual(0.78);
  });

  // Absolute floors drift as judgments are added (a newly judged relevant paper raises every request's
  // ideal DCG: the frozen baseline ranking itself went 0.671 -> 0.666 when 44 more pooled papers were
  // judged), so nDCG@5 is pinned to the frozen baseline replayed in the same run, with 0.01 for noise.
  it('paperboy keeps nDCG@5 on the test half within 0.01 of the frozen baseline and above minisearch defaults', () => {
    const s = testHalf(report);
    expect(s.paperboy!.ndcg5).toBeGreaterThanOrEqual(s['paperboy-baseline']!.ndcg5 - 0.01);
    expect(s.paperboy!.ndcg5).toBeGreaterThan(s['minisearch-defaults']!.ndcg5);
  });

  // Unjudged papers count as 0, so a ranker that brings many new papers is scored too low until they
  // are judged: list them with `npx tsx bench/eval/pool.ts --set real --system paperboy-engine`.
  it('has most of each top 10 judged (0% unjudged when added; above 20% the figures mean little)', () => {
    const s = testHalf(report);
    for (const [name, x] of Object.entries(s)) expect(x.unjudged10, `${name}: judge its new papers with bench/eval/pool.ts`).toBeLessThanOrEqual(0.2);
  });
});

// The set invariants over the real file itself need no corpus.
describe('the real-corpus set file', () => {
  describeSet(loadJudgedSet(REAL_QUERIES_PATH), 120, 'real');
});
