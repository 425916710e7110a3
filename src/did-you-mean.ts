// "Did you mean": when a search finds nothing, the closest query the corpus can answer. Each free word
// the corpus never uses is spelling-corrected against the corpus vocabulary (the most used word
// within a typo or two); if that still finds nothing, the words the corpus lacks are dropped. A
// suggestion is offered only when it really returns results. Runs only on the no-results path.
import type { Corpus } from './corpus/corpus.js';
import type { Paper } from './corpus/schema.js';
import { searchQuery } from './search-query.js';
import { formatStructuredQuery, parseStructuredQuery, type StructuredQuery } from './search/query-syntax.js';
import { editDistance, typoBudget } from './search/spelling.js';
import { compactQuery, normalizeText } from './search/text.js';
import { flatText } from './search/flat-text.js';
import type { SearchEngine, SearchFilters } from './search/types.js';

interface Vocabulary {
  /** Word -> number of papers using it (title, abstract, keywords). */
  df: Map<string, number>;
  /** Words by length, for the typo search. */
  byLength: Map<number, string[]>;
}

const vocabularies = new WeakMap<Corpus, Vocabulary>();

const WORD_RE = /[\p{L}\p{N}]+/gu;

function paperWords(p: Paper): Set<string> {
  const text = flatText(p);
  return new Set(`${text.title}${text.abstract}${text.keywords}`.split(' '));
}

/** Built on the first failed search of a corpus view, then kept with it. */
export function vocabularyOf(corpus: Corpus): Vocabulary {
  let vocab = vocabularies.get(corpus);
  if (!vocab) {
    const df = new Map<string, number>();
    for (const p of corpus.papers) for (const w of paperWords(p)) df.set(w, (df.get(w) ?? 0) + 1);
    const byLength = new Map<number, string[]>();
    for (const w of df.keys()) {
      if (w.length < 3 || /\d/.test(w)) continue; // numbers and short words are not typo targets
      const list = byLength.get(w.length) ?? [];
      list.push(w);
      byLength.set(w.length, list);
    }
    vocab = { df, byLength };
    vocabularies.set(corpus, vocab);
  }
  return vocab;
}

/** The corpus word closest to `word` (fewest edits, then most used, then alphabetical), if any is close. */
export function correctWord(vocab: Vocabulary, word: string): string | undefined {
  const budget = typoBudget(word.length);
  if (budget === 0 || /\d/.test(word)) return undefined;
  let best: string | undefined;
  let bestDistance = budget + 1;
  let bestDf = 0;
  for (let len = word.length - budget; len <= word.length + budget; len++) {
    for (const candidate of vocab.byLength.get(len) ?? []) {
      const d = editDistance(word, candidate, bestDistance);
      const df = vocab.df.get(candidate) ?? 0;
      if (d < bestDistance || (d === bestDistance && d <= budget && (df > bestDf || (df === bestDf && best !== undefined && candidate < best)))) {
        best = candidate;
        bestDistance = d;
        bestDf = df;
      }
    }
  }
  return bestDistance <= budget ? best : undefined;
}

const MAX_TRIES = 8;

/**
 * A query close to `text` that finds papers under the same filters, or undefined. The text keeps the
 * query language (phrases and filters stay as they were).
 */
export function suggestQuery(corpus: Corpus, engine: SearchEngine, text: string, filters: SearchFilters = {}): string | undefined {
  const parsed = parseStructuredQuery(text);
  if (!parsed.ok) return undefined;
  const q = parsed.query;
  const words = compactQuery(q.words.join(' ')).replace(/\.$/, '').split(' ').filter(Boolean);
  if (words.length === 0 && q.phrases.length === 0) return undefined;
  const vocab = vocabularyOf(corpus);
  const known = (w: string) => (normalizeText(w).match(WORD_RE) ?? []).every((part) => vocab.df.has(part));
  const correct = (w: string) => (known(w) ? w : (correctWord(vocab, normalizeText(w)) ?? w));
  const corrected = words.map(correct);
  const render = (ws: string[], phrases = q.phrases): string => formatStructuredQuery({ ...q, words: ws, phrases } satisfies StructuredQuery);
  const finds = (candidate: string): boolean => {
    try {
      return searchQuery(corpus, engine, candidate, filters).hits.length > 0;
    } catch {
      return false; // a candidate that cannot run is no suggestion
    }
  };
  const original = render(words);
  const tries: string[][] = [corrected];
  // Then drop words, those the corpus does not know first, one at a time.
  const order = corrected.map((w, i) => ({ i, df: known(w) ? (vocab.df.get(normalizeText(w)) ?? 1) : 0 })).sort((a, b) => a.df - b.df || b.i - a.i);
  let remaining = corrected;
  for (const { i } of order) {
    if (remaining.length <= 1) break;
    const dropped = corrected[i] as string;
    remaining = remaining.filter((w) => w !== dropped);
    tries.push(remaining);
  }
  for (const ws of tries.slice(0, MAX_TRIES)) {
    const candidate = render(ws);
    if (candidate !== original && ws.length > 0 && finds(candidate)) return candidate;
  }
  // A phrase nothing contains word for word: its words, in any order.
  if (q.phrases.length > 0) {
    const loose = render([...corrected, ...q.phrases.flatMap((p) => p.split(' ')).map(correct)], []);
    if (finds(loose)) return loose;
  }
  return undefined;
}
