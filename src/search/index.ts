// The inverted index: which paper fields are indexed, how, and how the index is persisted.
// corpus/index.json caches a built index; it is trusted only when it matches both the corpus hash
// and the engine version, otherwise the index is rebuilt in memory and the caller is warned.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { z } from 'zod';
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import { conceptTerm, findConcepts, SYNONYMS_FINGERPRINT } from './synonyms.js';
import { ANALYZER_VERSION, tokenize } from './text.js';

export const INDEX_FILE = 'index.json';

/** Changes whenever index terms would change: scoring-only changes do not need a new index. */
export const ENGINE_VERSION = `2.a${ANALYZER_VERSION}.s${SYNONYMS_FINGERPRINT}`;

export const INDEX_FIELDS = ['title', 'abstract', 'keywords', 'topics', 'authors', 'summary'] as const;
export type IndexField = (typeof INDEX_FIELDS)[number];

/** BM25 field weights: a title hit says far more about a paper than a passing abstract mention. */
export const FIELD_BOOSTS: Readonly<Record<IndexField, number>> = {
  title: 3,
  abstract: 1,
  keywords: 1.5,
  topics: 0.5,
  authors: 1,
  // Hugging Face's AI-written summary (ai_summary): a paraphrase of the abstract in plainer words, so
  // it helps people who do not use the paper's own terms; weak, since it is generated, not the authors'.
  summary: 0.1,
};

export interface IndexDoc {
  id: string;
  title: string;
  abstract: string;
  keywords: string;
  topics: string;
  authors: string;
  summary: string;
}

export type PaperIndex = MiniSearch<IndexDoc>;

/** Index terms of one field: stemmed words, compounds ("gpt-4"), and concept terms ("~rl"). */
export function fieldTerms(text: string): string[] {
  const tokens = tokenize(text);
  const terms: string[] = [];
  const stems: string[] = [];
  for (const token of tokens) {
    if (token.compound) terms.push(token.compound);
    for (const part of token.parts) {
      terms.push(part);
      stems.push(part);
    }
  }
  for (const match of findConcepts(stems)) terms.push(conceptTerm(match.concept));
  return terms;
}

export function toIndexDoc(paper: Paper, corpus: Corpus): IndexDoc {
  const topicNames = paper.topics.map((slug) => corpus.topicBySlug.get(slug)?.name ?? slug.replace(/-/g, ' '));
  const people = paper.organization ? [...paper.authors, paper.organization] : paper.authors;
  return {
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    keywords: paper.keywords.join(' ; '),
    topics: topicNames.join(' ; '),
    authors: people.join(' ; '),
    summary: paper.aiSummary ?? '',
  };
}

// Terms are fully analysed by fieldTerms at index time; at query time callers pass index terms
// directly, so the search-side tokenizer and term processor are the identity.
const identityTokenize = (text: string): string[] => [text];
const identityTerm = (term: string): string => term;

/** The one options object used to build and to load an index (MiniSearch requires them identical). */
export function indexOptions(): Options<IndexDoc> {
  return {
    idField: 'id',
    fields: [...INDEX_FIELDS],
    storeFields: [],
    tokenize: (text) => fieldTerms(text),
    processTerm: identityTerm,
    searchOptions: { tokenize: identityTokenize, processTerm: identityTerm, boost: { ...FIELD_BOOSTS } },
  };
}

export function buildIndex(corpus: Corpus): PaperIndex {
  const index = new MiniSearch<IndexDoc>(indexOptions());
  index.addAll(corpus.papers.map((p) => toIndexDoc(p, corpus)));
  return index;
}

const IndexFileSchema = z.object({
  corpusHash: z.string(),
  engineVersion: z.string(),
  index: z.looseObject({ documentCount: z.number(), serializationVersion: z.number(), index: z.array(z.unknown()) }),
});

export function serializeIndex(corpus: Corpus, index: PaperIndex): string {
  return JSON.stringify({ corpusHash: corpus.hash, engineVersion: ENGINE_VERSION, index: index.toJSON() });
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
  const { corpusHash, engineVersion } = parsed.data;
  if (engineVersion !== ENGINE_VERSION) throw new IndexFileError('stale', `built by search engine ${engineVersion}, this is ${ENGINE_VERSION}`);
  if (corpusHash !== corpus.hash) throw new IndexFileError('stale', `built for corpus ${corpusHash.slice(0, 12)}, corpus is ${corpus.hash.slice(0, 12)}`);
  let index: PaperIndex;
  try {
    // loadJS is loadJSON minus the JSON.parse we already did for the header.
    index = MiniSearch.loadJS<IndexDoc>(parsed.data.index as unknown as AsPlainObject, indexOptions());
  } catch (err) {
    throw new IndexFileError('invalid', `MiniSearch could not load it (${(err as Error).message})`);
  }
  // A matching hash with the wrong documents means the file was edited or truncated by hand.
  if (index.documentCount !== corpus.papers.length || corpus.papers.some((p) => !index.has(p.id))) {
    throw new IndexFileError('invalid', `holds ${index.documentCount} papers that do not match the corpus (${corpus.papers.length})`);
  }
  return index;
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
