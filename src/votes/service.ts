// Votes as the commands see them: papers rather than ids (a paper keeps the votes cast under ids it has
// since outgrown: its aliases), on top of the SQLite table, plus the per-message settle queue.
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import type { Db } from '../store/db.js';
import { createSettleTracker, type SettleTracker } from './settle.js';
import { createVoteRepo, type ToggleResult } from './store.js';
import { tallyVotes } from './top.js';

export type { ToggleResult } from './store.js';

export interface VoteService {
  /** The user's ▲ press: adds their vote for the paper in this server, or removes it. */
  toggle(guildId: string, userId: string, paper: Paper, corpus: Corpus): ToggleResult;
  /** This server's votes for one paper. */
  count(guildId: string, paper: Paper, corpus: Corpus): number;
  /** This server's votes for every voted paper of the corpus, by paper id. */
  tally(guildId: string, corpus: Corpus): Map<string, number>;
  readonly settles: SettleTracker;
}

const aliasCache = new WeakMap<Corpus, Map<string, string[]>>();

/** A paper's id followed by every alias that resolves to it. */
export function idsOf(paper: Paper, corpus: Corpus): string[] {
  let byPaper = aliasCache.get(corpus);
  if (!byPaper) {
    byPaper = new Map();
    for (const [alias, id] of corpus.aliases) {
      const list = byPaper.get(id);
      if (list) list.push(alias);
      else byPaper.set(id, [alias]);
    }
    aliasCache.set(corpus, byPaper);
  }
  return [paper.id, ...(byPaper.get(paper.id) ?? [])];
}

export function createVoteService(db: Db, now: () => Date = () => new Date()): VoteService {
  const repo = createVoteRepo(db);
  return {
    toggle: (guildId, userId, paper, corpus) => repo.toggle(guildId, userId, idsOf(paper, corpus), now()),
    count: (guildId, paper, corpus) => repo.count(guildId, idsOf(paper, corpus)),
    tally: (guildId, corpus) => tallyVotes(repo.votesIn(guildId), corpus.byId),
    settles: createSettleTracker(),
  };
}
