// /top's ranking, pure: the papers of a period (by the day Hugging Face listed them, else their date),
// ordered by this server's votes, then Hugging Face upvotes, then the newer paper, then id.
import type { Paper } from '../corpus/schema.js';

export const TOP_PERIODS = ['week', 'month', 'all'] as const;
export type TopPeriod = (typeof TOP_PERIODS)[number];

/** How far back each period reaches, in days, counting today. */
export const PERIOD_DAYS: Record<Exclude<TopPeriod, 'all'>, number> = { week: 7, month: 30 };

export interface TopEntry {
  paper: Paper;
  /** This server's votes. */
  votes: number;
}

/** The day a paper arrived: its HF listing day (what "this week's papers" means on HF), else its publication date. */
export function paperDay(paper: Paper): string | undefined {
  return paper.listedAt ?? paper.publishedAt;
}

/** First day (YYYY-MM-DD, UTC) inside the period ending `now`; null for all time. */
export function periodStart(period: TopPeriod, now: Date): string | null {
  if (period === 'all') return null;
  const start = new Date(now.getTime() - (PERIOD_DAYS[period] - 1) * 86_400_000);
  return start.toISOString().slice(0, 10);
}

/**
 * Tallies votes per paper: each stored id is resolved to today's paper (an old id is an alias), and a
 * user counts once per paper even if their vote sits under two of its ids. Votes for papers no longer
 * in the corpus are left out.
 */
export function tallyVotes(votes: Iterable<{ paperId: string; userId: string }>, byId: ReadonlyMap<string, Paper>): Map<string, number> {
  const voters = new Map<string, Set<string>>();
  for (const v of votes) {
    const paper = byId.get(v.paperId);
    if (!paper) continue;
    let set = voters.get(paper.id);
    if (!set) voters.set(paper.id, (set = new Set()));
    set.add(v.userId);
  }
  return new Map([...voters].map(([id, users]) => [id, users.size]));
}

function compare(a: TopEntry, b: TopEntry): number {
  return (
    b.votes - a.votes ||
    (b.paper.upvotes ?? 0) - (a.paper.upvotes ?? 0) ||
    (paperDay(b.paper) ?? '').localeCompare(paperDay(a.paper) ?? '') ||
    a.paper.id.localeCompare(b.paper.id)
  );
}

export interface TopOptions {
  period: TopPeriod;
  now: Date;
  limit: number;
}

/** The best `limit` papers of the period among `papers` (already filtered by topic if one was asked for). */
export function rankTop(papers: readonly Paper[], votes: ReadonlyMap<string, number>, opts: TopOptions): TopEntry[] {
  const from = periodStart(opts.period, opts.now);
  const today = opts.now.toISOString().slice(0, 10);
  const inPeriod = (p: Paper) => {
    if (from === null) return true;
    const day = paperDay(p);
    return day !== undefined && day >= from && day <= today;
  };
  return papers
    .filter(inPeriod)
    .map((paper) => ({ paper, votes: votes.get(paper.id) ?? 0 }))
    .sort(compare)
    .slice(0, opts.limit);
}
