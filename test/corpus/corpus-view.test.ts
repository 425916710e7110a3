// Start-up loads the search index of the store's revision from its stored snapshot; a missing, stale
// or unreadable snapshot is rebuilt and stored again, never used.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadView, snapshotCodec } from '../../src/corpus-view.js';
import { FIXTURE, openStoreIn, tempDir } from './store-support.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('paperboy-view-');
});
afterEach(() => dir.remove());

describe('loadView', () => {
  it('builds and stores the snapshot of a revision once, then loads it; an import makes it rebuild for the new revision', () => {
    const store = openStoreIn(dir.path);
    const warnings: string[] = [];
    const warn = (w: string) => warnings.push(w);
    expect(store.readSnapshot(1, snapshotCodec.version)).toBeUndefined();
    const first = loadView(store, warn);
    const stored = store.readSnapshot(1, snapshotCodec.version);
    expect(stored).toBeDefined();
    const second = loadView(store, warn);
    expect(second.search.search('gradient clipping').map((h) => h.paper.id)).toEqual(first.search.search('gradient clipping').map((h) => h.paper.id));
    expect(store.readSnapshot(1, snapshotCodec.version)?.equals(stored!)).toBe(true);

    store.importFile(FIXTURE);
    const third = loadView(store, warn);
    expect(third.corpus.revision).toBe(2);
    expect(third.search.search('spike aware adam momentum reset').map((h) => h.paper.id)).toContain('2501.06842');
    expect(store.readSnapshot(2, snapshotCodec.version)).toBeDefined();
    expect(store.readSnapshot(1, snapshotCodec.version)).toBeUndefined();
    expect(warnings).toEqual([]);
    store.close();
  });

  it('rebuilds, with a warning, a snapshot that cannot be decoded', () => {
    const store = openStoreIn(dir.path);
    store.writeSnapshot(1, snapshotCodec.version, Buffer.from('{"truncated'));
    const warnings: string[] = [];
    const view = loadView(store, (w) => warnings.push(w));
    expect(view.search.search('gradient clipping').length).toBeGreaterThan(0);
    expect(warnings).toEqual([expect.stringMatching(/^the stored search snapshot of revision 1 cannot be used \(.*\); rebuilding it$/)]);
    expect(store.readSnapshot(1, snapshotCodec.version)?.toString()).not.toBe('{"truncated');
    store.close();
  });
});
