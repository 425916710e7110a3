// The votes table: one row per (server, paper, user). A press toggles that row inside one IMMEDIATE
// transaction, so presses from many users (and from several shards on one file) each land exactly once,
// and a user's second press removes their vote instead of adding another.
import { z } from 'zod';
import type { Db } from '../store/db.js';

/** Discord snowflakes and the console's pretend ids ("console"): short, no separators. */
const IdSchema = z.string().min(1).max(32);
const VoteRowSchema = z.object({ paper_id: z.string().min(1), user_id: IdSchema });
const CountRowSchema = z.object({ n: z.number().int().nonnegative() });

export interface ToggleResult {
  /** True when this press added the user's vote, false when it removed it. */
  voted: boolean;
  /** The paper's vote count in this server after the press. */
  count: number;
}

export interface VoteRepo {
  /**
   * Adds the user's vote for the paper, or removes it if they had one under any of `ids` (the paper's
   * id first, then its aliases: a vote cast under an id the paper has since outgrown still counts as theirs).
   */
  toggle(guildId: string, userId: string, ids: readonly string[], now: Date): ToggleResult;
  /** Distinct voters for one paper (under any of its ids) in this server. */
  count(guildId: string, ids: readonly string[]): number;
  /** Every (paper id, user id) vote in this server, for rankings that resolve ids to papers. */
  votesIn(guildId: string): { paperId: string; userId: string }[];
}

export function createVoteRepo(db: Db): VoteRepo {
  // json_each keeps one prepared statement for any number of ids.
  const remove = db.prepare('DELETE FROM votes WHERE guild_id = ? AND user_id = ? AND paper_id IN (SELECT value FROM json_each(?))');
  const insert = db.prepare('INSERT INTO votes (guild_id, paper_id, user_id, voted_at) VALUES (?, ?, ?, ?)');
  const countStmt = db.prepare('SELECT COUNT(DISTINCT user_id) AS n FROM votes WHERE guild_id = ? AND paper_id IN (SELECT value FROM json_each(?))');
  const allStmt = db.prepare('SELECT paper_id, user_id FROM votes WHERE guild_id = ?');

  const count = (guildId: string, ids: readonly string[]): number => CountRowSchema.parse(countStmt.get(guildId, JSON.stringify(ids))).n;

  const toggleTx = db.transaction((guildId: string, userId: string, ids: readonly string[], at: string): ToggleResult => {
    const removed = remove.run(guildId, userId, JSON.stringify(ids)).changes > 0;
    if (!removed) insert.run(guildId, ids[0], userId, at);
    return { voted: !removed, count: count(guildId, ids) };
  });

  return {
    toggle(guildId, userId, ids, now) {
      IdSchema.parse(guildId);
      IdSchema.parse(userId);
      if (ids.length === 0) throw new Error('toggle needs at least the paper id');
      // IMMEDIATE takes the write lock before reading, so two processes cannot both see "no vote" and insert.
      return toggleTx.immediate(guildId, userId, ids, now.toISOString());
    },
    count,
    votesIn(guildId) {
      return allStmt.all(guildId).map((raw) => {
        const r = VoteRowSchema.parse(raw);
        return { paperId: r.paper_id, userId: r.user_id };
      });
    },
  };
}
