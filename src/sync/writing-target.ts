// The store as the bot's sync writes it: reads on this thread, each day's write on the writer thread
// (src/store-writer.ts), so the event loop keeps serving interactions during the day's transaction and
// while it waits for an import's lock. Should the thread not start or stop (a build without its file),
// a day is applied here instead: the same transaction, only on this thread, with one warning.
import type { CorpusStore } from '../corpus/store.js';
import { StoreWriterUnavailable, type StoreWriter } from '../store-writer.js';
import type { SyncTarget } from './job.js';

export function writingTarget(store: CorpusStore, writer: StoreWriter, warn: (message: string) => void): SyncTarget {
  let warned = false;
  const onThisThread = <T>(err: unknown, write: () => T): T => {
    if (!(err instanceof StoreWriterUnavailable)) throw err;
    if (!warned) warn(`${err.message}; applying synced days on the main thread`);
    warned = true;
    return write();
  };
  return {
    syncDays: () => store.syncDays(),
    revision: () => store.revision(),
    applyRecords: (records, source, options) => writer.applyRecords(records, source, options).catch((err: unknown) => onThisThread(err, () => store.applyRecords(records, source, options))),
    markSyncDay: (day, papers) => writer.markSyncDay(day, papers).catch((err: unknown) => onThisThread(err, () => store.markSyncDay(day, papers))),
  };
}
