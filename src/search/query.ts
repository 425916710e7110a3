// Query understanding and ranking.
//
// A query becomes a plan: its content words ("parts", stemmed, question words dropped) plus "spans"
// that stand for several parts at once (a concept such as "reinforcement learning" ~ "RL", or a
// compound such as "peri-ln"). Parts linked by a span form one unit. A paper's score is the BM25F sum
// of its best alternative per unit, times the share of units it covers, each unit weighted by its
// rarity (so a paper matching every idea beats one repeating a common word); then the top candidates
// get a proximity bonus when query words sit next to each other in the title or abstract.
import type { Paper } from '../corpus/schema.js';
import type { SearchFilters, SearchHit } from './types.js';
import type { PaperIndex } from './index.js';
import { nearness, type DocTextCache } from './doc-text.js';
import { conceptTerm, findConcepts } from './synonyms.js';
import { normalizeText, tokenize } from './text.js';
import type { SemanticRanker } from '../semantic/rank.js';

/** An expansion counts for this much of a literal match (per word it stands for). */
export const CONCEPT_WEIGHT = 0.6;
const COMPOUND_WEIGHT = 1;
/** Minisearch weights for prefix (last word) and fuzzy (typo) matches; exact matches weigh 1. */
const PREFIX_WEIGHT = 0.4;
const FUZZY_WEIGHT = 0.35;
const RERANK_DEPTH = 50;
const TITLE_PAIR_BONUS = 0.5;
const ABSTRACT_PAIR_BONUS = 0.25;

export interface QueryPart {
  stem: string;
  /** Last word of a query that ends in a letter or digit: it may be unfinished, so prefixes match. */
  prefix: boolean;
}

export interface QuerySpan {
  /** Index term: a concept term ("~rl") or a compound ("peri-ln"). */
  term: string;
  start: number;
  end: number;
  weight: number;
  /** Share of coverage a match earns for the words it stands for (1 unless a learned expansion). */
  cover?: number;
}

export interface QueryUnit {
  parts: number[];
  spans: QuerySpan[];
}

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

/** Paper id -> BM25F score and the index terms that matched (after prefix/fuzzy expansion). */
export type TermHits = Map<string, { score: number; terms: string[] }>;

function lookup(index: PaperIndex, term: string, prefix: boolean, fuzzy: number): TermHits {
  const hits: TermHits = new Map();
  for (const r of index.search(term, { prefix, fuzzy, weights: { prefix: PREFIX_WEIGHT, fuzzy: FUZZY_WEIGHT } })) {
    hits.set(r.id as string, { score: r.score, terms: r.terms });
  }
  return hits;
}

/** Exact (plus prefix for the last word); typo tolerance only when the word is not in the index. */
function lookupPart(index: PaperIndex, part: QueryPart): TermHits {
  const hits = lookup(index, part.stem, part.prefix, 0);
  if (part.stem.length < 4 || /\d/.test(part.stem)) return hits;
  for (const hit of hits.values()) if (hit.terms.includes(part.stem)) return hits;
  return lookup(index, part.stem, part.prefix, part.stem.length >= 8 ? 2 : 1);
}

export interface Candidate {
  id: string;
  score: number;
  /** Rarity-weighted fraction of query units the paper matches, 0..1. */
  coverage: number;
}

export interface Retrieval {
  plan: QueryPlan;
  candidates: Candidate[];
  /** Per unit: how many papers match it (for idf-style weighting by callers). */
  unitDf: number[];
  /** Per query part: the hits of its term. */
  partHits: TermHits[];
}

/** Index terms that matched query part `part` in paper `id` (after prefix/fuzzy expansion). */
export function matchedTerms(retrieval: Retrieval, id: string, part: number): string[] {
  return retrieval.partHits[part]?.get(id)?.terms ?? [];
}

/** Rarity of a unit (BM25 idf): missing a rare idea costs a paper more than missing a common one. */
function unitIdf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/**
 * Score every paper that matches at least one unit of the plan. This is the hot loop of a search
 * (thousands of candidates at 10k papers), hence plain loops and preallocated buffers.
 */
