// Running a query-language search (see src/search/query-syntax.ts) against one corpus: the filters
// become predicates over Paper, free words and phrases go to the ranking engine, and a query of only
// filters lists the matching papers newest first. Shared by /search, its Prev/Next pages and the CLI.
import type { Corpus } from './corpus/corpus.js';
import type { Paper } from './corpus/schema.js';
import { UserError } from './errors.js';
import { nameKey, resolveTopic } from './lookup.js';
import { matchesFilters } from './search/query.js';
import {
  formatStructuredQuery,
  hasSearchText,
  isStructured,
  parseStructuredQuery,
  searchText,
  type Filter,
  type StructuredQuery,
} from './search/query-syntax.js';
import { compactQuery, isStopWord, normalizeText, stemSequence, stemWord } from './search/text.js';
import { flat, flatText } from './search/flat-text.js';
import type { SearchEngine, SearchFilters, SearchHit, SearchOptions } from './search/types.js';

/** Parse or throw a UserError naming the problem (for a private reply or one CLI line). */
export function parseQueryOrThrow(text: string): StructuredQuery {
  const parsed = parseStructuredQuery(text);
  if (!parsed.ok) throw new UserError(`Query: ${parsed.error}`);
  return parsed.query;
}

type Predicate = (paper: Paper) => boolean;

// ---- names ---------------------------------------------------------------------------------------

/** Keys one author name answers to: "Tri Dao" -> tridao, dao, tdao; "Yann Le Cun" also lecun. */
export function authorKeys(name: string): string[] {
  const words = normalizeText(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0) return [];
  const last = words[words.length - 1] as string;
  const keys = new Set([words.join(''), last]);
  if (words.length >= 2) {
    keys.add(`${(words[0] as string)[0]}${last}`);
    keys.add(words.slice(-2).join(''));
  }
  return [...keys];
}

const authorKeyCache = new WeakMap<Paper, ReadonlySet<string>>();

function paperAuthorKeys(paper: Paper): ReadonlySet<string> {
  let keys = authorKeyCache.get(paper);
  if (!keys) {
    keys = new Set(paper.authors.flatMap(authorKeys));
    authorKeyCache.set(paper, keys);
  }
  return keys;
}

/** author:"Tri Dao", author:dao, author:"T. Dao", author:tridao: case, accents and spaces do not matter. */
export function hasAuthor(paper: Paper, wanted: string): boolean {
  const key = nameKey(wanted);
  return key !== '' && paperAuthorKeys(paper).has(key);
}

/** org:google finds "Google DeepMind"; the text must start at a word of the organisation's name. */
export function hasOrganization(paper: Paper, wanted: string): boolean {
  const key = nameKey(wanted);
  if (!paper.organization || key === '') return false;
  const words = normalizeText(paper.organization)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return words.some((_, i) => words.slice(i).join('').startsWith(key));
}

// ---- text conditions -------------------------------------------------------------------------------

/** Phrases match exactly, but for case, accents, punctuation and spacing: "loss-spikes" ~ "Loss spikes". */
export function containsPhrase(paper: Paper, phrase: string): boolean {
  const wanted = flat(phrase);
  if (wanted.trim() === '') return true;
  const text = flatText(paper);
  return text.title.includes(wanted) || text.abstract.includes(wanted);
}

/**
 * An excluded word removes papers using any form of it ("-survey" also drops "surveys"): compared by
 * stem over title, abstract and keywords. Every form of a word starts with the first letters of its
 * stem or of the word as typed ("surv", "unst" for unstable ~ instability's "inst") at a word start,
 * so a substring probe skips the stemming for almost every paper.
 */
function mentionsWord(word: string): Predicate {
  const stems = stemSequence(word);
  if (stems.length === 0) return () => false;
  const probes = [...new Set([...stems.map((s) => ` ${s.slice(0, 4)}`), ` ${flat(word).trim().slice(0, 4)}`])];
  return (paper) => {
    const text = flatText(paper);
    const all = `${text.title}${text.abstract}${text.keywords}`;
    if (!probes.some((p) => all.includes(p))) return false;
    const have = all
      .split(' ')
      .filter((w) => w.length > 1 && !isStopWord(w))
      .map(stemWord);
    // A compound exclusion ("-self-supervised") needs its stems in a row.
    return have.some((_, i) => stems.every((s, k) => have[i + k] === s));
  };
}

