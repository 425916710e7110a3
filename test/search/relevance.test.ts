// Guards ranking quality: our engine must beat MiniSearch's defaults on the judged queries in
// bench/queries.json. Floors are the figures measured when the judgments were written (ours
// nDCG@5 0.948, MRR 1.000; baseline 0.870 / 0.903) minus slack, so small honest changes pass.
import { describe, expect, it } from 'vitest';
import { HELDOUT_PATH, evaluateRelevance, loadJudgedQueries, ndcgAt, reciprocalRank } from '../../bench/relevance.js';
import { realCorpus } from './fixtures.js';

describe('relevance metrics', () => {
  it('nDCG@5 is 1 for the ideal order and lower otherwise', () => {
    const judged = { a: 2, b: 1 };
    expect(ndcgAt(['a', 'b', 'x'], judged)).toBeCloseTo(1);
    expect(ndcgAt(['b', 'a'], judged)).toBeLessThan(1);
    expect(ndcgAt(['x', 'y'], judged)).toBe(0);
  });

  it('MRR counts the first grade-2 paper within the top 10', () => {
    expect(reciprocalRank(['b', 'x', 'a'], { a: 2, b: 1 })).toBeCloseTo(1 / 3);
    expect(reciprocalRank(['b'], { a: 2, b: 1 })).toBe(0);
  });
});

describe('relevance on the judged queries (real corpus)', () => {
  const queries = loadJudgedQueries();
  const report = evaluateRelevance(realCorpus(), queries);

  it('has at least 30 judged queries of every kind, each with an answer', () => {
    expect(queries.length).toBeGreaterThanOrEqual(30);
    expect(new Set(queries.map((q) => q.kind)).size).toBe(5);
    for (const q of queries) expect(Object.values(q.relevant), q.query).toContain(2);
  });

  it('beats MiniSearch defaults by a clear margin', () => {
    expect(report.ours.ndcg5).toBeGreaterThan(report.baseline.ndcg5 + 0.04);
    expect(report.ours.mrr).toBeGreaterThan(report.baseline.mrr + 0.04);
  });

  it('stays above the measured floor', () => {
    expect(report.ours.ndcg5).toBeGreaterThanOrEqual(0.92);
    expect(report.ours.mrr).toBeGreaterThanOrEqual(0.95);
  });

  it('handles typos, where the baseline cannot', () => {
    expect(report.byKind.typo?.ours.ndcg5).toBeGreaterThanOrEqual(0.9);
  });
});

describe('relevance on the held-out queries (written blind, never tuned on)', () => {
  const report = evaluateRelevance(realCorpus(), loadJudgedQueries(HELDOUT_PATH));

  it('still beats MiniSearch defaults (measured: nDCG@5 0.873 vs 0.786, MRR 0.939 vs 0.864)', () => {
    expect(report.perQuery.length).toBeGreaterThanOrEqual(30);
    expect(report.ours.ndcg5).toBeGreaterThan(report.baseline.ndcg5 + 0.04);
    expect(report.ours.mrr).toBeGreaterThan(report.baseline.mrr + 0.03);
  });
});
