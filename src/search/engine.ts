// The SearchEngine: wires the index, ranking, similarity, answers and autocomplete to one corpus.
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import type { SearchEngine, SearchFilters, SearchHit, SearchOptions } from './types.js';
import { buildAnswer, type AnswerContext } from './answer.js';
import { DocTextCache } from './doc-text.js';
import { toIndexDoc } from './fields.js';
import { buildIndex, type PaperIndex } from './index.js';
import { countSearch, docTieRanksSteps, rankSearch, tieBreakRanksSteps } from './query.js';
import { carryBlockMaximaSteps, Scratch } from './retrieve.js';
import { SimilarityModel, type SimilarityHook } from './similar.js';
import { encodeSnapshot } from './snapshot.js';
import { SuggestIndex } from './suggest.js';
import { defaultSemanticModel } from '../semantic/default.js';
import { semanticSearchOff } from '../config.js';
import { runInSlices, runSteps } from '../corpus/steps.js';
import { SemanticRanker } from '../semantic/rank.js';

export interface SearchEngineOptions {
  /** A prebuilt or loaded index (see decodeSnapshot and src/corpus-view.ts loadIndex); built from the corpus when omitted. */
  index?: PaperIndex;
  /**
   * Learned semantics for expansion and re-ranking (README "Semantic search"). Omitted or 'default':
   * the committed model (corpus/semantic.*), unless SEMANTIC_SEARCH=off or the model cannot be loaded;
   * null: lexical ranking only.
   */
  semantic?: SemanticRanker | 'default' | null;
  /** Analysed paper texts carried over from the previous revision's engine (see update). */
  texts?: DocTextCache;
  /** The previous revision's autocomplete index, which warmUp extends instead of building anew (see update). */
  previousSuggest?: SuggestIndex;
}

function defaultRanker(): SemanticRanker | undefined {
  const model = defaultSemanticModel();
  return model ? new SemanticRanker(model) : undefined;
}

export const DEFAULT_SIMILAR_LIMIT = 5;
export const DEFAULT_ANSWER_SENTENCES = 3;
export const DEFAULT_SUGGEST_LIMIT = 25;
/** /similar: lexical candidates re-scored with the papers' learned-vector cosine, at this weight. */
const SIMILAR_RERANK_DEPTH = 30;
const SIMILAR_SEMANTIC_WEIGHT = 0.15;

export function createSearchEngine(corpus: Corpus, options: SearchEngineOptions = {}): SearchEngine {
  return runSteps(searchEngineSteps(corpus, options));
}

/**
 * createSearchEngine as steps that each take a few milliseconds at 10k papers, so the next revision's
 * engine can be made in slices between interactions. It also builds the doc-number map a first search
 * needs, so the first search on a new revision does not pay for it.
 */
