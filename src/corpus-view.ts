// Opens the corpus store and builds the search engine over one revision: the one module above both
// src/corpus and src/search (corpus code never imports search). The CLI's read commands need only
// this, so they never load discord.js, the scheduler or the daily machinery (see src/bootstrap.ts).
//
// The search index of a revision is stored in the corpus store as a snapshot tagged with the
// revision and the engine version: start-up loads it when both match, otherwise builds the index
// and writes the snapshot back, so a snapshot is never used for a corpus or engine it was not built
// for.
import { makeCorpusSteps, type Corpus } from './corpus/corpus.js';
import { runInSlices, runSteps, type SliceOptions } from './corpus/steps.js';
import { corpusStorePath, openCorpusStore, type CorpusStore, type OpenCorpusStoreOptions } from './corpus/store.js';
import { createSearchEngine } from './search/engine.js';
import { buildIndex, decodeSnapshot, encodeSnapshot, encodeSnapshotSteps, ENGINE_VERSION, type PaperIndex } from './search/index.js';
import type { SearchEngine } from './search/types.js';
import { writeSnapshotOnWorker } from './snapshot-worker.js';

/** How a built index becomes bytes in the store and back: the search engine's binary snapshot (typed arrays, CRC-checked). */
export const snapshotCodec = {
  version: ENGINE_VERSION,
  encode: (corpus: Corpus, index: PaperIndex): Buffer => encodeSnapshot(index, corpus),
  decode: (blob: Buffer, corpus: Corpus): PaperIndex => decodeSnapshot(blob, corpus),
};

export interface CorpusView {
  corpus: Corpus;
  search: SearchEngine;
}

export interface CorpusLocation {
  dataDir: string;
  /** The committed seed corpus (corpus/). */
  corpusDir: string;
}

export function openStore(location: CorpusLocation, warn: (msg: string) => void, options: Partial<OpenCorpusStoreOptions> = {}): CorpusStore {
  return openCorpusStore(corpusStorePath(location.dataDir), { seedDir: location.corpusDir, warn, ...options });
}

/** The index for the store's current corpus: the stored snapshot when it fits, else built (and stored). */
export function loadIndex(store: CorpusStore, corpus: Corpus, warn: (msg: string) => void): PaperIndex {
  const blob = store.readSnapshot(corpus.revision, snapshotCodec.version);
  if (blob) {
    try {
      return snapshotCodec.decode(blob, corpus);
    } catch (err) {
      warn(`the stored search snapshot of revision ${corpus.revision} cannot be used (${(err as Error).message}); rebuilding it`);
    }
  }
  const index = buildIndex(corpus);
  try {
    store.writeSnapshot(corpus.revision, snapshotCodec.version, snapshotCodec.encode(corpus, index));
  } catch (err) {
    // A read-only data directory or a busy writer: serve the built index, store it another time.
    warn(`could not store the search snapshot (${(err as Error).message.split('\n')[0]})`);
  }
  return index;
}

/** The corpus at the store's current revision and a search engine over it. */
export function loadView(store: CorpusStore, warn: (msg: string) => void): CorpusView {
  const corpus = store.loadCorpus();
  const index = loadIndex(store, corpus, warn);
  return { corpus, search: createSearchEngine(corpus, { index }) };
}

export interface NextViewOptions extends SliceOptions {
  /** Told of the snapshot write started for the new view (settles when it is stored or given up). */
  snapshotStored?: (done: Promise<void>) => void;
}

/**
 * The view of the store's current revision as steps, made from the previous view: only the rows written
 * since are read (one short read), the unchanged papers come from the previous corpus, and its index is
 * patched with the changed papers (a day of the feed: tens of papers) instead of rebuilt. Papers that
 * left the corpus are dropped by the engine's update. The previous view is never touched.
 */
function* nextViewSteps(store: CorpusStore, previous: CorpusView): Generator<void, CorpusView> {
  if (store.revision() === previous.corpus.revision) return previous; // shards poll this every minute
  const changes = yield* store.readChangesSteps(previous.corpus);
  yield;
  let corpus: Corpus;
  let changed: readonly string[];
  if (changes) {
    corpus = yield* makeCorpusSteps(changes.papers, changes.topics, changes.hash, changes.sources, changes);
    changed = changes.changed;
  } else {
    // A corpus the store cannot patch (another store's): read it all, as at start-up.
    corpus = store.loadCorpus();
    yield;
    changed = store.changedSince(previous.corpus.revision);
  }
  if (corpus.revision === previous.corpus.revision) return previous;
  const search = yield* previous.search.updateSteps(corpus, changed);
  return { corpus, search };
}

const snapshotProblem = (err: unknown) => `could not store the search snapshot (${(err instanceof Error ? err.message : String(err)).split('\n')[0]})`;

/**
 * Stores the snapshot of a view's revision off the swap's path: encoded here in slices of about a
 * millisecond (the view's index is already compacted, so that is copying its arrays and a checksum),
 * then handed over (moved, not copied) to a worker thread that writes it to SQLite, a ~16 MiB write at
 * 10k papers that would otherwise hold the event loop for tens of milliseconds.
 */
async function storeSnapshotLater(store: CorpusStore, view: CorpusView, warn: (msg: string) => void): Promise<void> {
  let blob: Buffer;
  try {
    blob = await runInSlices(encodeSnapshotSteps(view.search.index, view.corpus), { label: 'snapshot encode' });
  } catch (err) {
    warn(snapshotProblem(err));
    return;
  }
  // Only a buffer that owns its whole ArrayBuffer may be moved (a small one shares Node's pool).
  const own = blob.byteOffset === 0 && blob.byteLength === blob.buffer.byteLength ? new Uint8Array(blob.buffer, 0, blob.byteLength) : new Uint8Array(blob);
  try {
    await writeSnapshotOnWorker({ file: store.file, revision: view.corpus.revision, engineVersion: snapshotCodec.version, createdAt: new Date().toISOString(), blob: own });
  } catch (err) {
    warn(snapshotProblem(err));
  }
}

/** The view of the store's current revision, made from the previous view in one go (see nextViewInSlices). */
export function nextView(store: CorpusStore, previous: CorpusView, warn: (msg: string) => void): CorpusView {
  const view = runSteps(nextViewSteps(store, previous));
  if (view !== previous) void storeSnapshotLater(store, view, warn);
  return view;
}

/**
 * nextView built in slices of a few milliseconds that yield to the event loop, so interactions keep
 * being answered from the previous view while the next one is built; the caller then swaps it in with
 * one assignment. Same view as nextView.
 */
export async function nextViewInSlices(store: CorpusStore, previous: CorpusView, warn: (msg: string) => void, options: NextViewOptions = {}): Promise<CorpusView> {
  const view = await runInSlices(nextViewSteps(store, previous), { label: 'next view', ...options });
  if (view !== previous) {
    const stored = storeSnapshotLater(store, view, warn);
    options.snapshotStored?.(stored);
  }
  return view;
}

/** Opens the store, reads the current revision, closes the store: for one-off CLI commands. */
export function openSearch(location: CorpusLocation, warn: (msg: string) => void): CorpusView {
  const store = openStore(location, warn);
  try {
    return loadView(store, warn);
  } finally {
    store.close();
  }
}
