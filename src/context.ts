// Everything a command handler may use, built once at start-up by src/bootstrap.ts.
import type { Config } from './config.js';
import type { Corpus } from './corpus/corpus.js';
import type { Logger } from './logger.js';
import type { SearchEngine } from './search/types.js';
import type { ViewRef } from './sync/live.js';
import type { DailyService } from './daily/types.js';
import type { WatchService } from './watch/types.js';
import type { VoteService } from './votes/service.js';
import type { WeeklyService } from './daily/weekly-service.js';

export interface Context {
  config: Config;
  /** The corpus and search engine of one revision. With `live`, the dispatcher pins them per interaction. */
  corpus: Corpus;
  search: SearchEngine;
  /** The bot's live view, swapped by the in-process sync; absent where nothing syncs (CLI, tests). */
  live?: ViewRef;
  logger: Logger;
  /** Null when no state store is open (e.g. the read-only CLI). */
  daily: DailyService | null;
  /** Server votes (the ▲ button, /top); absent where no state store is open. */
  votes?: VoteService;
  /** /watch's store and delivery; absent where no state store is open (the CLI, most specs). */
  watches?: WatchService | null;
  /** The weekly digest; absent or null where no state store is open. */
  weekly?: WeeklyService | null;
  /** Injectable clock: tests move time; production uses the wall clock. */
  now(): Date;
  startedAt: Date;
  version: string;
}

/**
 * The context one interaction runs with: the live view read once, at its start, so the whole
 * interaction (search, cards, follow-up lookups) sees one revision even if a sync swaps the view meanwhile.
 */
export function pinView(ctx: Context): Context {
  if (!ctx.live) return ctx;
  const { corpus, search } = ctx.live.current();
  return corpus === ctx.corpus && search === ctx.search ? ctx : { ...ctx, corpus, search };
}
