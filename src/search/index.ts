// The search index of a corpus: built from its papers (fields.ts says what is indexed, postings.ts
// how), and persisted as a binary snapshot (snapshot.ts) that the corpus store keeps per revision
// (src/corpus-view.ts); a snapshot is trusted only when it matches the corpus and the engine version.
import type { Corpus } from '../corpus/corpus.js';
import { toIndexDoc } from './fields.js';
import { PostingsIndex } from './postings.js';

export { FIELD_BOOSTS, fieldTerms, INDEX_FIELDS, toIndexDoc, type IndexDoc, type IndexField } from './fields.js';
export { ENGINE_VERSION } from './version.js';
export { decodeSnapshot, encodeSnapshot, encodeSnapshotSteps, SnapshotError } from './snapshot.js';

export type PaperIndex = PostingsIndex;

export function buildIndex(corpus: Pick<Corpus, 'papers' | 'topicBySlug'>): PaperIndex {
  return PostingsIndex.build(corpus.papers.map((p) => toIndexDoc(p, corpus)));
}
