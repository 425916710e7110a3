// Everything a command handler may use, built once at start-up by src/bootstrap.ts.
import type { Config } from './config.js';
import type { Corpus } from './corpus/corpus.js';
import type { Logger } from './logger.js';
import type { SearchEngine } from './search/types.js';
import type { DailyService } from './daily/types.js';

export interface Context {
  config: Config;
  corpus: Corpus;
  search: SearchEngine;
  logger: Logger;
  /** Null when no state store is open (e.g. the read-only CLI). */
  daily: DailyService | null;
  /** Injectable clock: tests move time; production uses the wall clock. */
  now(): Date;
  startedAt: Date;
  version: string;
}
