// A revision's search snapshot is stored as rows of SNAPSHOT_CHUNK_BYTES (schema migration 6), so that
// SQLite never copies the whole ~16 MiB at once. What must hold: the bytes read back are the bytes
// written, whichever path wrote them (the store itself, the bot's snapshot writer thread) and whichever
// reads them (the store, the start-up reader thread); the rows belong to one revision and are written in
// one transaction (a process killed while writing leaves the previous snapshot or the new one, whole,
// never a mix); and a store written before migration 6, its snapshot in one blob, still loads it, until
// the next snapshot written replaces it.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadView, snapshotCodec } from '../../src/corpus-view.js';
import { SNAPSHOT_CHUNK_BYTES } from '../../src/corpus/store-schema.js';
import { encodeSnapshot } from '../../src/search/index.js';
import { readSnapshotOnWorker } from '../../src/snapshot-reader.js';
import { writeSnapshotOnWorker } from '../../src/snapshot-worker.js';
import { startKillableChild } from '../support/processes.js';
import { seededBytes } from './snapshot-support.js';
import { FIXTURE, openStoreIn, ROOT, SEED_DIR, tempDir } from './store-support.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const ENGINE = 'engine-a';
const rows = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return {
      chunks: db.prepare('SELECT revision, engine_version AS engine, seq, length(bytes) AS n FROM snapshot_chunks ORDER BY seq').all() as { revision: number; engine: string; seq: number; n: number }[],
      blobs: (db.prepare('SELECT count(*) AS n FROM snapshots').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
};
const job = (file: string, revision: number, blob: Buffer) => ({ file, revision, engineVersion: ENGINE, createdAt: '2026-12-01T00:00:00.000Z', blob: new Uint8Array(blob) });

describe('a snapshot stored in chunks', () => {
  it('is stored as rows of SNAPSHOT_CHUNK_BYTES in order, by the store and by the writer thread alike, and read back byte for byte', async () => {
    const store = openStoreIn(dir.path);
    const blob = seededBytes(2 * SNAPSHOT_CHUNK_BYTES + 1234, 7);
    expect(store.writeSnapshot(1, ENGINE, blob)).toBe(true);
    const layout = [
      [0, SNAPSHOT_CHUNK_BYTES],
      [1, SNAPSHOT_CHUNK_BYTES],
      [2, 1234],
    ];
    expect(rows(store.file).chunks.map((r) => [r.seq, r.n])).toEqual(layout);
    expect(store.readSnapshot(1, ENGINE)?.equals(blob)).toBe(true);
    expect(store.snapshotBytes(1, ENGINE)).toBe(blob.length);

    const other = seededBytes(2 * SNAPSHOT_CHUNK_BYTES + 1234, 8);
    expect(other.equals(blob)).toBe(false);
    expect(await writeSnapshotOnWorker(job(store.file, 1, other))).toBe(true);
    expect(rows(store.file).chunks.map((r) => [r.seq, r.n])).toEqual(layout);
    expect(store.readSnapshot(1, ENGINE)?.equals(other)).toBe(true);
    const early = await readSnapshotOnWorker(store.file, ENGINE);
    expect(early?.revision).toBe(1);
    expect(early?.blob.equals(other)).toBe(true);
    store.close();
  });

  it('is not written by the writer thread for a revision the store has moved past, nor while another writer holds the store', async () => {
    const store = openStoreIn(dir.path);
    store.importFile(FIXTURE); // revision 2
    expect(store.writeSnapshot(2, ENGINE, Buffer.from('two'))).toBe(true);
    expect(await writeSnapshotOnWorker(job(store.file, 1, seededBytes(SNAPSHOT_CHUNK_BYTES + 5, 1)))).toBe(false);
    expect(store.readSnapshot(2, ENGINE)?.toString()).toBe('two');
    expect(store.readSnapshot(1, ENGINE)).toBeUndefined();

    const other = new Database(store.file);
    other.exec('BEGIN IMMEDIATE');
    expect(await writeSnapshotOnWorker(job(store.file, 2, seededBytes(SNAPSHOT_CHUNK_BYTES + 5, 2)))).toBe(false); // skipped at once, not waited for
    other.exec('ROLLBACK');
    other.close();
    expect(store.readSnapshot(2, ENGINE)?.toString()).toBe('two');
    store.close();
  });

  it('is not read when its rows are not one whole write (a row missing): the view rebuilds it and stores it again', () => {
    const store = openStoreIn(dir.path);
    const view = loadView(store, () => undefined);
    const revision = view.corpus.revision;
    expect(store.writeSnapshot(revision, snapshotCodec.version, seededBytes(2 * SNAPSHOT_CHUNK_BYTES + 10, 3))).toBe(true);
    const db = new Database(store.file);
    db.prepare('DELETE FROM snapshot_chunks WHERE seq = 1').run();
    db.close();
    expect(store.readSnapshot(revision, snapshotCodec.version)).toBeUndefined();
    const warnings: string[] = [];
    loadView(store, (w) => warnings.push(w));
    expect(warnings).toEqual([]);
    expect(store.readSnapshot(revision, snapshotCodec.version)?.equals(encodeSnapshot(view.search.index, view.corpus))).toBe(true);
    store.close();
  });
});

describe('a store written before migration 6 (its snapshot in one blob)', () => {
  it('loads that snapshot without rebuilding, on either reader; the next snapshot written replaces it with rows', async () => {
    const file = join(dir.path, 'corpus.sqlite');
    const first = openStoreIn(dir.path);
    const view = loadView(first, () => undefined);
    const revision = view.corpus.revision;
    const bytes = first.readSnapshot(revision, snapshotCodec.version)!;
    first.close();
    // Back to schema 5 as an older paperboy left it: the snapshot in the one-blob table, no chunk table.
    const db = new Database(file);
    db.exec('DROP TABLE snapshot_chunks');
    db.prepare('INSERT INTO snapshots (revision, engine_version, blob, created_at) VALUES (?, ?, ?, ?)').run(revision, snapshotCodec.version, bytes, 'then');
    db.pragma('user_version = 5');
    db.close();

    const store = openStoreIn(dir.path); // migrates to 6
    expect(rows(file)).toEqual({ chunks: [], blobs: 1 });
    expect(store.snapshotBytes(revision, snapshotCodec.version)).toBe(bytes.length);
    expect(store.readSnapshot(revision, snapshotCodec.version)?.equals(bytes)).toBe(true);
    expect((await readSnapshotOnWorker(file, snapshotCodec.version))?.blob.equals(bytes)).toBe(true);
    const warnings: string[] = [];
    const again = loadView(store, (w) => warnings.push(w));
    expect(warnings).toEqual([]);
    expect(again.search.search('training stability').map((h) => h.paper.id)).toEqual(view.search.search('training stability').map((h) => h.paper.id));

    store.importFile(FIXTURE);
    const next = loadView(store, () => undefined); // builds the new revision's snapshot and stores it
    expect(rows(file).blobs).toBe(0);
    expect(rows(file).chunks.every((r) => r.revision === next.corpus.revision)).toBe(true);
    expect(store.readSnapshot(next.corpus.revision, snapshotCodec.version)?.equals(encodeSnapshot(next.search.index, next.corpus))).toBe(true);
    store.close();
  });
});

describe('a process killed (SIGKILL) while its writer thread stores a snapshot', () => {
  const ROUNDS = 6;
  const BYTES = 96 * SNAPSHOT_CHUNK_BYTES + 77; // ~24 MiB: 97 rows, a write of ~0.1-0.5 s
  const child = (seed: number) => startKillableChild(join(ROOT, 'test', 'corpus', 'snapshot-writer-child.ts'), [join(dir.path, 'corpus.sqlite'), SEED_DIR, ENGINE, String(BYTES), String(seed)], ROOT);

  it(`leaves the previous snapshot or the new one, whole, never a mix (${ROUNDS} rounds across the write)`, { timeout: 180_000 }, async () => {
    const store = openStoreIn(dir.path);
    expect(store.writeSnapshot(1, ENGINE, seededBytes(BYTES, 0))).toBe(true);
    store.close();
    const calibration = await child(100).done;
    expect(calibration.stdout, calibration.stderr).toMatch(/done [\d.]+ true/);
    let window = Number(/done ([\d.]+)/.exec(calibration.stdout)?.[1]);
    let current = seededBytes(BYTES, 100);
    const written = openStoreIn(dir.path);
    expect(written.readSnapshot(1, ENGINE)?.equals(current)).toBe(true); // a write that finished is the new snapshot, whole
    written.close();
    const outcomes = { old: 0, new: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      // SIGKILL at a random instant in the i-th slice of 1.5x the last write's own time (from "ready": the
      // thread's start, the rows, the commit, the answer), so the rounds cover the write from end to end.
      const run = child(i + 1);
      await run.ready;
      const timer = setTimeout(() => run.child.kill('SIGKILL'), ((i + Math.random()) / ROUNDS) * window * 1.5);
      const result = await run.done;
      clearTimeout(timer);
      const took = /done ([\d.]+)/.exec(result.stdout)?.[1];
      if (took !== undefined) window = Number(took);
      const after = openStoreIn(dir.path);
      const stored = after.readSnapshot(1, ENGINE);
      after.close();
      const fresh = seededBytes(BYTES, i + 1);
      if (stored?.equals(fresh)) {
        outcomes.new++;
        current = fresh;
      } else {
        expect(stored?.equals(current), `round ${i}: neither the previous snapshot nor the new one`).toBe(true);
        outcomes.old++;
      }
    }
    console.log(`SIGKILL rounds during the snapshot write: ${outcomes.old} left the previous snapshot, ${outcomes.new} the new one (write window ${window.toFixed(0)} ms)`);
    expect(outcomes.old + outcomes.new).toBe(ROUNDS);
  });
});
