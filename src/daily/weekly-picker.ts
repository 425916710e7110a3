// The week's best papers for a server. Pure: the same papers, week and votes always give the same list.
//
// Ranking: the server's own ▲ votes first (this community's judgement is what a server digest is for),
// then Hugging Face upvotes (the wider community's), then a code link, then id for a stable order. The
// same order /top uses, so the digest and the leaderboard never disagree about a week.
import { paperDay } from '../chart/stats.js';
import type { Paper } from '../corpus/schema.js';

export interface WeeklyPick {
  paper: Paper;
  votes: number;
}

/** Papers whose listing day (else publication day) falls on one of `days`. */
export function papersOfWeek(pool: readonly Paper[], days: readonly string[]): Paper[] {
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return [];
  return pool.filter((p) => {
    const d = paperDay(p);
    return d !== undefined && d >= first && d <= last;
  });
}

export function rankWeek(papers: readonly Paper[], votes: ReadonlyMap<string, number>): WeeklyPick[] {
  return papers
    .map((paper) => ({ paper, votes: votes.get(paper.id) ?? 0 }))
    .sort(
      (a, b) =>
        b.votes - a.votes ||
        (b.paper.upvotes ?? 0) - (a.paper.upvotes ?? 0) ||
        Number(b.paper.codeLinks.length > 0) - Number(a.paper.codeLinks.length > 0) ||
        (a.paper.id < b.paper.id ? -1 : a.paper.id > b.paper.id ? 1 : 0),
    );
}
