// The sync inside the bot: on SYNC_SCHEDULE (croner, UTC), run the same job as `paperboy sync`, with
// each day written on a writer thread (src/store-writer.ts), then, when the store moved to a new
// revision, build that revision's view (corpus, search index, topics) and warm it in slices, and swap
// it in. The bot keeps serving the old view until the new one is complete; when Hugging Face cannot be
// reached it keeps serving and logs one warning per failure streak, not one per attempt.
import { Cron } from 'croner';
import type { CorpusView } from '../corpus-view.js';
import type { CorpusStore } from '../corpus/store.js';
import type { Logger } from '../logger.js';
import { runInSlices } from '../corpus/steps.js';
import type { SemanticModel } from '../semantic/model.js';
import { openStoreWriter } from '../store-writer.js';
import type { HfClient } from './client.js';
import { runSync, summaryLine, type SyncSummary } from './job.js';
import type { ViewRef } from './live.js';
import { onWriterThread } from './writing-target.js';

export interface BotSyncDeps {
  store: CorpusStore;
  ref: ViewRef;
  client: HfClient;
  logger: Logger;
  /**
   * Builds the view of the store's current revision (src/corpus-view.ts nextViewInSlices: in slices that
   * let interactions run in between, answered from the live view until the swap).
   */
  loadView(store: CorpusStore): CorpusView | Promise<CorpusView>;
  /** Cron expression (UTC); null: no schedule (runNow still works). */
  schedule: string | null;
  now?: () => Date;
  /** Called after the live view moved to a new revision (a sync here, or reload()): watches deliver from it. */
  onSwap?: () => void;
}

export interface BotSync {
  /** Runs a sync now (joins the one in progress, if any). Never throws: failures are logged and returned. */
  runNow(): Promise<SyncSummary | { error: string }>;
  start(): void;
  /** Stops the schedule and waits for a sync in progress. */
  stop(): Promise<void>;
  /** Set by start() when scheduled. */
  nextRunAt(): Date | null;
  /**
   * Swaps in the store's current revision when another process (the shard that syncs, an import) wrote a
   * newer one; returns whether there was one (the swap itself completes in the background; a failure is
   * logged). Never fetches.
   */
  reload(): boolean;
  /**
   * Swaps in the live revision ranked with another semantic model (a retrained one), in the same queue
   * as the revision swaps, so neither undoes the other: the engine is rebuilt in slices around the same
   * index, then swapped in one assignment. Interactions in flight keep the view, and model, they started with.
   */
  swapSemantic(model: SemanticModel): Promise<void>;
}

/** When the cursor last recorded a day: the last successful sync before this process started. */
export function lastSyncedAt(store: Pick<CorpusStore, 'syncDays'>): Date | null {
  const times = store.syncDays().map((d) => Date.parse(d.syncedAt)).filter((t) => !Number.isNaN(t));
  return times.length ? new Date(Math.max(...times)) : null;
}

/** Checks SYNC_SCHEDULE with croner itself (config only checks its shape, to keep croner out of the CLI). */
export function checkSchedule(schedule: string): void {
  try {
    new Cron(schedule, { timezone: 'UTC', paused: true }).stop();
  } catch (err) {
    throw new Error(`SYNC_SCHEDULE "${schedule}" is not a valid cron expression (${(err as Error).message}); e.g. "17 * * * *", or off`, { cause: err });
  }
}

