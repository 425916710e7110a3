// Query understanding and ranking.
//
// A query becomes a plan: its content words ("parts", stemmed, question words dropped) plus "spans"
// that stand for several parts at once (a concept such as "reinforcement learning" ~ "RL", or a
// compound such as "peri-ln"). Parts linked by a span form one unit. A paper's score is the BM25F sum
// of its best alternative per unit, times the share of units it covers, each unit weighted by its
// rarity (so a paper matching every idea beats one repeating a common word); then the top candidates
// get a proximity bonus when query words sit next to each other in the title or abstract.
//
// Only the papers a caller can show are ranked: retrieve.ts finds the top k by that score without
// scoring every paper that matches some word, then the head gets the proximity re-rank.
//
// Extension seams (keep them when adding signals): RankOptions.filter is a predicate over Paper
// applied before scoring (a query language's author:/year:/-word filters plug in there), and
// RankOptions.boost multiplies a paper's lexical score by a per-paper factor with a declared
// maximum, so pruning stays exact (a learned semantic signal plugs in there; a fusion that brings
// papers with no lexical match needs its own candidate list, merged after rankPlan).
import type { Paper } from '../corpus/schema.js';
import type { SearchFilters, SearchHit } from './types.js';
import type { PostingsIndex } from './postings.js';
import { nearness, type DocTextCache } from './doc-text.js';
import { countMatches, retrieveTopK, termsInDoc, type PartTerms, type Scratch } from './retrieve.js';
import { conceptTerm, findConcepts } from './synonyms.js';
import { normalizeText, tokenize } from './text.js';
import type { SemanticRanker } from '../semantic/rank.js';

/** An expansion counts for this much of a literal match (per word it stands for). */
export const CONCEPT_WEIGHT = 0.6;
const COMPOUND_WEIGHT = 1;
/** How many of the best papers get the proximity re-rank. */
export const RERANK_DEPTH = 50;
/** The most results a search returns by default: all a person can page to (99 pages of 5) and a few more. */
export const DEFAULT_SEARCH_LIMIT = 500;
const TITLE_PAIR_BONUS = 0.5;
const ABSTRACT_PAIR_BONUS = 0.25;
/** proximityFactor never exceeds this (every pair adjacent in the title). */
const MAX_PROXIMITY_FACTOR = 1 + Math.max(TITLE_PAIR_BONUS, ABSTRACT_PAIR_BONUS);

// The plan's parts live in query-types.ts so retrieve.ts can name them without importing this module (a cycle).
export type { QueryPart, QuerySpan, QueryUnit } from './query-types.js';
import type { QueryPart, QuerySpan, QueryUnit } from './query-types.js';
import { runSteps } from '../corpus/steps.js';

export interface QueryPlan {
  query: string;
  parts: QueryPart[];
  units: QueryUnit[];
}

/** `semantic` adds the learned neighbours of the query's words as weighted, partly covering alternatives. */
export function parseQuery(query: string, semantic?: SemanticRanker): QueryPlan {
  const tokens = tokenize(query, { query: true });
  const parts: QueryPart[] = [];
  const spans: QuerySpan[] = [];
  for (const token of tokens) {
    const start = parts.length;
    for (const stem of token.parts) parts.push({ stem, prefix: false });
    // A compound with no part of its own ("3.5", "4-5": single characters) is searched as itself.
    if (token.compound && token.parts.length === 0) parts.push({ stem: token.compound, prefix: false });
    // Even when only one part survives ("gpt-4" -> "gpt"), the compound is the sharper term.
    if (token.compound && parts.length > start) {
      spans.push({ term: token.compound, start, end: parts.length, weight: COMPOUND_WEIGHT * (parts.length - start) });
    }
  }
  const stems = parts.map((p) => p.stem);
  for (const m of findConcepts(stems)) {
    spans.push({ term: conceptTerm(m.concept), start: m.start, end: m.end, weight: CONCEPT_WEIGHT * (m.end - m.start) });
  }
  if (semantic) {
    const { expansion, expansionCover } = semantic.weights;
    for (const e of semantic.expand(stems)) {
      spans.push({ term: e.term, start: e.start, end: e.end, weight: expansion * e.sim * (e.end - e.start), cover: expansionCover * e.sim });
    }
  }
  const last = parts[parts.length - 1];
  // Very short stems ("sam", "rl") would prefix-match half the vocabulary ("sample", "rlhf").
  if (last && last.stem.length >= 4 && /[a-z0-9]$/i.test(query)) last.prefix = true;
  return { query, parts, units: groupUnits(parts.length, spans) };
}

