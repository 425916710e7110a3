// Writes a revision's search snapshot on a worker thread, so the bot's event loop never pays for the
// write: storing ~16 MiB in SQLite at 10k papers takes tens of milliseconds in one statement. The main
// thread encodes the snapshot in slices (src/corpus-view.ts) and moves the bytes here (no copy); the
// worker only opens its own store connection and writes them, so it holds little beyond the blob.
import { parentPort, workerData } from 'node:worker_threads';
import { openCorpusStore } from './corpus/store.js';
import { ENGINE_VERSION } from './search/index.js';

export interface SnapshotJob {
  file: string;
  seedDir: string;
  /** The revision the snapshot is for (ignored by the store when it has moved on). */
  revision: number;
  /** The encoded snapshot (src/search/snapshot.ts encodeSnapshot). */
  blob: Uint8Array;
}

/** Stores the job's snapshot; false when the store moved on. */
export function writeSnapshotJob(job: SnapshotJob): boolean {
  const store = openCorpusStore(job.file, { seedDir: job.seedDir });
  try {
    return store.writeSnapshot(job.revision, ENGINE_VERSION, Buffer.from(job.blob.buffer, job.blob.byteOffset, job.blob.byteLength));
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
