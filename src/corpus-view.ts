// Opens the corpus store and builds the search engine over one revision: the one module above both
// src/corpus and src/search (corpus code never imports search). The CLI's read commands need only
// this, so they never load discord.js, the scheduler or the daily machinery (see src/bootstrap.ts).
//
// The search index of a revision is stored in the corpus store as a snapshot tagged with the
// revision and the engine version: start-up loads it when both match, otherwise builds the index
// and writes the snapshot back, so a snapshot is never used for a corpus or engine it was not built
// for.
import type { Corpus } from './corpus/corpus.js';
import { corpusStorePath, openCorpusStore, type CorpusStore, type OpenCorpusStoreOptions } from './corpus/store.js';
import { createSearchEngine } from './search/engine.js';
import { buildIndex, decodeSnapshot, encodeSnapshot, ENGINE_VERSION, type PaperIndex } from './search/index.js';
import type { SearchEngine } from './search/types.js';

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

/**
 * The view of the store's current revision, made from the previous view by patching its index with the
 * papers written since (a day of the feed: tens of papers) instead of rebuilding it: searchable in well
 * under a second at 10k papers. Papers that left the corpus are dropped by the engine's update. The
 * snapshot of the new revision is stored afterwards, off the caller's path.
 */
export function nextView(store: CorpusStore, previous: CorpusView, warn: (msg: string) => void): CorpusView {
  if (store.revision() === previous.corpus.revision) return previous; // shards poll this every minute
  const corpus = store.loadCorpus(previous.corpus); // parses only the rows written since
  if (corpus.revision === previous.corpus.revision) return previous;
  const changed = store.changedSince(previous.corpus.revision);
  const search = previous.search.update(corpus, changed);
  setTimeout(() => {
    try {
      store.writeSnapshot(corpus.revision, snapshotCodec.version, search.snapshot());
    } catch (err) {
      warn(`could not store the search snapshot (${(err as Error).message.split('\n')[0]})`);
    }
  }, 0).unref();
  return { corpus, search };
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
