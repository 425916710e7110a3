// Builds the Context every front door shares: corpus -> search index -> engine, plus the SQLite-backed
// daily service. Start-up problems surface as one clear message (a StartupError), never a stack trace.
import type { REST } from 'discord.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import type { Corpus } from './corpus/corpus.js';
import { loadCorpus } from './corpus/load.js';
import type { Logger } from './logger.js';
import { createSearchEngine } from './search/engine.js';
import { loadOrBuildIndex } from './search/index.js';
import type { SearchEngine } from './search/types.js';
import { readFileSync } from 'node:fs';
import { databasePath, openDatabase } from './store/db.js';
import { createDailyService, type DailyServiceDeps } from './daily/service.js';
import { createDiscordPoster } from './daily/discord-poster.js';

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Loads the corpus and its search index (rebuilt with a warning when missing, stale or unreadable). */
export function openSearch(corpusDir: string, warn: (msg: string) => void): { corpus: Corpus; search: SearchEngine } {
  const corpus = loadCorpus(corpusDir, warn);
  const index = loadOrBuildIndex(corpus, corpusDir, warn);
  return { corpus, search: createSearchEngine(corpus, { index }) };
}

export interface AppContext {
  ctx: Context;
  /** Starts daily picks (scheduling, catch-up, reconcile) posting through this REST client. */
  startDaily(rest: REST): Promise<void>;
  /** Cancels jobs and waits briefly for a post in flight (it resumes with the same nonces next start). */
  stopDaily(): Promise<void>;
  close(): void;
}

export interface CreateContextOptions {
  now?: () => Date;
  /** State database file (default DATA_DIR/paperboy.sqlite). */
  databaseFile?: string;
  /** Test seams for the daily service (scheduler, sleep, retry policy). */
  daily?: Pick<DailyServiceDeps, 'scheduler' | 'sleep' | 'retry'>;
}

export async function createContext(config: Config, logger: Logger, opts: CreateContextOptions = {}): Promise<AppContext> {
  const now = opts.now ?? (() => new Date());
  let opened: ReturnType<typeof openSearch>;
  try {
    opened = openSearch(config.corpusDir, (msg) => logger.warn(msg));
  } catch (err) {
    throw new StartupError(err instanceof Error ? err.message : String(err));
  }
  const { corpus, search } = opened;
  search.warmUp();
  logger.info({ papers: corpus.papers.length, topics: corpus.topics.length }, 'corpus loaded');
  const db = openDatabase(opts.databaseFile ?? databasePath(config.dataDir));
  const daily = createDailyService({ db, corpus, logger, defaults: config.daily, now, ...opts.daily });
  const ctx: Context = { config, corpus, search, logger, daily, now, startedAt: now(), version: packageVersion() };
  let started = false;
  return {
    ctx,
    async startDaily(rest) {
      started = true;
      await daily.start(createDiscordPoster(rest));
    },
    async stopDaily() {
      if (started) await daily.stop(10_000);
    },
    close() {
      db.close();
    },
  };
}
