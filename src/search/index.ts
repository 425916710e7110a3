// The search index of a corpus: built from its papers (fields.ts says what is indexed, postings.ts
// how), and persisted as a binary snapshot (snapshot.ts). corpus/index.json carries that snapshot
// for the directory layout; it is trusted only when it matches both the corpus hash and the engine
// version, otherwise the index is rebuilt in memory and the caller is warned.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Corpus } from '../corpus/corpus.js';
import { toIndexDoc } from './fields.js';
import { PostingsIndex } from './postings.js';
import { decodeSnapshot, encodeSnapshot, SnapshotError } from './snapshot.js';
import { ENGINE_VERSION } from './version.js';

export { FIELD_BOOSTS, fieldTerms, INDEX_FIELDS, toIndexDoc, type IndexDoc, type IndexField } from './fields.js';
export { ENGINE_VERSION } from './version.js';
export { decodeSnapshot, encodeSnapshot, SnapshotError } from './snapshot.js';

export const INDEX_FILE = 'index.json';

export type PaperIndex = PostingsIndex;

export function buildIndex(corpus: Pick<Corpus, 'papers' | 'topicBySlug'>): PaperIndex {
  return PostingsIndex.build(corpus.papers.map((p) => toIndexDoc(p, corpus)));
}

const IndexFileSchema = z.object({
  corpusHash: z.string(),
  engineVersion: z.string(),
  /** encodeSnapshot's bytes, base64. */
  snapshot: z.string(),
});

export function serializeIndex(corpus: Corpus, index: PaperIndex): string {
  return JSON.stringify({ corpusHash: corpus.hash, engineVersion: ENGINE_VERSION, snapshot: encodeSnapshot(index, corpus).toString('base64') });
}

/** Why a stored index cannot be used; the message is meant for an operator's log. */
export class IndexFileError extends Error {
  constructor(
    readonly reason: 'missing' | 'unreadable' | 'invalid' | 'stale',
    message: string,
  ) {
    super(message);
    this.name = 'IndexFileError';
  }
}

/** Parse a stored index and check it belongs to this corpus and engine; throws IndexFileError. */
export function parseIndexFile(json: string, corpus: Corpus): PaperIndex {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new IndexFileError('unreadable', `not valid JSON (${(err as Error).message})`);
  }
  const parsed = IndexFileSchema.safeParse(raw);
  if (!parsed.success) throw new IndexFileError('invalid', `unexpected shape (${parsed.error.issues[0]?.message ?? 'schema mismatch'})`);
  const { corpusHash, engineVersion, snapshot } = parsed.data;
  if (engineVersion !== ENGINE_VERSION) throw new IndexFileError('stale', `built by search engine ${engineVersion}, this is ${ENGINE_VERSION}`);
  if (corpusHash !== corpus.hash) throw new IndexFileError('stale', `built for corpus ${corpusHash.slice(0, 12)}, corpus is ${corpus.hash.slice(0, 12)}`);
  try {
    return decodeSnapshot(Buffer.from(snapshot, 'base64'), corpus);
  } catch (err) {
    if (!(err instanceof SnapshotError)) throw err;
    throw new IndexFileError(err.reason === 'stale' ? 'stale' : 'invalid', err.message);
  }
}

/** Build the index and write it to `<corpusDir>/index.json` (atomically); returns the path. */
export function writeIndexFile(corpus: Corpus, corpusDir: string): string {
  const path = join(corpusDir, INDEX_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, serializeIndex(corpus, buildIndex(corpus)));
  renameSync(tmp, path);
  return path;
}

/** Load `<corpusDir>/index.json`, or rebuild in memory (with a warning) when it cannot be used. */
export function loadOrBuildIndex(corpus: Corpus, corpusDir: string, warn: (msg: string) => void): PaperIndex {
  const path = join(corpusDir, INDEX_FILE);
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    warn(`search index ${path} ${missing ? 'is missing' : `is unreadable (${(err as Error).message})`}; rebuilding in memory (run npm run corpus:build to store it)`);
    return buildIndex(corpus);
  }
  try {
    return parseIndexFile(json, corpus);
  } catch (err) {
    if (!(err instanceof IndexFileError)) throw err;
    warn(`search index ${path} is ${err.reason}: ${err.message}; rebuilding in memory (run npm run corpus:build to refresh it)`);
    return buildIndex(corpus);
  }
}
