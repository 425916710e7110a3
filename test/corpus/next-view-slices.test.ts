// The next revision's view is built in slices that yield to the event loop (nextViewInSlices): it must
// be the very view a build in one go gives, the live view must keep answering (from its own revision)
// while it is built, and its search snapshot is written off the main thread.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadView, nextView, nextViewInSlices, snapshotCodec } from '../../src/corpus-view.js';
import { parseHfDaily } from '../../src/corpus/ingest/hf-daily.js';
import { createViewRef } from '../../src/sync/live.js';
import { FIXTURE, openStoreIn, syntheticExport, tempDir } from './store-support.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('paperboy-slices-');
});
afterEach(() => dir.remove());

const QUERIES = ['gradient clipping', 'spike aware adam momentum reset', 'synthetic problem language model training', 'loss spikes', 'mixture of experts routing'];
const ids = (hits: { paper: { id: string } }[]) => hits.map((h) => h.paper.id);

/** A sync day: a paper new to the corpus, and one that joins a stored paper by its title (no arXiv id). */
function dayItems(storedTitle: string): unknown[] {
  return [
    { paper: { id: '2612.00001', title: 'Sliced Views for Live Corpora', summary: 'We swap search indexes between interactions without blocking them.', authors: [{ name: 'A' }], upvotes: 5, publishedAt: '2026-12-01T00:00:00.000Z' }, publishedAt: '2026-12-01T00:00:00.000Z' },
    { paper: { id: '2612.00002', title: storedTitle, summary: 'The same paper, now listed with its arXiv id.', authors: [{ name: 'B' }], upvotes: 9, publishedAt: '2026-12-01T00:00:00.000Z' }, publishedAt: '2026-12-01T00:00:00.000Z' },
  ];
}
const day = (storedTitle: string) => parseHfDaily(JSON.stringify(dayItems(storedTitle)), 'hf-daily/2026-12-01.json').records;

