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

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Loads the corpus and its search index (rebuilt with a warning when missing, stale or unreadable). */
export function openSearch(corpusDir: string, warn: (msg: string) => void): { corpus: Corpus; search: SearchEngine } {
  const corpus = loadCorpus(corpusDir);
  const index = loadOrBuildIndex(corpus, corpusDir, warn);
  return { corpus, search: createSearchEngine(corpus, { index }) };
}

export interface AppContext {
  ctx: Context;
  /** Starts daily picks (scheduling, catch-up, reconcile) posting through this REST client. */
  startDaily(rest: REST): Promise<void>;
  stopDaily(): void;
  close(): void;
}

export async function createContext(config: Config, logger: Logger, opts: { now?: () => Date }): Promise<AppContext> {
  const now = opts.now ?? (() => new Date());
  const { corpus, search } = openSearch(config.corpusDir, (msg) => logger.warn(msg));
  const ctx: Context = { config, corpus, search, logger, daily: null, now, startedAt: now(), version: packageVersion() };
  logger.info({ papers: corpus.papers.length, topics: corpus.topics.length }, 'corpus loaded');
  return {
    ctx,
    async startDaily() {},
    stopDaily() {},
    close() {},
  };
}
