// Writes a revision's search snapshot on a worker thread, so the bot's event loop never pays for the
// write: storing ~16 MiB in SQLite at 10k papers takes 0.2-0.6 s on this machine. The main thread
// encodes the snapshot in slices (src/corpus-view.ts) and moves the bytes here (no copy). They are stored
// as rows of SNAPSHOT_CHUNK_BYTES (schema migration 6) in one transaction that first checks the store is
// still at the snapshot's revision: a crash at any instant leaves the previous snapshot or this one, never
// a mix. One blob would be copied whole by SQLite twice (the bind, then the record): 2 x 16 MiB on top of
// the encoded bytes, the largest part of the bot's memory peak during a sync's swap (bench/swap-memory.ts).
// Streaming the encoding to this thread in pieces was tried and measured worse: the bytes are then never
// whole, but the pieces' buffers, a few hundred KiB each, stay in the main thread's malloc arena as RSS
// (+15-20 MiB after two syncs), while one 16 MiB buffer is mapped and unmapped whole.
// The worker is plain JavaScript that loads only better-sqlite3 and runs the store's own statements
// (STORE_SQL) and row layout (src/corpus/snapshot-rows.ts): no TypeScript loader and none of our modules, so it costs a bare isolate (~10 MiB).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SNAPSHOT_CHUNK_BYTES, STORE_SQL } from './corpus/store-schema.js';
import { writeSnapshotRows } from './corpus/snapshot-rows.js';
import { lowerHelperThreads } from './thread-priority.js';

export interface SnapshotJob {
  file: string;
  /** The revision the snapshot is for (not written when the store has moved on). */
  revision: number;
  engineVersion: string;
  createdAt: string;
  /** The encoded snapshot (src/search/snapshot.ts encodeSnapshot); moved to the worker. */
  blob: Uint8Array;
}

/** The worker's program: one job, answered with { ok } (false: the store moved on or was busy) or { error }. */
function workerSource(sqlite: string): string {
  return `
const { parentPort } = require('node:worker_threads');
const Database = require(${JSON.stringify(sqlite)});
const SQL = ${JSON.stringify(STORE_SQL)};
const CHUNK = ${SNAPSHOT_CHUNK_BYTES};
const writeSnapshotRows = ${writeSnapshotRows.toString()};
parentPort.once('message', (job) => {
  let db;
  try {
    db = new Database(job.file, { timeout: 0 }); // a snapshot is an optimisation: skip it rather than wait for a writer
    const write = db.transaction(() => {
      const row = db.prepare(SQL.revision).get();
      if (Number(row ? row.value : 0) !== job.revision) return false;
      const blob = Buffer.from(job.blob.buffer, job.blob.byteOffset, job.blob.byteLength);
      writeSnapshotRows(db, SQL, CHUNK, job.revision, job.engineVersion, blob, job.createdAt);
      return true;
    });
    parentPort.postMessage({ ok: write.immediate() });
  } catch (err) {
    parentPort.postMessage(/^SQLITE_BUSY/.test(err.code || '') ? { ok: false } : { error: String(err.message) });
  } finally {
    if (db) db.close();
  }
});`;
}

/** Writes the job's snapshot on a worker thread; settles with whether it was stored (false: the store moved on or was busy). */
export function writeSnapshotOnWorker(job: SnapshotJob): Promise<boolean> {
  const worker = new Worker(workerSource(createRequire(import.meta.url).resolve('better-sqlite3')), { eval: true });
  worker.unref(); // a snapshot is an optimisation: it never keeps the process alive
  lowerHelperThreads(); // nor takes a core from the interactions (src/thread-priority.ts)
  return new Promise((resolve, reject) => {
    worker.once('message', (result: { ok?: boolean; error?: string }) => {
      void worker.terminate();
      if (result.error !== undefined) reject(new Error(result.error));
      else resolve(result.ok === true);
    });
    worker.once('error', reject);
    worker.postMessage(job, [job.blob.buffer as ArrayBuffer]);
  });
}
