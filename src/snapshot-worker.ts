// Writes a revision's search snapshot on a worker thread, so the bot's event loop never pays for it:
// compacting and encoding the index of 10k papers and writing ~16 MiB to SQLite takes about a second.
// The main thread hands over the snapshot its index's base was decoded from (one buffer copy) and the
// few things that changed since (the delta's documents, the base papers no longer there); the worker
// rebuilds the very same index from them, encodes it and stores it through its own store connection.
import { parentPort, workerData } from 'node:worker_threads';
import { openCorpusStore } from './corpus/store.js';
import { decodeSnapshot, encodeSnapshot, ENGINE_VERSION, type IndexDoc } from './search/index.js';

export interface SnapshotJob {
  file: string;
  seedDir: string;
  /** The revision and corpus hash the snapshot is for. */
  revision: number;
  hash: string;
  /** The snapshot the live index's base was decoded from (or encoded into), and that corpus's hash and ids. */
  baseBlob: Uint8Array;
  baseHash: string;
  baseIds: string[];
  /** The live index's delta: its documents in order, and the base papers it dropped or replaced. */
  deltaDocs: IndexDoc[];
  removed: string[];
}

/** Rebuilds the live index from the job and stores its snapshot; false when the store moved on. */
export function writeSnapshotJob(job: SnapshotJob): boolean {
  const base = decodeSnapshot(Buffer.from(job.baseBlob.buffer, job.baseBlob.byteOffset, job.baseBlob.byteLength), { hash: job.baseHash, papers: job.baseIds.map((id) => ({ id })) as never });
  const index = base.withChanges(job.deltaDocs, job.removed);
  const store = openCorpusStore(job.file, { seedDir: job.seedDir });
  try {
    return store.writeSnapshot(job.revision, ENGINE_VERSION, encodeSnapshot(index, { hash: job.hash }));
  } finally {
    store.close();
  }
}

if (parentPort && (workerData as { snapshotJob?: boolean } | undefined)?.snapshotJob) {
  const port = parentPort;
  port.once('message', (job: SnapshotJob) => {
    try {
      port.postMessage({ ok: writeSnapshotJob(job) });
    } catch (err) {
      port.postMessage({ error: (err as Error).message });
    }
  });
}