function* searchEngineSteps(corpus: Corpus, options: SearchEngineOptions = {}): Generator<void, SearchEngine> {
  const index = options.index ?? buildIndex(corpus);
  yield;
  // A Map lookup per doc: in steps, like the tie ranks, so no step of a new revision's engine walks all 10k at once.
  const docPapers: Array<Paper | undefined> = [];
  for (let doc = 0; doc < index.ids.length; doc++) {
    if (doc % 2048 === 2047) yield;
    docPapers.push(index.isAlive(doc) ? corpus.byId.get(index.ids[doc] as string) : undefined);
  }
  yield;
  const ties = yield* tieBreakRanksSteps(corpus.papers);
  yield;
  const tieRank = yield* docTieRanksSteps(docPapers, ties);
  yield;
  yield* index.docNumbersSteps();
  // null: the committed model, not loaded yet (SEMANTIC_SEARCH is read now, as when it was loaded here).
  const given = options.semantic;
  let ranker: SemanticRanker | undefined | null = given === undefined || given === 'default' ? (semanticSearchOff() ? undefined : null) : (given ?? undefined);
  const semanticRanker = () => (ranker === null ? (ranker = defaultRanker()) : ranker);
  const ctx: AnswerContext = {
    index,
    byId: corpus.byId,
    texts: options.texts ?? new DocTextCache(),
    docPapers,
    tieRank,
    scratch: new Scratch(index.docSlots),
    paperCount: corpus.papers.length,
    // The committed model is loaded on the first search, /ask or /similar, not with the engine: CLI
    // commands that never rank (paper, topics, random, cite, stats) do not pay for it.
    get semantic() {
      return semanticRanker();
    },
  };
  const similarHook = (): SimilarityHook | undefined => {
    const semantic = semanticRanker();
    return semantic && { depth: SIMILAR_RERANK_DEPTH, weight: SIMILAR_SEMANTIC_WEIGHT, score: (a: Paper, b: Paper) => semantic.paperSimilarity(a, b) };
  };
  let suggestIndex: SuggestIndex | undefined;
  // Dropped once this revision's own is built, so the old revision's index is not kept alive by this one.
  let previousSuggest = options.previousSuggest;
  // Norms for similar() are computed on first use, or in the background after warmUp().
  let similarity: SimilarityModel | undefined;
  const model = () => (similarity ??= new SimilarityModel(index, docPapers));

  return {
    index,
    search(query: string, filters?: SearchFilters, opts?: SearchOptions): SearchHit[] {
      return rankSearch(ctx, query, filters, opts);
    },
    count(query: string, filters?: SearchFilters): number {
      return countSearch(ctx, query, filters);
    },
    similar(paperId: string, limit = DEFAULT_SIMILAR_LIMIT): SearchHit[] {
      const paper = corpus.byId.get(paperId); // an old slug id resolves to the paper it became
      if (!paper) return [];
      return model().similar(paper.id, limit, similarHook());
    },
    answer(question: string, maxSentences = DEFAULT_ANSWER_SENTENCES) {
      return buildAnswer(ctx, question, maxSentences);
    },
    suggest(prefix: string, limit = DEFAULT_SUGGEST_LIMIT) {
      suggestIndex ??= new SuggestIndex(corpus.papers);
      previousSuggest = undefined;
      return suggestIndex.suggest(prefix, limit);
    },
    async warmUp() {
      // In slices, like the similarity norms: after a swap the bot keeps answering while these build.
      const steps = previousSuggest ? SuggestIndex.update(previousSuggest, corpus.papers) : SuggestIndex.build(corpus.papers);
      const built = suggestIndex ?? (await runInSlices(steps, { label: 'warm-up: suggest' }));
      suggestIndex ??= built; // a suggest() during the slices may have built one already
      previousSuggest = undefined;
      await runInSlices(index.typoTreeSteps(), { label: 'warm-up: typo tree' });
      await model().prepare();
      index.typoTree();
      index.docOf('');
      const semantic = semanticRanker();
      if (semantic) await runInSlices(semantic.warmUpSteps(corpus.papers), { label: 'warm-up: paper vectors' });
    },
    update(next: Corpus, changed: readonly string[]): SearchEngine {
      return runSteps(this.updateSteps(next, changed));
    },
    *updateSteps(next: Corpus, changed: readonly string[]): Generator<void, SearchEngine> {
      // A real id of `next` maps to its own paper; an id that became an alias maps to another one.
      const removed: string[] = [];
      for (let doc = 0; doc < index.ids.length; doc++) {
        if (doc % 2048 === 2047) yield; // a Map lookup per doc: not all 10k in one step
        const id = index.ids[doc] as string;
        if (index.isAlive(doc) && next.byId.get(id)?.id !== id) removed.push(id);
      }
      yield;
      const changedPapers = [...new Set(changed)].flatMap((id) => {
        const paper = next.byId.get(id);
        return paper ? [paper] : [];
      });
      const docs = changedPapers.map((paper) => toIndexDoc(paper, next));
      // Compacted into one base again (in steps): searches never merge base and delta postings on read,
      // and no merged copy of any term is kept beside the old base, which goes with the old revision.
      const nextIndex = yield* (yield* index.withChangesSteps(docs, removed)).compactedSteps();
      // The common terms' score bounds, made now rather than by the first searches after the swap.
      yield* carryBlockMaximaSteps(index, nextIndex);
      // Unchanged papers keep their analysed text (keyed by id; changed ones are analysed again).
      const texts = ctx.texts.without(changed);
      // The changed papers' analysed texts and learned vectors, made now, a paper a step: otherwise the first
      // searches after the swap that rank them (a query about today's papers) made them, ~1 ms a paper.
      const semantic = semanticRanker();
      for (const paper of changedPapers) {
        texts.get(paper);
        semantic?.paperVector(paper);
        yield;
      }
      // Their vectors come from the stored term vectors (above): no retraining in the sync path.
      return yield* searchEngineSteps(next, { index: nextIndex, semantic: semantic ?? null, texts, ...(suggestIndex ? { previousSuggest: suggestIndex } : {}) });
    },
    semanticModel() {
      return semanticRanker()?.model;
    },
    *withSemanticSteps(model) {
      // Same revision, same index and analysed texts: only the ranker differs, and its paper vectors are
      // made on first use or by warmUp, as after a sync.
      return yield* searchEngineSteps(corpus, { index, semantic: new SemanticRanker(model), texts: ctx.texts, ...(suggestIndex ? { previousSuggest: suggestIndex } : {}) });
    },
    snapshot(): Buffer {
      return encodeSnapshot(index, corpus);
    },
  };
}
