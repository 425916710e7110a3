// Builds the Context the bot and the console share: the corpus store and a search engine over its
// current revision (src/corpus-view.ts), plus the SQLite-backed daily service. Start-up problems
// surface as one clear message (a StartupError), never a stack trace. The CLI's read commands do
// not come through here: they need neither the daily machinery nor discord.js.
import type { REST } from 'discord.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import type { CorpusStore } from './corpus/store.js';
import type { Logger } from './logger.js';
import { loadIndex, nextViewInSlices, openStore, snapshotCodec, type CorpusView } from './corpus-view.js';
import { createSearchEngine } from './search/engine.js';
import { defaultSemanticError, useTrainedModelsIn } from './semantic/default.js';
import { readSnapshotOnWorker } from './snapshot-reader.js';
import { databasePath, openDatabase } from './store/db.js';
import { createDailyService, type DailyServiceDeps } from './daily/service.js';
import { createDiscordPoster } from './daily/discord-poster.js';
import { createWeeklyService, type WeeklyServiceDeps } from './daily/weekly-service.js';
import { createViewRef } from './sync/live.js';
import { createBotSync, lastSyncedAt, type BotSync } from './sync/bot-sync.js';
import { createSemanticRefresh, type SemanticRefresh, type SemanticRefreshDeps } from './sync/semantic-refresh.js';
import { createHfClient, userAgent } from './sync/client.js';
import { createWatchService, type WatchServiceDeps } from './watch/service.js';
import { createWatchPoster } from './watch/discord-poster.js';
import { createVoteService } from './votes/service.js';

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export { packageVersion } from './version.js';
import { packageVersion } from './version.js';

export interface AppContext {
  ctx: Context;
  /** The corpus store, open for the life of the process (a sync writes and reloads through it). */
  corpusStore: CorpusStore;
  /** The in-process sync (SYNC_SCHEDULE); started by startSync, run on demand by runNow. */
  sync: BotSync;
  /** Retrains the semantic model in the background as the corpus grows (SEMANTIC_RETRAIN), or takes one another process wrote. */
  semantic: SemanticRefresh;
  /** Schedules the sync (nothing when SYNC_SCHEDULE=off) and lets this process retrain the semantic model. */
  startSync(): void;
  /** Builds what can wait until after login (the similarity model), off the start-up path. */
  warmUpLater(): void;
  /** Starts daily picks and the weekly digest (scheduling, catch-up, reconcile) posting through this REST client. */
  startDaily(rest: REST): Promise<void>;
  /** Cancels jobs and waits briefly for a post in flight (it resumes with the same nonces next start). */
  stopDaily(): Promise<void>;
  /** Starts watch deliveries through this REST client: catches up what a crash missed, then follows every new revision. */
  startWatches(rest: REST): Promise<void>;
  /** Stops deliveries; a message in flight resumes, with the same nonce, next start. */
  stopWatches(): Promise<void>;
  /** Waits (at most timeoutMs) for the search snapshots still being written after a swap; each is one transaction, so giving up loses nothing. */
  settleWrites(timeoutMs: number): Promise<void>;
  close(): void;
}

export interface CreateContextOptions {
  now?: () => Date;
  /** State database file (default DATA_DIR/paperboy.sqlite). */
  databaseFile?: string;
  /** Test seam for the background retrain: small training options. */
  semantic?: Pick<SemanticRefreshDeps, 'trainOptions'>;
  /** Test seams for the daily service (scheduler, sleep, retry policy); ownsGuild limits it to this shard's guilds. */
  daily?: Pick<DailyServiceDeps, 'scheduler' | 'sleep' | 'retry' | 'ownsGuild'>;
  /** The same seams for the weekly digest (ownsGuild defaults to the daily one). */
  weekly?: Pick<WeeklyServiceDeps, 'scheduler' | 'sleep' | 'retry' | 'ownsGuild' | 'votes'>;
  /** The same for watches; ownsGuild/deliversDms limit deliveries to this shard's servers (DMs: shard 0). */
  watches?: Pick<WatchServiceDeps, 'sleep' | 'retry' | 'ownsGuild' | 'deliversDms'>;
}

/** Snapshots at least this big are read on a worker thread at start (see loadViewAlongside). */
const WORKER_SNAPSHOT_BYTES = 48 * 2 ** 20;

/**
 * The view of the store's current revision, as loadView makes it, with the search snapshot read on a
 * worker thread while this thread reads the papers (src/snapshot-reader.ts). A snapshot of another
 * revision (a writer got in between) or one that does not decode is left to loadIndex, which reads,
 * rebuilds or warns as usual.
 */
async function loadViewAlongside(store: CorpusStore, warn: (msg: string) => void): Promise<CorpusView> {
  // A worker costs ~0.1 s of CPU to start: worth it only for a big snapshot (16 MiB at 9k papers, ~150 at 100k).
  const big = (store.snapshotBytes(store.revision(), snapshotCodec.version) ?? 0) >= WORKER_SNAPSHOT_BYTES;
  const early = big ? readSnapshotOnWorker(store.file, snapshotCodec.version) : undefined;
  const corpus = store.loadCorpus();
  const snapshot = early && (await early);
  let index: ReturnType<typeof loadIndex> | undefined;
  if (snapshot && snapshot.revision === corpus.revision) {
    try {
      index = snapshotCodec.decode(snapshot.blob, corpus);
    } catch {
      index = undefined; // loadIndex reads it again and says why it cannot be used
    }
  }
  index ??= loadIndex(store, corpus, warn);
  return { corpus, search: createSearchEngine(corpus, { index }) };
}