/** Parts joined by a multi-word span become one unit (union-find over positions). */
function groupUnits(count: number, spans: QuerySpan[]): QueryUnit[] {
  const parent = Array.from({ length: count }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] as number)));
  for (const s of spans) for (let i = s.start + 1; i < s.end; i++) parent[find(i)] = find(s.start);
  const units = new Map<number, QueryUnit>();
  for (let i = 0; i < count; i++) {
    const root = find(i);
    const unit = units.get(root) ?? { parts: [], spans: [] };
    unit.parts.push(i);
    units.set(root, unit);
  }
  for (const s of spans) units.get(find(s.start))?.spans.push(s);
  return [...units.values()];
}

/** A ranked query: its plan, the hits, and what proximity and answers need to explain them. */
export interface Ranking {
  plan: QueryPlan;
  hits: SearchHit[];
  /** Per unit: how many papers match it (for idf-style weighting by callers). */
  unitDf: number[];
  /** Index terms of query part `part` found in paper `id` (after prefix/fuzzy expansion). */
  matchedTerms(id: string, part: number): string[];
}

/** Index terms that matched query part `part` in paper `id` (after prefix/fuzzy expansion). */
export function matchedTerms(ranking: Pick<Ranking, 'matchedTerms'>, id: string, part: number): string[] {
  return ranking.matchedTerms(id, part);
}

/** Multiplier for query words that sit next to each other in the title (most) or abstract. */
export function proximityFactor(retrieval: Pick<Ranking, 'plan' | 'matchedTerms'>, paper: Paper, texts: DocTextCache): number {
  const pairs = retrieval.plan.parts.length - 1;
  if (pairs < 1) return 1;
  const text = texts.get(paper);
  let bonus = 0;
  let b = new Set(matchedTerms(retrieval, paper.id, 0));
  for (let i = 0; i < pairs; i++) {
    const a = b;
    b = new Set(matchedTerms(retrieval, paper.id, i + 1));
    if (a.size === 0 || b.size === 0) continue;
    bonus += Math.max(TITLE_PAIR_BONUS * nearness(text.title, a, b), ABSTRACT_PAIR_BONUS * nearness(text.abstract, a, b));
  }
  return 1 + bonus / pairs;
}

export function matchesFilters(paper: Paper, filters: SearchFilters): boolean {
  if (filters.topic !== undefined && !paper.topics.includes(filters.topic)) return false;
  if (filters.hasCode !== undefined && paper.codeLinks.length > 0 !== filters.hasCode) return false;
  if (filters.yearFrom !== undefined || filters.yearTo !== undefined) {
    // Undated papers cannot be shown to fall inside a range, so a year filter excludes them.
    if (!paper.publishedAt) return false;
    const year = Number(paper.publishedAt.slice(0, 4));
    if (filters.yearFrom !== undefined && year < filters.yearFrom) return false;
    if (filters.yearTo !== undefined && year > filters.yearTo) return false;
  }
  if (filters.where !== undefined && !filters.where(paper)) return false;
  return true;
}

/** Score desc, then upvotes desc, then id asc: identical input always gives identical order. */
export function compareHits(a: SearchHit, b: SearchHit): number {
  return b.score - a.score || (b.paper.upvotes ?? 0) - (a.paper.upvotes ?? 0) || (a.paper.id < b.paper.id ? -1 : a.paper.id > b.paper.id ? 1 : 0);
}

