// How a search snapshot is laid out in the store's rows (schema migration 6): the bytes cut into rows of
// SNAPSHOT_CHUNK_BYTES, seq 0, 1, ... A store from before it holds one blob in `snapshots`, still read.
// One reader and one writer for every connection that touches them: the corpus store here, and the
// snapshot reader and writer threads, which are plain JavaScript with no module loader and get these
// functions as source text (fn.toString()). So each is self-contained: it uses only its parameters and
// JavaScript's globals, and declares no inner functions (a TypeScript loader would wrap those in helpers).
// The caller runs each inside one transaction.
import type Database from 'better-sqlite3';
import type { STORE_SQL } from './store-schema.js';

type Sql = typeof STORE_SQL;

/** The snapshot of `revision` for `engineVersion`, whole, or undefined when there is none or its rows are not what one write leaves. */
export function readSnapshotRows(db: Database.Database, sql: Sql, revision: number, engineVersion: string): Buffer | undefined {
  const head = db.prepare(sql.snapshotChunkBytes).get(revision, engineVersion) as { chunks: number; n: number | null } | undefined;
  if (!head || head.chunks === 0) return (db.prepare(sql.snapshotRead).get(revision, engineVersion) as { blob: Buffer } | undefined)?.blob;
  // Copied row by row into one buffer: the whole snapshot exists once, plus one row.
  const out = Buffer.allocUnsafeSlow(head.n ?? 0);
  let at = 0;
  let seq = 0;
  for (const row of db.prepare(sql.snapshotChunks).iterate(revision, engineVersion) as Iterable<{ seq: number; bytes: Buffer }>) {
    if (row.seq !== seq++ || at + row.bytes.length > out.length) return undefined;
    at += row.bytes.copy(out, at);
  }
  return at === out.length ? out : undefined;
}

/** Replaces whatever snapshot the store holds with `blob` for `revision` (the caller checked the revision, in the same transaction). */
export function writeSnapshotRows(db: Database.Database, sql: Sql, chunkBytes: number, revision: number, engineVersion: string, blob: Buffer, createdAt: string): void {
  db.prepare(sql.snapshotClear).run();
  db.prepare(sql.snapshotChunksClear).run();
  // SQLite copies a bound blob whole twice (the bind, then the record): one row's bytes at a time, not the snapshot's.
  const insert = db.prepare(sql.snapshotChunkInsert);
  for (let seq = 0; seq * chunkBytes < blob.length || seq === 0; seq++) {
    insert.run(revision, engineVersion, seq, blob.subarray(seq * chunkBytes, (seq + 1) * chunkBytes), createdAt);
  }
}
