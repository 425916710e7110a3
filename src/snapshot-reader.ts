// Reads the stored search snapshot of the store's current revision on a worker thread while the main
// thread reads the papers: at 100k papers these are the two big reads of a start (~150 MB of snapshot,
// ~30 MB of paper fields), and on two cores they overlap instead of queueing. Like the snapshot writer
// (src/snapshot-worker.ts), the worker is plain JavaScript loading only better-sqlite3 and running the
// store's own statements (STORE_SQL) and row layout (src/corpus/snapshot-rows.ts); the bytes are moved to the main thread, not copied. Anything
// unexpected settles with undefined, and the caller reads the snapshot itself (which reports a real
// problem the usual way).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { STORE_SQL } from './corpus/store-schema.js';
import { readSnapshotRows } from './corpus/snapshot-rows.js';

export interface EarlySnapshot {
  /** The revision the store was at when the worker read it. */
  revision: number;
  blob: Buffer;
}

function workerSource(sqlite: string): string {
  return `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(${JSON.stringify(sqlite)});
const SQL = ${JSON.stringify(STORE_SQL)};
const readSnapshotRows = ${readSnapshotRows.toString()};
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  db.pragma('cache_size = -2000'); // each page is read once
  const found = db.transaction(() => {
    const row = db.prepare(SQL.revision).get();
    const revision = Number(row ? row.value : 0);
    const blob = readSnapshotRows(db, SQL, revision, workerData.engineVersion);
    return blob ? { revision, blob } : undefined;
  })();
  if (!found) parentPort.postMessage(undefined);
  else {
    const b = found.blob;
    const own = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : Buffer.from(b);
    parentPort.postMessage({ revision: found.revision, blob: own }, [own.buffer]);
  }
} catch {
  parentPort.postMessage(undefined);
} finally {
  if (db) db.close();
}`;
}

/** The snapshot of the store's current revision for this engine version, read on a worker thread; undefined when there is none or it failed. */
export function readSnapshotOnWorker(file: string, engineVersion: string): Promise<EarlySnapshot | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerSource(createRequire(import.meta.url).resolve('better-sqlite3')), { eval: true, workerData: { file, engineVersion } });
    } catch {
      resolve(undefined);
      return;
    }
    worker.unref();
    worker.once('message', (result: { revision: number; blob: Uint8Array } | undefined) => {
      void worker.terminate();
      resolve(result && { revision: result.revision, blob: Buffer.from(result.blob.buffer, result.blob.byteOffset, result.blob.byteLength) });
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