/** A query that is exactly a paper id or arXiv id ("2310.06825", "peri-ln-revisiting-...") names that paper. */
function namedPaper(query: string, byId: ReadonlyMap<string, Paper>): Paper | undefined {
  const q = normalizeText(query).trim();
  if (!/^\d{4}\.\d{4,5}(v\d+)?$/.test(q)) return byId.get(q);
  const bare = q.replace(/v\d+$/, ''); // "2501.06842v2" names the paper stored as 2501.06842
  return byId.get(q) ?? byId.get(bare) ?? [...byId.values()].find((p) => p.arxivId === bare);
}

export interface RankContext {
  index: PostingsIndex;
  byId: ReadonlyMap<string, Paper>;
  texts: DocTextCache;
  /** The paper behind each doc number of the index (undefined once removed). */
  docPapers: ReadonlyArray<Paper | undefined>;
  /** Each doc's position when ordered by upvotes desc, then id (see tieBreakRanks, docTieRanks). */
  tieRank: Int32Array;
  scratch: Scratch;
  /** Learned semantics (src/semantic): query expansion and a dense re-rank of the head. */
  semantic?: SemanticRanker;
}

export interface RankOptions {
  /** At most this many hits (default DEFAULT_SEARCH_LIMIT; Infinity ranks every match). */
  limit?: number;
  /** Extra predicate over papers, applied with the filters before scoring. */
  filter?: (paper: Paper) => boolean;
  /** Multiplies a paper's lexical score; `max` must bound `factor` so top-k pruning stays exact. */
  boost?: { factor: (paper: Paper) => number; max: number };
}

/** Precomputed tie-break order, so sorting thousands of hits compares numbers only. */
export function tieBreakRanks(papers: readonly Paper[]): Map<string, number> {
  return runSteps(tieBreakRanksSteps(papers));
}

/** tieBreakRanks in steps of a few thousand papers (the map of 10k ids alone is a few milliseconds), for a new revision's engine. */
export function* tieBreakRanksSteps(papers: readonly Paper[]): Generator<void, Map<string, number>> {
  const order = tieBreakOrder(papers);
  const ranks = new Map<string, number>();
  for (let rank = 0; rank < order.length; rank++) {
    if (rank % 2048 === 2047) yield;
    ranks.set((papers[order[rank] as number] as Paper).id, rank);
  }
  return ranks;
}

/** Upvote counts above this are sorted by comparison (a counting array that large is not worth it). */
const MAX_COUNTED_UPVOTES = 1 << 20;

/**
 * Paper indexes in compareHits order at equal scores: upvotes desc, then id. The store's papers come in
 * id order, so that is a stable sort by upvotes alone, done by counting in O(n) (a new revision's engine
 * computes this between interactions; a comparison sort of 10k papers holds the event loop ~5-10 ms).
 * Other orders, or upvotes that are not small whole numbers, are sorted by comparison: the same result.
 */
function tieBreakOrder(papers: readonly Paper[]): number[] {
  let idOrder = true;
  let countable = true;
  let max = 0;
  for (let i = 0; i < papers.length; i++) {
    const p = papers[i] as Paper;
    if (i > 0 && !((papers[i - 1] as Paper).id < p.id)) idOrder = false;
    const u = p.upvotes ?? 0;
    if (!Number.isInteger(u) || u < 0 || u > MAX_COUNTED_UPVOTES) countable = false;
    else if (u > max) max = u;
  }
  if (!idOrder || !countable) {
    return Array.from(papers.keys()).sort((a, b) => compareHits({ paper: papers[a] as Paper, score: 0 }, { paper: papers[b] as Paper, score: 0 }));
  }
  // Start of each upvote count's run, highest count first; ids stay ascending within a run.
  const start = new Int32Array(max + 2);
  for (const p of papers) {
    const k = max - (p.upvotes ?? 0) + 1;
    start[k] = (start[k] as number) + 1;
  }
  for (let k = 1; k <= max + 1; k++) start[k] = (start[k] as number) + (start[k - 1] as number);
  const order = new Array<number>(papers.length);
  papers.forEach((p, i) => {
    const k = max - (p.upvotes ?? 0);
    order[start[k] as number] = i;
    start[k] = (start[k] as number) + 1;
  });
  return order;
}

