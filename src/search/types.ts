// The search engine's public contract; src/search/* implements it, commands and the CLI consume it.
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import type { SemanticModel } from '../semantic/model.js';
import type { PaperIndex } from './index.js';

export interface SearchFilters {
  topic?: string;
  hasCode?: boolean;
  yearFrom?: number;
  yearTo?: number;
  /**
   * Any further condition a paper must meet (the query language's author:, phrases, -word...). Not
   * serialisable: search pages carry the query text instead and rebuild it.
   */
  where?: (paper: Paper) => boolean;
}

export interface SearchOptions {
  /**
   * At most this many hits (default 500: the 99 pages of 5 a person can reach, plus a few). Only
   * these are ranked, so asking for what is shown keeps a search cheap.
   */
  limit?: number;
}

export interface SearchHit {
  paper: Paper;
  score: number;
}

export interface AnswerSentence {
  text: string;
  paper: Paper;
  score: number;
}

export interface Answer {
  question: string;
  /** Best supporting sentences, best first; empty when nothing in the corpus answers. */
  sentences: AnswerSentence[];
}

export interface SearchEngine {
  /** The best `options.limit` matching papers, best first, deterministic order. Callers paginate. */
  search(query: string, filters?: SearchFilters, options?: SearchOptions): SearchHit[];
  /** How many papers match the query and filters in all (search returns at most its limit of them). */
  count(query: string, filters?: SearchFilters): number;
  /** Papers most like the given one, excluding itself. */
  similar(paperId: string, limit?: number): SearchHit[];
  /** Extractive answer built from the most relevant abstracts. */
  answer(question: string, maxSentences?: number): Answer;
  /** Fast title/id prefix completion for autocomplete (at most `limit`). */
  suggest(prefix: string, limit?: number): Paper[];
  /**
   * Builds, in slices that yield to the event loop, what is otherwise built on first use (the
   * similarity norms, the autocomplete index). Call it after login: it never delays start-up, and
   * calls made before it finishes still answer correctly. Resolves when done.
   */
  warmUp(): Promise<void>;
  /**
   * An engine for `next`, a later revision of this corpus in which the papers `changed` were added
   * or edited (papers missing from `next` are dropped). Only those papers are analysed, so a day of
   * the feed is searchable in milliseconds; this engine keeps serving its own revision.
   */
  update(next: Corpus, changed: readonly string[]): SearchEngine;
  /** update as steps of a few milliseconds each, for building the next revision between interactions; same engine. */
  updateSteps(next: Corpus, changed: readonly string[]): Generator<void, SearchEngine>;
  /**
   * The semantic model it ranks with (loading the default one if not yet loaded), undefined when it
   * ranks by words only (SEMANTIC_SEARCH=off, no usable model).
   */
  semanticModel(): SemanticModel | undefined;
  /**
   * An engine for the same corpus and index ranking with another semantic model (a retrained one), as
   * steps of a few milliseconds; this engine keeps its own model, so an interaction holding it keeps it.
   */
  withSemanticSteps(model: SemanticModel): Generator<void, SearchEngine>;
  /** The postings index it searches (read-only: for writing its snapshot elsewhere, see src/snapshot-worker.ts). */
  readonly index: PaperIndex;
  /** The index as a compact binary snapshot (see decodeSnapshot), for the store to persist. */
  snapshot(): Buffer;
}
