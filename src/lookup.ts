// Finding papers from what a person typed, shared by the CLI and the slash commands.
import type { Corpus } from './corpus/corpus.js';
import type { Paper } from './corpus/schema.js';
import { UserError } from './errors.js';
import type { SearchEngine } from './search/types.js';
import { stemSequence } from './search/text.js';

/**
 * An exact id wins; otherwise the best search hit, but only when it really contains most of what was
 * typed: fuzzy search always finds *something*, and a lookup should say "no such paper" instead.
 */
export function resolvePaper(corpus: Corpus, search: SearchEngine, text: string): Paper {
  const wanted = text.trim();
  if (!wanted) throw new UserError('name a paper by its id or a few title words');
  const exact = corpus.byId.get(wanted.toLowerCase()) ?? corpus.byId.get(wanted.toLowerCase().replace(/^(\d{4}\.\d{4,5})v\d+$/, '$1'));
  if (exact) return exact;
  const best = search.search(wanted, {}, { limit: 1 })[0];
  if (!best || !coversQuery(best.paper, wanted)) throw new UserError(`no paper matches "${wanted.slice(0, 80)}"`);
  return best.paper;
}

/** At least half of the typed content words (stemmed) occur in the paper's title or abstract. */
function coversQuery(paper: Paper, query: string): boolean {
  const wanted = new Set(stemSequence(query));
  if (wanted.size === 0) return false;
  const have = new Set(stemSequence(`${paper.title} ${paper.abstract}`));
  let hits = 0;
  for (const w of wanted) if (have.has(w)) hits++;
  return hits * 2 >= wanted.size;
}

export interface RandomFilter {
  topic?: string;
  hasCode?: boolean;
}

/** Uniform pick among the papers that pass the filter; `rng` returns [0, 1). */
export function pickRandom(corpus: Corpus, filter: RandomFilter, rng: () => number): Paper {
  const pool = (filter.topic ? (corpus.papersByTopic.get(filter.topic) ?? []) : corpus.papers).filter((p) => !filter.hasCode || p.codeLinks.length > 0);
  if (pool.length === 0) throw new UserError('no paper matches those filters');
  return pool[Math.min(pool.length - 1, Math.floor(rng() * pool.length))]!;
}
