// The bot sync's writer thread: each fetched page is parsed (zod) and each synced day is applied (one IMMEDIATE transaction of the corpus
// store: the day's records and its cursor entry together) on a worker thread with its own connection,
// so the bot's event loop keeps answering interactions while SQLite merges and writes, 60-100 ms for a
// day at 9k papers, and up to the busy timeout while an import holds the write lock. WAL lets the main
// connection keep reading the revision it has; the next view reads the new one once the day committed.
// A crash at any instant leaves the day either committed with its cursor entry or not applied at all
// (the next sync plans it again), exactly as when the main thread applies it: it is the same code.
//
// This one module is both the worker's program (started with workerData.storeWriter) and the main
// thread's handle to it (openStoreWriter). From source (tests, an edited checkout run through tsx) the
// worker registers tsx's loader before importing it; from a build it loads the compiled file, or its
// one-file bundle (scripts/bundle.mjs), which sits beside the bundle that starts it.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { parsePage, type PageParse } from './corpus/hf-page.js';
import type { RawRecord } from './corpus/ingest/record.js';
import { openCorpusStore, type ApplyOptions, type ApplyResult, type ApplySource, type CorpusStore } from './corpus/store.js';
import { UserError } from './errors.js';
import { lowerHelperThreads } from './thread-priority.js';

interface WriterData {
  storeWriter: true;
  file: string;
  busyTimeoutMs?: number;
}

type Request =
  | { id: number; op: 'apply'; records: readonly RawRecord[]; source: ApplySource; options: ApplyOptions }
  | { id: number; op: 'mark'; day: string; papers: number }
  | { id: number; op: 'open' }
  | { id: number; op: 'parse'; body: string; file: string }
  | { id: number; op: 'close' };

type Response = { id: number; ok: true; result?: ApplyResult; page?: PageParse } | { id: number; ok: false; message: string; user: boolean };

/** The writer thread could not start, or stopped before it answered: nothing it was asked was committed by it. */
export class StoreWriterUnavailable extends Error {
  override readonly name = 'StoreWriterUnavailable';
}

export interface StoreWriter {
  /** Settles once the thread is up and its connection open (writes queue until then anyway). */
  ready(): Promise<void>;
  /** parsePage (a Hugging Face response body -> records), on the writer thread: zod over a day's items is not cheap. */
  parsePage(body: string, file: string): Promise<PageParse>;
  /** CorpusStore.applyRecords, on the writer thread. */
  applyRecords(records: readonly RawRecord[], source: ApplySource, options?: ApplyOptions): Promise<ApplyResult>;
  /** CorpusStore.markSyncDay, on the writer thread (a commit is an fsync: not on the event loop either). */
  markSyncDay(day: string, papers?: number): Promise<void>;
  /** Closes the thread's connection and ends the thread once what was asked is answered. */
  close(): Promise<void>;
}

export interface StoreWriterOptions {
  busyTimeoutMs?: number;
}

/** The worker side: one connection, requests answered in order. */
function serve(port: NonNullable<typeof parentPort>, data: WriterData): void {
  let store: CorpusStore | undefined;
  port.on('message', (req: Request) => {
    let res: Response;
    try {
      if (req.op === 'close') {
        store?.close();
        port.postMessage({ id: req.id, ok: true } satisfies Response);
        port.close();
        return;
      }
      if (req.op === 'parse') {
        port.postMessage({ id: req.id, ok: true, page: parsePage(req.body, req.file) } satisfies Response);
        return;
      }
      // The main thread opened and prepared this store already: no seeding here (the seed folder is never read).
      store ??= openCorpusStore(data.file, { seedDir: '', prepare: false, ...(data.busyTimeoutMs !== undefined ? { busyTimeoutMs: data.busyTimeoutMs } : {}) });
      if (req.op === 'open') res = { id: req.id, ok: true };
      else if (req.op === 'apply') res = { id: req.id, ok: true, result: store.applyRecords(req.records, req.source, req.options) };
      else {
        store.markSyncDay(req.day, req.papers);
        res = { id: req.id, ok: true };
      }
    } catch (err) {
      res = { id: req.id, ok: false, message: err instanceof Error ? err.message : String(err), user: err instanceof UserError };
    }
    port.postMessage(res);
  });
}

if (!isMainThread && parentPort && (workerData as Partial<WriterData> | undefined)?.storeWriter === true) serve(parentPort, workerData as WriterData);

/**
 * The writer thread's young generation, in MiB. V8 lets a thread's young generation grow to tens of MiB
 * while it allocates (a day's parse and merge at ~9k papers); the thread lives for one sync, and each MiB it
 * grew to was part of the bot's RSS peak during the sync (~10-20 MiB less with this bound, bench/swap-memory.ts).
 * Objects that outlive it are promoted as usual: a smaller nursery means more, shorter scavenges, never a limit.
 */
const WRITER_LIMITS = { maxYoungGenerationSizeMb: 3 };

function startWorker(data: WriterData): Worker {
  const source = import.meta.url.endsWith('.ts');
  const entry = new URL(source ? './store-writer.ts' : './store-writer.js', import.meta.url);
  if (!source) return new Worker(entry, { workerData: data, resourceLimits: WRITER_LIMITS });
  // tsx's ESM API (its .mjs: the CommonJS twin require.resolve finds cannot register hooks from a worker).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true, workerData: data, resourceLimits: WRITER_LIMITS });
}

/** Starts a writer thread for the store at `file` (already opened and prepared by this process). */
export function openStoreWriter(file: string, options: StoreWriterOptions = {}): StoreWriter {
  const worker = startWorker({ storeWriter: true, file, ...(options.busyTimeoutMs !== undefined ? { busyTimeoutMs: options.busyTimeoutMs } : {}) });
  lowerHelperThreads(); // its writes must not take a core from the interactions (src/thread-priority.ts)
  const pending = new Map<number, { resolve: (r: Response) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let gone: Error | undefined;
  const fail = (err: Error) => {
    gone ??= err;
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  };
  worker.on('message', (res: Response) => {
    const p = pending.get(res.id);
    pending.delete(res.id);
    p?.resolve(res);
  });
  worker.on('error', (err) => fail(new StoreWriterUnavailable(`the store writer thread failed: ${err.message}`, { cause: err })));
  worker.on('exit', (code) => fail(new StoreWriterUnavailable(`the store writer thread exited (code ${code})`)));

  const ask = (req: Request): Promise<Response> => {
    if (gone) return Promise.reject(gone);
    return new Promise((resolve, reject) => {
      pending.set(req.id, { resolve, reject });
      worker.postMessage(req);
    });
  };
  const unwrap = (res: Response): Extract<Response, { ok: true }> => {
    if (res.ok) return res;
    throw res.user ? new UserError(res.message) : new Error(res.message);
  };

  return {
    async ready() {
      unwrap(await ask({ id: nextId++, op: 'open' }));
    },
    async parsePage(body, file) {
      return unwrap(await ask({ id: nextId++, op: 'parse', body, file })).page as PageParse;
    },
    async applyRecords(records, source, applyOptions = {}) {
      return unwrap(await ask({ id: nextId++, op: 'apply', records, source, options: applyOptions })).result as ApplyResult;
    },
    async markSyncDay(day, papers = 0) {
      unwrap(await ask({ id: nextId++, op: 'mark', day, papers }));
    },
    async close() {
      if (gone) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      try {
        await ask({ id: nextId++, op: 'close' });
      } catch {
        // It stopped already.
      }
      await exited;
    },
  };
}
