// The server's ▲ votes, as the weekly digest needs them: counts per paper for one server. The votes
// feature owns its table; this small interface is all the digest depends on, so either side can change
// its storage without the other (bootstrap adapts the votes service to it). Without one, the digest ranks
// by HF upvotes alone.
export interface ServerVotes {
  /** Votes per paper id in this server (absent = 0), covering at least the given papers. */
  counts(guildId: string, paperIds: readonly string[]): ReadonlyMap<string, number>;
}

export const NO_VOTES: ServerVotes = { counts: () => new Map() };
