// /top's ranking: the period's papers by this server's votes, then Hugging Face upvotes.
import { describe, expect, it } from 'vitest';
import { paperDay, periodStart, rankTop, tallyVotes } from '../../src/votes/top.js';
import { makePaper } from '../support/context.js';

const NOW = new Date('2026-03-20T15:00:00Z');

describe('the /top period', () => {
  it('reaches back 7 or 30 days counting today, or everything', () => {
    expect(periodStart('week', NOW)).toBe('2026-03-14');
    expect(periodStart('month', NOW)).toBe('2026-02-19');
    expect(periodStart('all', NOW)).toBeNull();
  });

  it("places a paper on its HF listing day, else its publication date", () => {
    expect(paperDay(makePaper({ id: 'a', publishedAt: '2026-03-01', listedAt: '2026-03-03' }))).toBe('2026-03-03');
    expect(paperDay(makePaper({ id: 'b', publishedAt: '2026-03-01' }))).toBe('2026-03-01');
    expect(paperDay(makePaper({ id: 'c' }))).toBeUndefined();
  });
});

describe('ranking', () => {
  const papers = [
    makePaper({ id: 'old-favourite', listedAt: '2025-01-01', upvotes: 500 }),
    makePaper({ id: 'hf-hit', listedAt: '2026-03-18', upvotes: 90 }),
    makePaper({ id: 'server-pick', listedAt: '2026-03-19', upvotes: 3 }),
    makePaper({ id: 'quiet', listedAt: '2026-03-15', upvotes: 3 }),
    makePaper({ id: 'quieter-newer', listedAt: '2026-03-16', upvotes: 3 }),
    makePaper({ id: 'undated', upvotes: 1000 }),
    makePaper({ id: 'future', listedAt: '2026-03-25', upvotes: 1000 }),
  ];
  const votes = new Map([
    ['server-pick', 2],
    ['old-favourite', 5],
  ]);

  it("puts the server's votes first, then HF upvotes, then the newer paper, within the period", () => {
    const ranked = rankTop(papers, votes, { period: 'week', now: NOW, limit: 10 });
    expect(ranked.map((e) => [e.paper.id, e.votes])).toEqual([
      ['server-pick', 2],
      ['hf-hit', 0],
      ['quieter-newer', 0],
      ['quiet', 0],
    ]);
  });

  it('over all time, includes undated papers and old favourites', () => {
    const ranked = rankTop(papers, votes, { period: 'all', now: NOW, limit: 3 });
    expect(ranked.map((e) => e.paper.id)).toEqual(['old-favourite', 'server-pick', 'future']);
  });
});

describe('tallying votes', () => {
  it('resolves ids to papers, counts each user once per paper, and drops papers no longer there', () => {
    const p = makePaper({ id: '2501.00001' });
    const byId = new Map([
      ['2501.00001', p],
      ['old-slug', p],
    ]);
    const tally = tallyVotes(
      [
        { paperId: '2501.00001', userId: 'ada' },
        { paperId: 'old-slug', userId: 'ada' },
        { paperId: 'old-slug', userId: 'bob' },
        { paperId: 'gone', userId: 'cy' },
      ],
      byId,
    );
    expect(tally).toEqual(new Map([['2501.00001', 2]]));
  });
});
