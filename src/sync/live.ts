// The live corpus view: one reference the bot reads at the start of every interaction, swapped in a
// single assignment when a sync lands a new revision. An interaction keeps the view it started with
// (papers, search index, topics and similarity model belong to one revision), so nothing in flight
// ever sees two revisions; the old view is garbage once the last interaction holding it finishes.
import type { CorpusView } from '../corpus-view.js';

export interface SyncStatus {
  /** When the last sync that reached Hugging Face finished (null: none yet in this process). */
  lastSuccessAt: Date | null;
  /** Corpus revision the live view serves. */
  revision: number;
}

export interface ViewRef {
  current(): CorpusView;
  swap(view: CorpusView): void;
  status(): SyncStatus;
  markSynced(at: Date): void;
}

export function createViewRef(initial: CorpusView, lastSuccessAt: Date | null = null): ViewRef {
  let view = initial;
  let last = lastSuccessAt;
  return {
    current: () => view,
    swap(next) {
      view = next;
    },
    status: () => ({ lastSuccessAt: last, revision: view.corpus.revision }),
    markSynced(at) {
      last = at;
    },
  };
}
