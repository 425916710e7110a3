// The server's ▲ votes, as the weekly digest needs them: counts per paper for one server. The votes
// feature owns its table; this small interface is all the digest depends on, so either side can change
// its storage without the other. Until a votes store is wired in, the digest ranks by HF upvotes alone.
import type { Db } from '../store/db.js';

export interface ServerVotes {
  /** Votes per paper id in this server (absent = 0), for the given papers only. */
  counts(guildId: string, paperIds: readonly string[]): ReadonlyMap<string, number>;
}

export const NO_VOTES: ServerVotes = { counts: () => new Map() };

/** Table names the votes feature may use; each row is one user's vote for one paper in one server. */
const CANDIDATE_TABLES = ['paper_votes', 'votes'];

/**
 * Reads vote counts straight from the state database when it holds a votes table with `guild_id` and
 * `paper_id` columns (one row per vote); NO_VOTES otherwise. A stop-gap until the votes feature exports
 * its own repository (pass that as `votes` to the weekly service instead).
 */
export function votesFromDatabase(db: Db): ServerVotes {
  for (const table of CANDIDATE_TABLES) {
    const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
    const names = new Set(columns.map((c) => c.name));
    if (!names.has('guild_id') || !names.has('paper_id')) continue;
    // Table name from the fixed list above, never from input.
    const stmt = db.prepare(`SELECT paper_id, COUNT(*) AS n FROM ${table} WHERE guild_id = ? AND paper_id IN (SELECT value FROM json_each(?)) GROUP BY paper_id`);
    return {
      counts(guildId, paperIds) {
        if (paperIds.length === 0) return new Map();
        const rows = stmt.all(guildId, JSON.stringify(paperIds)) as { paper_id: string; n: number }[];
        return new Map(rows.map((r) => [r.paper_id, r.n]));
      },
    };
  }
  return NO_VOTES;
}