interface RankedHit extends SearchHit {
  tie: number;
}

const byScoreThenTie = (a: RankedHit, b: RankedHit) => b.score - a.score || a.tie - b.tie;

/** Doc-number-aligned tie ranks for an index (removed docs last). */
export function docTieRanks(docPapers: ReadonlyArray<Paper | undefined>, tieRank: ReadonlyMap<string, number>): Int32Array {
  return runSteps(docTieRanksSteps(docPapers, tieRank));
}

/** docTieRanks in steps of 2,048 docs (a Map lookup each), for a new revision's engine made between interactions. */
export function* docTieRanksSteps(docPapers: ReadonlyArray<Paper | undefined>, tieRank: ReadonlyMap<string, number>): Generator<void, Int32Array> {
  const ranks = new Int32Array(docPapers.length);
  for (let d = 0; d < docPapers.length; d++) {
    if (d % 2048 === 2047) yield;
    const p = docPapers[d];
    ranks[d] = p ? (tieRank.get(p.id) ?? 0x7fffffff) : 0x7fffffff;
  }
  return ranks;
}

/** Full search: the named paper first (a query that is an id), then the ranked matches. */
export function rankSearch(ctx: RankContext, query: string, filters: SearchFilters = {}, options: RankOptions = {}): SearchHit[] {
  const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
  if (!(limit > 0)) return [];
  const plan = parseQuery(query, ctx.semantic);
  const named = namedPaper(query, ctx.byId);
  if (plan.parts.length === 0 && !named) return [];
  const namedShown = named !== undefined && matchesFilters(named, filters) && (!options.filter || options.filter(named));
  // One more than asked when a named paper leads, since it may also be among the matches.
  const ranked = plan.parts.length === 0 ? [] : rankPlan(ctx, plan, filters, { ...options, limit: namedShown ? limit + 1 : limit }).hits;
  if (named && namedShown) {
    const top = Math.max(ranked[0]?.score ?? 0, 1);
    return [{ paper: named, score: top * 2 }, ...ranked.filter((h) => h.paper.id !== named.id)].slice(0, limit);
  }
  return ranked;
}

/** How many papers a search would return with no limit (the named paper included). */
export function countSearch(ctx: RankContext, query: string, filters: SearchFilters = {}, options: Pick<RankOptions, 'filter'> = {}): number {
  const plan = parseQuery(query, ctx.semantic);
  const named = namedPaper(query, ctx.byId);
  const accept = acceptor(ctx, filters, options);
  const namedDoc = named ? ctx.index.docOf(named.id) : undefined;
  const namedShown = named !== undefined && matchesFilters(named, filters) && (!options.filter || options.filter(named));
  const matches = plan.parts.length === 0 ? 0 : countMatches(ctx.index, plan.parts, plan.units, ctx.scratch, (doc) => doc !== namedDoc && accept(doc));
  return matches + (namedShown ? 1 : 0);
}

function acceptor(ctx: RankContext, filters: SearchFilters, options: Pick<RankOptions, 'filter'>): (doc: number) => boolean {
  // Most searches have no filter: then only removed papers are refused (retrieval asks for every candidate).
  const unfiltered = !options.filter && Object.values(filters).every((v) => v === undefined);
  if (unfiltered) return (doc) => ctx.docPapers[doc] !== undefined;
  return (doc) => {
    const paper = ctx.docPapers[doc];
    return paper !== undefined && matchesFilters(paper, filters) && (!options.filter || options.filter(paper));
  };
}