export async function createContext(config: Config, logger: Logger, opts: CreateContextOptions = {}): Promise<AppContext> {
  const now = opts.now ?? (() => new Date());
  const warn = (msg: string) => logger.warn(msg);
  // Search ranks with the newest model retrained into DATA_DIR when it is usable (else the committed one).
  useTrainedModelsIn(config.dataDir, warn);
  let corpusStore: CorpusStore | undefined;
  let opened: CorpusView;
  try {
    // The bot and the console keep the store open: paper rows are read when first shown, not at start.
    corpusStore = openStore(config, warn, { rowTextOnDemand: true });
    opened = await loadViewAlongside(corpusStore, warn);
  } catch (err) {
    corpusStore?.close();
    throw new StartupError(err instanceof Error ? err.message : String(err));
  }
  const { corpus, search } = opened;
  logger.info({ papers: corpus.papers.length, topics: corpus.topics.length }, 'corpus loaded');
  // The engine falls back to words only when the committed model is missing or damaged: say so once.
  const semanticProblem = defaultSemanticError();
  if (semanticProblem) logger.warn({ reason: semanticProblem }, 'semantic search unavailable; searching by words only');
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(opts.databaseFile ?? databasePath(config.dataDir));
  } catch (err) {
    corpusStore.close();
    throw err;
  }
  const live = createViewRef(opened, lastSyncedAt(corpusStore));
  // The daily service reads the live view too: a post uses the revision current when it starts.
  const votes = createVoteService(db, now);
  const daily = createDailyService({ db, corpus: () => live.current().corpus, logger, defaults: config.daily, now, votes, ...opts.daily });
  const weekly = createWeeklyService({
    db, corpus: () => live.current().corpus, logger, defaults: config.daily, now,
    // The digest ranks by this server's ▲ votes (aliases included, as /top counts them).
    votes: { counts: (guildId) => votes.tally(guildId, live.current().corpus) },
    ...(opts.daily?.ownsGuild ? { ownsGuild: opts.daily.ownsGuild } : {}), ...opts.weekly,
  });
  const store0 = corpusStore;
  const watches = createWatchService({ db, view: () => live.current(), changedSince: (revision) => store0.changedSince(revision), logger, now, votes, ...opts.watches });
  const ctx: Context = { config, corpus, search, live, logger, daily, weekly, votes, watches, now, startedAt: now(), version: packageVersion() };
  // Snapshot writes run on their own thread after a swap (src/corpus-view.ts); a stop waits for them, so
  // no thread is still writing the store (its WAL and shared-memory files) once the process says it stopped.
  const snapshotWrites = new Set<Promise<void>>();
  const trackSnapshot = (write: Promise<void>) => {
    snapshotWrites.add(write);
    void write.finally(() => snapshotWrites.delete(write));
  };
  let sync: BotSync;
  let semantic: SemanticRefresh;
  try {
    sync = createBotSync({
      store: corpusStore,
      ref: live,
      client: createHfClient({ baseUrl: config.sync.hfApiBase, userAgent: userAgent(packageVersion()) }),
      logger,
      loadView: (store) => nextViewInSlices(store, live.current(), warn, { snapshotStored: trackSnapshot }),
      schedule: config.sync.schedule,
      now,
      onSwap: () => {
        void watches.onRevision();
        semantic.check(); // set below, before any swap can happen
      },
    });
    const botSync = sync;
    semantic = createSemanticRefresh({
      ref: live,
      storeFile: corpusStore.file,
      dataDir: config.dataDir,
      threshold: config.semanticRetrain,
      logger,
      swapSemantic: (model) => botSync.swapSemantic(model),
      ...opts.semantic,
    });
  } catch (err) {
    db.close();
    corpusStore.close();
    throw new StartupError(err instanceof Error ? err.message : String(err));
  }
  let started = false;
  const store = corpusStore;
  let warmUp: ReturnType<typeof setTimeout> | undefined;
  const refresh = semantic;
  return {
    ctx,
    corpusStore: store,
    sync,
    semantic: refresh,
    startSync() {
      sync.start();
      refresh.enableTraining();
      refresh.check();
    },
    warmUpLater() {
      warmUp ??= setTimeout(() => {
        const started = performance.now();
        live
          .current()
          .search.warmUp()
          .then(
            () => logger.info({ ms: Math.round(performance.now() - started) }, 'search warmed up'),
            (err: unknown) => logger.warn({ err: (err as Error).message }, 'search warm-up failed; the tables are built on first use'),
          );
      }, 0);
      warmUp.unref();
    },
    async startDaily(rest) {
      started = true;
      const poster = createDiscordPoster(rest);
      await daily.start(poster);
      await weekly.start(poster);
    },
    async stopDaily() {
      if (started) await Promise.all([daily.stop(10_000), weekly.stop(10_000)]);
    },
    async startWatches(rest) {
      await watches.start(createWatchPoster(rest));
    },
    async stopWatches() {
      await watches.stop(10_000);
    },
    async settleWrites(timeoutMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.all(snapshotWrites), timeout]);
      clearTimeout(timer);
    },
    close() {
      if (warmUp) clearTimeout(warmUp);
      db.close();
      store.close();
    },
  };
}
