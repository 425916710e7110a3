// The SearchEngine: wires the index, ranking, similarity, answers and autocomplete to one corpus.
import type { Corpus } from '../corpus/corpus.js';
import type { SearchEngine, SearchFilters, SearchHit } from './types.js';
import { buildAnswer, type AnswerContext } from './answer.js';
import { DocTextCache } from './doc-text.js';
import { buildIndex, type PaperIndex } from './index.js';
import { rankSearch, tieBreakRanks } from './query.js';
import { SimilarityModel } from './similar.js';
import { SuggestIndex } from './suggest.js';

export interface SearchEngineOptions {
  /** A prebuilt or loaded index (see loadOrBuildIndex); built from the corpus when omitted. */
  index?: PaperIndex;
}

export const DEFAULT_SIMILAR_LIMIT = 5;
export const DEFAULT_ANSWER_SENTENCES = 3;
export const DEFAULT_SUGGEST_LIMIT = 25;

export function createSearchEngine(corpus: Corpus, options: SearchEngineOptions = {}): SearchEngine {
  const ctx: AnswerContext = {
    index: options.index ?? buildIndex(corpus),
    byId: corpus.byId,
    texts: new DocTextCache(),
    paperCount: corpus.papers.length,
    tieRank: tieBreakRanks(corpus.papers),
  };
  const suggestIndex = new SuggestIndex(corpus.papers);
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
      return similarity.similar(paper.id, limit);
    },
    answer(question: string, maxSentences = DEFAULT_ANSWER_SENTENCES) {
      return buildAnswer(ctx, question, maxSentences);
    },
    suggest(prefix: string, limit = DEFAULT_SUGGEST_LIMIT) {
      return suggestIndex.suggest(prefix, limit);
    },
    warmUp() {
      similarity ??= SimilarityModel.build(corpus.papers);
    },
  };
}