describe('nextViewInSlices', () => {
  it('builds, in many slices, exactly the view a build in one go gives, and that a fresh load ranks alike', async () => {
    const store = openStoreIn(dir.path);
    const warn = () => undefined;
    const before = loadView(store, warn);
    store.importFile(FIXTURE);
    const file = join(dir.path, 'more.json');
    writeFileSync(file, syntheticExport(40, 90_000));
    store.importFile(file);
    const seedPaper = before.corpus.papers.find((p) => p.arxivId === undefined)!;
    store.applyRecords(day(seedPaper.title), { file: 'hf-daily/2026-12-01.json', format: 'hf-daily-json' });

    let pauses = 0;
    const sliced = await nextViewInSlices(store, before, warn, { sliceMs: 0, pause: async () => void pauses++ });
    const once = nextView(store, before, warn);
    expect(pauses).toBeGreaterThan(5); // it really yielded, step by step
    expect(sliced.corpus.revision).toBe(store.revision());
    expect(sliced.corpus.papers).toEqual(once.corpus.papers);
    expect([...sliced.corpus.byId.entries()].map(([k, p]) => [k, p.id])).toEqual([...once.corpus.byId.entries()].map(([k, p]) => [k, p.id]));
    expect(sliced.corpus.aliases).toEqual(once.corpus.aliases);
    // The sources list, read without their stored files' content, is the one a whole read gives.
    expect(sliced.corpus.sources).toEqual(loadView(store, warn).corpus.sources);
    expect(sliced.corpus.sources.length).toBeGreaterThan(1);
    expect([...sliced.corpus.papersByTopic].map(([t, ps]) => [t, ps.map((p) => p.id)])).toEqual([...once.corpus.papersByTopic].map(([t, ps]) => [t, ps.map((p) => p.id)]));
    // The stored paper that gained an arXiv id is now that paper; its old id resolves to it.
    expect(sliced.corpus.byId.get(seedPaper.id)?.id).toBe('2612.00002');

    const rebuilt = loadView(store, warn); // whole read, index built from scratch
    expect(sliced.corpus.papers).toEqual(rebuilt.corpus.papers);
    await sliced.search.warmUp(); // the autocomplete index and typo tree, built in slices
    for (const q of [...QUERIES, 'sliced views live corpora', 'gradeint cliping']) {
      expect(ids(sliced.search.search(q))).toEqual(ids(rebuilt.search.search(q)));
      expect(ids(sliced.search.search(q))).toEqual(ids(once.search.search(q)));
    }
    for (const prefix of ['sli', 'gradient', 'spam', '2612']) expect(sliced.search.suggest(prefix).map((p) => p.id)).toEqual(rebuilt.search.suggest(prefix).map((p) => p.id));
    expect(sliced.search.similar('2612.00001').map((h) => h.paper.id)).toEqual(rebuilt.search.similar('2612.00001').map((h) => h.paper.id));
    store.close();
  });

  it('extends the live revision\'s typo tree and autocomplete index instead of building new ones, and finds exactly what a fresh load finds', async () => {
    const store = openStoreIn(dir.path);
    const warn = () => undefined;
    // A paper with words no other paper has; a later refresh of its day drops them from the index.
    const odd = (summary: string) => ({ paper: { id: '2612.00003', title: 'Quokka xylophones', summary, authors: [{ name: 'C' }], upvotes: 1, publishedAt: '2026-12-01T00:00:00.000Z' }, publishedAt: '2026-12-01T00:00:00.000Z' });
    const apply = (items: unknown[]) => store.applyRecords(parseHfDaily(JSON.stringify(items), 'hf-daily/2026-12-01.json').records, { file: 'hf-daily/2026-12-01.json', format: 'hf-daily-json' });
    apply([odd('Wombatlike marsupials play xylophones.')]);
    const before = loadView(store, warn);
    await before.search.warmUp(); // the live view's typo tree is built
    const seedPaper = before.corpus.papers.find((p) => p.arxivId === undefined)!;
    apply(dayItems(seedPaper.title)); // adds a paper and gives a stored one its arXiv id
    const first = await nextViewInSlices(store, before, warn);
    await first.search.warmUp();
    const file = join(dir.path, 'more.json');
    writeFileSync(file, syntheticExport(30, 95_000, 'Quaternionic hyperbolae for zymurgical tokenizers.'));
    store.importFile(file);
    apply([odd('Revised: nothing about those animals.')]);
    const second = await nextViewInSlices(store, first, warn); // extends the extension
    await second.search.warmUp();
    const fresh = loadView(store, warn); // decoded from the stored snapshot or rebuilt: its own whole tree
    await fresh.search.warmUp();
    for (const view of [first, second]) expect(view.search.index.typoTreeInherited).toBe(true);
    expect(fresh.search.index.typoTreeInherited).toBe(false);
    const termsOf = (v: typeof before) => new Set(v.search.index.base.terms);
    const [old, now] = [termsOf(before), termsOf(second)];
    const added = [...now].filter((t) => !old.has(t));
    const gone = [...old].filter((t) => !now.has(t)); // still in the tree the second view extends, no longer indexed
    expect(added).toEqual(expect.arrayContaining(['quaternion', 'zymurg']));
    expect(gone).toEqual(expect.arrayContaining(['wombatlik', 'marsupi']));
    const sample = [...added, ...gone, ...[...now].filter((_, i) => i % 25 === 0)];
    const typo = (t: string) => (t.length > 3 ? `${t.slice(0, 2)}q${t.slice(3)}` : `${t}x`);
    for (const t of sample) {
      for (const word of [t, typo(t)]) {
        for (const distance of [1, 2]) expect(second.search.index.termsNear(word, distance)).toEqual(fresh.search.index.termsNear(word, distance));
      }
    }
    for (const q of ['quaternionic hyperbolea', 'zymurgical tokenisers', 'wombatlike marsupails', 'gradeint cliping', 'sliced veiws']) expect(ids(second.search.search(q))).toEqual(ids(fresh.search.search(q)));
    // The autocomplete index, extended from the live one's in the warm-up, answers as a fresh one does.
    for (const prefix of ['', 'q', 'quokka', 'synthetic paper number 950', 'sli', 'wom', '2612', '29']) expect(second.search.suggest(prefix).map((p) => p.id)).toEqual(fresh.search.suggest(prefix).map((p) => p.id));
    store.close();
  });

  it('keeps answering from the live revision while it builds; the swap is one assignment', async () => {
    const store = openStoreIn(dir.path);
    const warn = () => undefined;
    const ref = createViewRef(loadView(store, warn));
    const old = ref.current();
    store.applyRecords(day('A title no stored paper has'), { file: 'hf-daily/2026-12-01.json', format: 'hf-daily-json' });
    const during: { revision: number; found: boolean }[] = [];
    const next = await nextViewInSlices(store, ref.current(), warn, {
      sliceMs: 0,
      // An interaction arriving between two slices pins the live view and searches it.
      pause: async () => {
        const view = ref.current();
        during.push({ revision: view.corpus.revision, found: ids(view.search.search('sliced views live corpora')).includes('2612.00001') });
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    expect(during.length).toBeGreaterThan(5);
    expect(during.every((d) => d.revision === old.corpus.revision && !d.found)).toBe(true);
    ref.swap(next);
    expect(ids(ref.current().search.search('sliced views live corpora'))[0]).toBe('2612.00001');
    // The old view is untouched: an interaction that pinned it still sees its own revision.
    expect(old.corpus.byId.has('2612.00001')).toBe(false);
    expect(ids(old.search.search('sliced views live corpora'))).not.toContain('2612.00001');
    store.close();
  });

  it('stores the new revision\'s search snapshot from a worker thread; start-up then loads it and ranks alike', async () => {
    const store = openStoreIn(dir.path);
    const warnings: string[] = [];
    const warn = (w: string) => warnings.push(w);
    const before = loadView(store, warn);
    store.importFile(FIXTURE);
    let written: Promise<void> = Promise.resolve();
    const next = await nextViewInSlices(store, before, warn, { snapshotStored: (p) => (written = p) });
    await written;
    expect(warnings).toEqual([]);
    const blob = store.readSnapshot(next.corpus.revision, snapshotCodec.version);
    expect(blob).toBeDefined();
    expect(blob!.equals(next.search.snapshot())).toBe(true); // the very bytes this thread would have written
    const restarted = loadView(store, warn);
    expect(warnings).toEqual([]); // decoded, not rebuilt
    for (const q of QUERIES) expect(ids(restarted.search.search(q))).toEqual(ids(next.search.search(q)));
    store.close();
  }, 30_000);
});

describe('the sync\'s apply reads only the stored papers a day can touch', () => {
  it('gives the same papers, ids and aliases as a merge against every stored paper (an import of the same items)', () => {
    const a = openStoreIn(join(dir.path, 'a'));
    const b = openStoreIn(join(dir.path, 'b'));
    const title = a.loadCorpus().papers.find((p) => p.arxivId === undefined)!.title;
    const items = [...dayItems(title), ...(JSON.parse(syntheticExport(5, 91_000)) as unknown[]), ...dayItems(title).slice(0, 1)];
    a.applyRecords(parseHfDaily(JSON.stringify(items), 'hf-daily/2026-12-01.json').records, { file: 'hf-daily/2026-12-01.json', format: 'hf-daily-json' });
    const file = join(dir.path, '2026-12-01.json');
    writeFileSync(file, JSON.stringify(items));
    b.importFile(file); // merges against storedKeys(): every stored paper
    const [ca, cb] = [a.loadCorpus(), b.loadCorpus()];
    expect(ca.papers.map((p) => [p.id, p.title, p.topics])).toEqual(cb.papers.map((p) => [p.id, p.title, p.topics]));
    expect(ca.aliases).toEqual(cb.aliases);
    expect(ca.byId.get('2612.00002')?.title).toBe(title); // joined the stored paper by its title
    a.close();
    b.close();
  });
});