/**
 * The score a head paper must be able to reach to be shown, when only the best `limit` of the head
 * are shown (limit 0: every head paper is shown, the bar stays 0). It starts at the limit-th lexical
 * score and becomes the limit-th best final score of the papers re-ranked so far once there are
 * `limit` of them: bonuses are >= 1, so the limit-th final score of the whole head is at least
 * either. A paper skipped below it keeps its lexical score, below the shown ones, so the shown
 * results are exactly those of re-ranking every head paper.
 */
class FinalBar {
  private readonly best: number[] = [];
  constructor(
    private readonly limit: number,
    public value: number,
  ) {
    if (limit === 0) this.value = 0;
  }

  add(score: number): void {
    if (this.limit === 0) return;
    const best = this.best;
    if (best.length === this.limit && score <= (best[best.length - 1] as number)) return;
    let i = best.length;
    while (i > 0 && (best[i - 1] as number) < score) i--;
    best.splice(i, 0, score);
    if (best.length > this.limit) best.pop();
    if (best.length === this.limit) this.value = Math.max(this.value, best[best.length - 1] as number);
  }
}

/** Rank a parsed query: the top max(limit, RERANK_DEPTH) by score, a proximity bonus for the head, cut to limit. */
export function rankPlan(ctx: RankContext, plan: QueryPlan, filters: SearchFilters = {}, options: RankOptions = {}): Ranking {
  const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
  const { index, docPapers } = ctx;
  const accept = acceptor(ctx, filters, options);
  const boost = options.boost;
  const retrieved = retrieveTopK(index, plan.parts, plan.units, ctx.scratch, {
    k: Math.max(limit, RERANK_DEPTH),
    accept,
    tie: (doc) => ctx.tieRank[doc] as number,
    ...(boost ? { boost: { factor: (doc: number) => boost.factor(docPapers[doc] as Paper), max: boost.max } } : {}),
  });
  const matched = (id: string, part: number): string[] => {
    const doc = index.docOf(id);
    return doc === undefined ? [] : termsInDoc(retrieved.partTerms[part] as PartTerms | undefined, doc);
  };
  const ranking: Ranking = { plan, hits: [], unitDf: retrieved.unitDf, matchedTerms: matched };
  const hits: RankedHit[] = retrieved.docs.map((doc, i) => ({ paper: docPapers[doc] as Paper, score: retrieved.scores[i] as number, tie: ctx.tieRank[doc] as number }));
  // Bonuses are >= 1, so boosted head papers still outrank the untouched tail. A head paper whose
  // best possible boost stays below the limit-th score cannot reach the shown results (at least
  // `limit` papers score at least that much), so its text is not even read.
  const head = hits.slice(0, RERANK_DEPTH);
  // The bar rises as the head is re-ranked: the limit-th best final score so far (see FinalBar).
  // Not head[limit - 1]?.score: reading past the end deoptimizes this function (V8 "out of bounds").
  const bar = new FinalBar(limit < head.length ? limit : 0, limit >= 1 && limit <= head.length ? (head[limit - 1] as RankedHit).score : 0);
  const semantic = ctx.semantic;
  const queryVector = semantic?.queryVector(plan.parts.map((p) => p.stem));
  const maxDense = semantic ? semantic.maxDenseFactor() : 1;
  for (const hit of head) {
    // Cheapest bound first (no paper vector needed: a cold engine computes fewer), then the dense factor,
    // a dot product, known before the proximity bonus, so fewer abstracts are read.
    if (hit.score * MAX_PROXIMITY_FACTOR * maxDense < bar.value) continue;
    const dense = semantic ? semantic.denseFactor(queryVector, hit.paper) : 1;
    if (hit.score * MAX_PROXIMITY_FACTOR * dense < bar.value) continue;
    hit.score *= proximityFactor(ranking, hit.paper, ctx.texts);
    if (semantic) hit.score *= dense;
    bar.add(hit.score);
  }
  head.sort(byScoreThenTie);
  ctx.scratch.held.ranking ??= { ranking, hits, bar }; // see Scratch.held
  ranking.hits = [...head, ...hits.slice(RERANK_DEPTH)].slice(0, limit).map(({ paper, score }) => ({ paper, score }));
  return ranking;
}