export function createBotSync(deps: BotSyncDeps): BotSync {
  if (deps.schedule !== null) checkSchedule(deps.schedule);
  const log = deps.logger.child({ component: 'sync' });
  const now = deps.now ?? (() => new Date());
  let running: Promise<SyncSummary | { error: string }> | null = null;
  let failing = false;
  let job: Cron | null = null;
  // stop() aborts a sync waiting on Hugging Face (backoff, Retry-After) instead of waiting it out.
  const shutdown = new AbortController();

  function failed(reason: string): void {
    if (!failing) log.warn({ reason }, 'sync failed; still serving the current corpus (logged once until a sync succeeds)');
    else log.debug({ reason }, 'sync failed again');
    failing = true;
  }

  // One swap at a time: a second one (a reload during a sync's swap) starts from the view the first swapped in.
  let swaps: Promise<void> = Promise.resolve();

  function enqueue(swap: () => Promise<void>): Promise<void> {
    const done = swaps.then(swap);
    swaps = done.catch(() => undefined);
    return done;
  }

  function swapSemantic(model: SemanticModel): Promise<void> {
    return enqueue(async () => {
      const started = performance.now();
      const current = deps.ref.current();
      const search = await runInSlices(current.search.withSemanticSteps(model), { label: 'semantic swap' });
      deps.ref.swap({ corpus: current.corpus, search });
      void search.warmUp().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'warm-up after the model swap failed; its tables are built on first use'));
      log.info({ revision: current.corpus.revision, trainedOn: model.header.corpus.revision ?? null, terms: model.size, ms: Math.round(performance.now() - started) }, 'retrained semantic model is live');
    });
  }

  function swapToStore(): Promise<void> {
    const swap = async () => {
      const started = performance.now();
      const view = await deps.loadView(deps.store);
      if (view === deps.ref.current()) return;
      // One assignment: an interaction pinned the old view keeps it; the next one sees only the new view.
      // Swapped as soon as it can search (issue 9: a new day searchable within 1 s of the response); warming
      // it first in slices took 0.8-0.9 s at ~9k papers (bench:sync). Autocomplete, typo and /similar
      // tables are then warmed in slices; one asked for before that builds its own on first use.
      deps.ref.swap(view);
      void view.search.warmUp().catch((err: unknown) => log.warn({ err: (err as Error).message }, 'warm-up of the new revision failed; its tables are built on first use'));
      log.info({ revision: view.corpus.revision, papers: view.corpus.papers.length, ms: Math.round(performance.now() - started) }, 'new corpus revision is live');
      deps.onSwap?.();
    };
    return enqueue(swap);
  }

  function swapFailed(err: unknown): void {
    log.warn({ err: (err as Error).message }, 'could not load the new corpus revision; still serving the current one');
  }

  async function once(): Promise<SyncSummary | { error: string }> {
    let summary: SyncSummary;
    // Each page's parse and each day's write on a writer thread (src/store-writer.ts), started now, while the first day is fetched.
    const writer = openStoreWriter(deps.store.file);
    const { store, client } = onWriterThread(deps.store, deps.client, writer, (message) => log.warn(message));
    try {
      summary = await runSync({ client, store, today: now().toISOString().slice(0, 10), signal: shutdown.signal });
    } catch (err) {
      // Not the API (that is in summary.error): the store busy with a long import, or shutdown. Try next time.
      if (shutdown.signal.aborted) return { error: 'stopped' };
      const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      failed(reason);
      return { error: reason };
    } finally {
      // Before the swap: the thread's memory is given back before the next view is built.
      await writer.close();
    }
    if (summary.error) failed(summary.error);
    else {
      if (failing) log.info('sync succeeded again');
      failing = false;
      deps.ref.markSynced(now());
    }
    if (summary.revision !== deps.ref.current().corpus.revision) {
      await swapToStore().catch(swapFailed);
    }
    log.info(summaryLine(summary));
    return summary;
  }

  return {
    swapSemantic,
    reload() {
      if (deps.store.revision() === deps.ref.current().corpus.revision) return false;
      void swapToStore().catch(swapFailed);
      return true;
    },
    runNow() {
      if (shutdown.signal.aborted) return Promise.resolve({ error: 'stopped' });
      running ??= once().finally(() => {
        running = null;
      });
      return running;
    },
    start() {
      if (deps.schedule === null || job) return;
      job = new Cron(deps.schedule, { timezone: 'UTC', protect: true }, () => void this.runNow());
      log.info({ schedule: deps.schedule, next: job.nextRun()?.toISOString() }, 'sync scheduled');
    },
    async stop() {
      job?.stop();
      job = null;
      shutdown.abort();
      await running?.catch(() => undefined);
    },
    nextRunAt: () => job?.nextRun() ?? null,
  };
}
