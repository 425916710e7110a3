// The SearchEngine: wires the index, ranking, similarity, answers and autocomplete to one corpus.
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import type { SearchEngine, SearchFilters, SearchHit } from './types.js';
import { buildAnswer, type AnswerContext } from './answer.js';
import { DocTextCache } from './doc-text.js';
import { buildIndex, type PaperIndex } from './index.js';
import { rankSearch, tieBreakRanks } from './query.js';
import { SimilarityModel } from './similar.js';
import { SuggestIndex } from './suggest.js';
import { defaultSemanticModel } from '../semantic/default.js';
import { SemanticRanker } from '../semantic/rank.js';

export interface SearchEngineOptions {
  /** A prebuilt or loaded index (see loadOrBuildIndex); built from the corpus when omitted. */
  index?: PaperIndex;
  /**
   * Learned semantics for expansion and re-ranking; the committed model (corpus/semantic.*) when
   * omitted, none (plain lexical ranking) when null.
   */
  semantic?: SemanticRanker | null;
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
  const ctx: AnswerContext = {
    index: options.index ?? buildIndex(corpus),
    byId: corpus.byId,
    texts: new DocTextCache(),
    paperCount: corpus.papers.length,
    tieRank: tieBreakRanks(corpus.papers),
    semantic: options.semantic === null ? undefined : (options.semantic ?? defaultRanker()),
  };
  const suggestIndex = new SuggestIndex(corpus.papers);
  const semantic = ctx.semantic;
  const similarityHook = semantic && { depth: SIMILAR_RERANK_DEPTH, weight: SIMILAR_SEMANTIC_WEIGHT, score: (a: Paper, b: Paper) => semantic.paperSimilarity(a, b) };
  // Built on the first similar() call: most processes (a CLI search) never need it.
  let similarity: SimilarityModel | undefined;

  return {
    search(query: string, filters?: SearchFilters): SearchHit[] {
      return rankSearch(ctx, query, filters);
    },
    similar(paperId: string, limit = DEFAULT_SIMILAR_LIMIT): SearchHit[] {
      const paper = corpus.byId.get(paperId); // an old slug id resolves to the paper it became
      if (!paper) return [];
      similarity ??= SimilarityModel.build(corpus.papers);
      return similarity.similar(paper.id, limit, similarityHook);
    },
    answer(question: string, maxSentences = DEFAULT_ANSWER_SENTENCES) {
      return buildAnswer(ctx, question, maxSentences);
    },
    suggest(prefix: string, limit = DEFAULT_SUGGEST_LIMIT) {
      return suggestIndex.suggest(prefix, limit);
    },
    warmUp() {
      similarity ??= SimilarityModel.build(corpus.papers);
      semantic?.warmUp(corpus.papers);
    },
  };
}