export function retrieve(index: PaperIndex, plan: QueryPlan): Retrieval {
  const partHits = plan.parts.map((p) => lookupPart(index, p));
  const spanHits = new Map<string, TermHits>();
  for (const unit of plan.units) for (const s of unit.spans) if (!spanHits.has(s.term)) spanHits.set(s.term, lookup(index, s.term, false, 0));

  const ids = new Set<string>();
  for (const h of partHits) for (const id of h.keys()) ids.add(id);
  for (const h of spanHits.values()) for (const id of h.keys()) ids.add(id);

  const unitCount = plan.units.length;
  const unitDf: number[] = new Array<number>(unitCount).fill(0);
  const idList = [...ids];
  const unitScore = new Float64Array(idList.length * unitCount);
  const unitCovered = new Float64Array(idList.length * unitCount);
  const partScore = new Float64Array(plan.parts.length);
  const covered = new Float64Array(plan.parts.length);

  idList.forEach((id, c) => {
    for (let i = 0; i < plan.parts.length; i++) partScore[i] = partHits[i]?.get(id)?.score ?? 0;
    for (let u = 0; u < unitCount; u++) {
      const unit = plan.units[u] as QueryUnit;
      let literal = 0;
      for (const i of unit.parts) {
        literal += partScore[i] as number;
        covered[i] = (partScore[i] as number) > 0 ? 1 : 0;
      }
      let best = literal;
      for (const s of unit.spans) {
        const hit = spanHits.get(s.term)?.get(id);
        if (!hit) continue;
        let inside = 0;
        const cover = s.cover ?? 1;
        for (let i = s.start; i < s.end; i++) {
          inside += partScore[i] as number;
          if ((covered[i] as number) < cover) covered[i] = cover;
        }
        // The span replaces the literal score of the words it stands for, never adds to it.
        best = Math.max(best, s.weight * hit.score + literal - inside);
      }
      let n = 0;
      for (const i of unit.parts) n += covered[i] as number;
      if (n > 0) unitDf[u] = (unitDf[u] as number) + 1;
      unitScore[c * unitCount + u] = best;
      unitCovered[c * unitCount + u] = n / unit.parts.length;
    }
  });

  const idf = unitDf.map((df) => unitIdf(df, index.documentCount));
  const idfSum = idf.reduce((a, b) => a + b, 0) || 1;
  const candidates = idList.map((id, c) => {
    let total = 0;
    let coverage = 0;
    for (let u = 0; u < unitCount; u++) {
      total += unitScore[c * unitCount + u] as number;
      coverage += (unitCovered[c * unitCount + u] as number) * (idf[u] as number);
    }
    coverage /= idfSum;
    return { id, score: total * coverage, coverage };
  });
  return { plan, candidates, unitDf, partHits };
}

/** Multiplier for query words that sit next to each other in the title (most) or abstract. */
export function proximityFactor(retrieval: Retrieval, paper: Paper, texts: DocTextCache): number {
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
  index: PaperIndex;
  byId: ReadonlyMap<string, Paper>;
  texts: DocTextCache;
  /** Each paper's position when ordered by upvotes desc, then id (see tieBreakRanks). */
  tieRank: ReadonlyMap<string, number>;
  /** Learned semantics (src/semantic): query expansion and a dense re-rank of the head. */
  semantic?: SemanticRanker;
}

/** Precomputed tie-break order, so sorting thousands of hits compares numbers only. */
export function tieBreakRanks(papers: readonly Paper[]): Map<string, number> {
  const sorted = [...papers].sort((a, b) => compareHits({ paper: a, score: 0 }, { paper: b, score: 0 }));
  return new Map(sorted.map((p, i) => [p.id, i]));
}

interface RankedHit extends SearchHit {
  tie: number;
}

const byScoreThenTie = (a: RankedHit, b: RankedHit) => b.score - a.score || a.tie - b.tie;

/** Full search: retrieve, re-rank the head by proximity, filter, order deterministically. */
export function rankSearch(ctx: RankContext, query: string, filters: SearchFilters = {}): SearchHit[] {
  const plan = parseQuery(query, ctx.semantic);
  const named = namedPaper(query, ctx.byId);
  if (plan.parts.length === 0 && !named) return [];
  const ranked = plan.parts.length === 0 ? [] : rankRetrieval(ctx, retrieve(ctx.index, plan), filters);
  if (named && matchesFilters(named, filters)) {
    const top = Math.max(ranked[0]?.score ?? 0, 1);
    return [{ paper: named, score: top * 2 }, ...ranked.filter((h) => h.paper.id !== named.id)];
  }
  return ranked;
}

/** Order retrieved candidates: filter, sort, proximity bonus for the head, sort again. */
export function rankRetrieval(ctx: RankContext, retrieval: Retrieval, filters: SearchFilters = {}): SearchHit[] {
  const hits: RankedHit[] = [];
  for (const c of retrieval.candidates) {
    const paper = ctx.byId.get(c.id);
    if (paper && matchesFilters(paper, filters)) hits.push({ paper, score: c.score, tie: ctx.tieRank.get(c.id) ?? Number.MAX_SAFE_INTEGER });
  }
  hits.sort(byScoreThenTie);
  // Bonuses are >= 1, so boosted head papers still outrank the untouched tail.
  const head = hits.slice(0, RERANK_DEPTH);
  const queryVector = ctx.semantic?.queryVector(retrieval.plan.parts.map((p) => p.stem));
  for (const hit of head) {
    hit.score *= proximityFactor(retrieval, hit.paper, ctx.texts);
    if (ctx.semantic) hit.score *= ctx.semantic.denseFactor(queryVector, hit.paper);
  }
  head.sort(byScoreThenTie);
  return [...head, ...hits.slice(RERANK_DEPTH)].map(({ paper, score }) => ({ paper, score }));
}
