// The bot reads the stored search snapshot on a worker thread while it reads the papers: the same bytes
// the store gives, tagged with the revision they belong to, and nothing (the caller reads it itself)
// when the store has no snapshot for the current revision.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadView, snapshotCodec } from '../../src/corpus-view.js';
import { readSnapshotOnWorker } from '../../src/snapshot-reader.js';
import { FIXTURE, openStoreIn, tempDir } from './store-support.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('readSnapshotOnWorker', () => {
  it('gives the stored snapshot of the current revision, byte for byte, with its revision', async () => {
    const store = openStoreIn(dir.path);
    const view = loadView(store, () => undefined); // builds and stores the snapshot
    const stored = store.readSnapshot(view.corpus.revision, snapshotCodec.version);
    expect(stored).toBeDefined();
    expect(store.snapshotBytes(view.corpus.revision, snapshotCodec.version)).toBe(stored!.length);
    expect(store.snapshotBytes(view.corpus.revision, 'another engine')).toBeUndefined();
    const early = await readSnapshotOnWorker(store.file, snapshotCodec.version);
    expect(early?.revision).toBe(view.corpus.revision);
    expect(early && Buffer.compare(early.blob, stored!)).toBe(0);
    store.close();
  });

  it('gives nothing when the current revision has no snapshot (an import just landed) or the engine differs', async () => {
    const store = openStoreIn(dir.path);
    loadView(store, () => undefined);
    expect(await readSnapshotOnWorker(store.file, 'another engine')).toBeUndefined();
    store.importFile(FIXTURE);
    expect(await readSnapshotOnWorker(store.file, snapshotCodec.version)).toBeUndefined();
    store.close();
  });

  it('gives nothing for a file that is not there', async () => {
    expect(await readSnapshotOnWorker(`${dir.path}/missing.sqlite`, snapshotCodec.version)).toBeUndefined();
  });
});