function excluding(excluded: string): Predicate {
  const mentions = /\s/.test(excluded) ? (p: Paper) => containsPhrase(p, excluded) : mentionsWord(excluded);
  return (p) => !mentions(p);
}

// ---- filters ---------------------------------------------------------------------------------------

function predicateOf(corpus: Corpus, f: Filter): Predicate {
  let test: Predicate;
  switch (f.field) {
    case 'author':
      test = (p) => hasAuthor(p, f.value);
      break;
    case 'org':
      test = (p) => hasOrganization(p, f.value);
      break;
    case 'topic': {
      const slug = resolveTopic(corpus, f.value).slug;
      test = (p) => p.topics.includes(slug);
      break;
    }
    case 'has':
      test = (p) => p.codeLinks.length > 0;
      break;
    case 'year':
      // Undated papers cannot be shown to fall in a range, as with the year options.
      test = (p) => p.publishedAt !== undefined && Number(p.publishedAt.slice(0, 4)) >= f.from && Number(p.publishedAt.slice(0, 4)) <= f.to;
      break;
    case 'after':
      test = (p) => p.publishedAt !== undefined && p.publishedAt >= f.date.start;
      break;
    case 'before':
      test = (p) => p.publishedAt !== undefined && p.publishedAt < f.date.start;
      break;
  }
  return f.negate ? (p) => !test(p) : test;
}

/** One predicate for every filter, phrase and exclusion of the query; throws UserError for an unknown topic. */
export function queryPredicate(corpus: Corpus, q: StructuredQuery): Predicate {
  const tests: Predicate[] = [
    ...q.filters.map((f) => predicateOf(corpus, f)),
    ...q.phrases.map((phrase) => (p: Paper) => containsPhrase(p, phrase)),
    ...q.excluded.map(excluding),
  ];
  return (p) => tests.every((t) => t(p));
}

/** Newest first; undated papers last; then upvotes, then id: the order of a filter-only listing. */
export function newestFirst(a: Paper, b: Paper): number {
  return (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || (b.upvotes ?? 0) - (a.upvotes ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// ---- running a query -------------------------------------------------------------------------------

export interface QuerySearch {
  /** The best `options.limit` hits. */
  hits: SearchHit[];
  /** How many papers match in all. */
  total: number;
  /** The shortest text that runs the same search (for custom_ids): compact words, canonical filters. */
  carried: string;
  /** Whether the results are a filter-only listing (newest first) rather than a ranking. */
  listing: boolean;
}

/**
 * Search with the query language. A query that uses none of it takes exactly the plain engine path,
 * so its ranking is unchanged. Throws UserError for invalid syntax or an unknown topic.
 */
export function searchQuery(corpus: Corpus, engine: SearchEngine, text: string, filters: SearchFilters = {}, options: SearchOptions = {}): QuerySearch {
  const q = parseQueryOrThrow(text);
  if (!isStructured(q)) return { hits: engine.search(text, filters, options), total: engine.count(text, filters), carried: compactQuery(text), listing: false };
  const where = queryPredicate(corpus, q);
  const combined: SearchFilters = { ...filters, where: filters.where ? (p) => filters.where!(p) && where(p) : where };
  const compact = q.words.length > 0 ? compactQuery(q.words.join(' ')) : '';
  const carried = formatStructuredQuery({ ...q, words: compact.split(' ').filter((w) => w !== '' && w !== '.') });
  if (hasSearchText(q)) {
    const words = searchText(q);
    return { hits: engine.search(words, combined, options), total: engine.count(words, combined), carried, listing: false };
  }
  const papers = corpus.papers.filter((p) => matchesFilters(p, combined)).sort(newestFirst);
  return { hits: papers.slice(0, options.limit ?? papers.length).map((paper) => ({ paper, score: 0 })), total: papers.length, carried, listing: true };
}
