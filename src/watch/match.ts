// Which of a sync's new papers a watch delivers: the watch's query run exactly as /search runs it
// (src/search-query.ts: same query language, filters and ranking), restricted to the new papers, and
// kept only above a relevance bar.
//
// The bar is relative, because raw scores are not comparable across queries (a two-word query scores
// higher than a one-word one): a new paper must score at least RELATIVE_MIN of the best score the same
// query reaches over the whole corpus, i.e. it must be about as relevant as the corpus's best answers,
// not merely mention a word. The value is chosen on the tune half of the blind judged real set by
// bench/watch-threshold.ts (with the semantic ranking, F1 is flat from 0.35 to 0.50; the lowest, most-recall value is taken) and
// checked on the test half there (README "Watches"). A query of only filters (author:"Tri Dao", topic:moe has:code) has no
// ranking: every new paper that passes the filters is delivered.
import type { Corpus } from '../corpus/corpus.js';
import { searchQuery } from '../search-query.js';
import type { SearchEngine, SearchHit } from '../search/types.js';

/** A new paper must score at least this share of the query's best score over the whole corpus. */
export const RELATIVE_MIN = 0.35;

export interface MatchView {
  corpus: Corpus;
  search: SearchEngine;
}

/** The hits kept by the relative bar: all of a filter-only listing; ranked hits at or above `min` x best. */
export function aboveBar(hits: readonly SearchHit[], best: number, listing: boolean, min = RELATIVE_MIN): SearchHit[] {
  if (listing) return [...hits];
  if (!(best > 0)) return [];
  return hits.filter((h) => h.score >= min * best);
}

/**
 * The new papers (ids in `fresh`) the query delivers, best first, at most `limit`. Throws UserError
 * when the query no longer runs (e.g. its topic: was removed from the corpus).
 */
export function matchNewPapers(view: MatchView, query: string, fresh: ReadonlySet<string>, limit: number, min = RELATIVE_MIN): SearchHit[] {
  if (fresh.size === 0) return [];
  const found = searchQuery(view.corpus, view.search, query, { where: (p) => fresh.has(p.id) }, { limit });
  if (found.hits.length === 0) return [];
  const best = found.listing ? 0 : (searchQuery(view.corpus, view.search, query, {}, { limit: 1 }).hits[0]?.score ?? 0);
  // The new papers are in the corpus too, so the best corpus score is at least the best new one.
  return aboveBar(found.hits, Math.max(best, found.hits[0]?.score ?? 0), found.listing, min);
}
