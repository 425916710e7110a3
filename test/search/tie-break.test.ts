// The tie-break order of equal scores (upvotes desc, then id): counted in O(n) when the papers come in
// id order (the store's), sorted by comparison otherwise; both are exactly compareHits at equal scores.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/corpus/schema.js';
import { compareHits, tieBreakRanks } from '../../src/search/query.js';

const byCompareHits = (papers: readonly Paper[]) => new Map([...papers].sort((a, b) => compareHits({ paper: a, score: 0 }, { paper: b, score: 0 })).map((p, i) => [p.id, i]));
const paper = (id: string, upvotes: number | undefined) => ({ id, ...(upvotes === undefined ? {} : { upvotes }) }) as Paper;
const upvotes = fc.oneof(fc.constant(undefined), fc.nat(60), fc.nat(5_000_000), fc.double({ min: 0, max: 100, noNaN: true }));

describe('tieBreakRanks', () => {
  it('is compareHits at equal scores, for papers in id order or not, whole or fractional upvotes', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 80 }), fc.array(upvotes, { maxLength: 80 }), fc.boolean(), (ids, votes, inIdOrder) => {
        const sorted = inIdOrder ? [...ids].sort() : ids;
        const papers = sorted.map((id, i) => paper(id, votes[i]));
        expect([...tieBreakRanks(papers)]).toEqual([...byCompareHits(papers)]);
      }),
      { numRuns: 500 },
    );
  });

  it('orders the store\'s papers (id order) by upvotes, ids ascending within equal upvotes', () => {
    const ranks = tieBreakRanks([paper('a', 3), paper('b', undefined), paper('c', 3), paper('d', 10), paper('e', 0)]);
    expect([...ranks.keys()]).toEqual(['d', 'a', 'c', 'b', 'e']);
  });
});
