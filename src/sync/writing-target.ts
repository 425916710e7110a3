// The store and the HF client as the bot's sync uses them: reads on this thread; each page parsed and
// each day's write done on the writer thread (src/store-writer.ts), so the event loop keeps serving
// interactions during zod's pass over a day's items, the day's transaction, and while it waits for an
// import's lock. Should the thread not start or stop (a build without its file), the work is done here
// instead: the same parse and the same transaction, only on this thread, with one warning.
import { parsePage } from '../corpus/hf-page.js';
import type { CorpusStore } from '../corpus/store.js';
import { StoreWriterUnavailable, type StoreWriter } from '../store-writer.js';
import type { HfClient } from './client.js';
import type { SyncTarget } from './job.js';

export function onWriterThread(store: CorpusStore, client: HfClient, writer: StoreWriter, warn: (message: string) => void): { store: SyncTarget; client: HfClient } {
  let warned = false;
  const here = <T>(err: unknown, work: () => T): T => {
    if (!(err instanceof StoreWriterUnavailable)) throw err;
    if (!warned) warn(`${err.message}; parsing and applying synced days on the main thread`);
    warned = true;
    return work();
  };
  const parse = (body: string, file: string) => writer.parsePage(body, file).catch((err: unknown) => here(err, () => parsePage(body, file)));
  return {
    store: {
      syncDays: () => store.syncDays(),
      revision: () => store.revision(),
      applyRecords: (records, source, options) => writer.applyRecords(records, source, options).catch((err: unknown) => here(err, () => store.applyRecords(records, source, options))),
      markSyncDay: (day, papers) => writer.markSyncDay(day, papers).catch((err: unknown) => here(err, () => store.markSyncDay(day, papers))),
    },
    client: { baseUrl: client.baseUrl, fetchDay: (date, signal) => client.fetchDay(date, signal, { parse }) },
  };
}
