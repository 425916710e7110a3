// Start-up loads the search index of the store's revision from its stored snapshot; a missing, stale
// or unreadable snapshot is rebuilt and stored again, never used.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadView, nextView, snapshotCodec } from '../../src/corpus-view.js';
import { FIXTURE, openStoreIn, syntheticExport, tempDir } from './store-support.js';

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

describe('nextView (after a sync or an import while serving)', () => {
  it('reads only what changed, yet holds exactly the corpus a fresh read gives, and ranks like a fresh view', () => {
    const store = openStoreIn(dir.path);
    const warn = () => undefined;
    const before = loadView(store, warn);
    expect(nextView(store, before, warn)).toBe(before); // same revision: the same view

    store.importFile(FIXTURE);
    const file = join(dir.path, 'more.json');
    writeFileSync(file, syntheticExport(30, 90_000));
    store.importFile(file);
    const after = nextView(store, before, warn);
    const fresh = store.loadCorpus();
    expect(after.corpus.revision).toBe(fresh.revision);
    expect(after.corpus.hash).toBe(fresh.hash);
    expect(after.corpus.papers).toEqual(fresh.papers);
    expect([...after.corpus.byId.keys()].sort()).toEqual([...fresh.byId.keys()].sort());
    expect(after.corpus.aliases).toEqual(fresh.aliases);
    expect(after.corpus.sources).toEqual(fresh.sources);
    // Unchanged papers are the very objects the previous view held: they were not parsed again.
    const kept = before.corpus.papers.find((p) => after.corpus.byId.get(p.id) !== undefined);
    expect(kept && after.corpus.byId.get(kept.id)).toBe(kept);

    const rebuilt = loadView(store, warn);
    for (const q of ['gradient clipping', 'spike aware adam momentum reset', 'synthetic problem language model training']) {
      expect(after.search.search(q).map((h) => h.paper.id)).toEqual(rebuilt.search.search(q).map((h) => h.paper.id));
    }
    store.close();
  });

  it('ignores a corpus from another store and reads everything', () => {
    const other = tempDir('paperboy-view-other-');
    try {
      const a = openStoreIn(dir.path);
      const b = openStoreIn(other.path);
      b.importFile(FIXTURE);
      const foreign = b.loadCorpus();
      const read = a.loadCorpus(foreign);
      expect(read.papers).toEqual(a.loadCorpus().papers);
      expect(read.papers.every((p) => !foreign.papers.includes(p))).toBe(true);
      a.close();
      b.close();
    } finally {
      other.remove();
    }
  });
});
