// Relevance of our engine against MiniSearch with default options, over the judged queries in
// bench/queries.json: nDCG@5 (graded) and MRR@10 (rank of the first grade-2 paper). Prints a table.
// The judgments were written from the abstracts; do not edit them to fit the engine.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import type { Corpus } from '../src/corpus/corpus.js';
import { loadCorpus } from '../src/corpus/load.js';
import { createSearchEngine } from '../src/search/engine.js';

export const QUERIES_PATH = fileURLToPath(new URL('./queries.json', import.meta.url));
export const CORPUS_DIR = fileURLToPath(new URL('../corpus', import.meta.url));

const JudgedQuerySchema = z.object({
  kind: z.enum(['acronym', 'question', 'typo', 'paraphrase', 'topical']),
  query: z.string().min(1),
  relevant: z.record(z.string(), z.union([z.literal(1), z.literal(2)])),
});
export type JudgedQuery = z.infer<typeof JudgedQuerySchema>;

export function loadJudgedQueries(path = QUERIES_PATH): JudgedQuery[] {
  return z.object({ version: z.literal(1), queries: z.array(JudgedQuerySchema).min(1) }).parse(JSON.parse(readFileSync(path, 'utf8'))).queries;
}

/** Graded nDCG@k with exponential gain (2^grade - 1). */
export function ndcgAt(ranked: readonly string[], relevant: Readonly<Record<string, number>>, k = 5): number {
  const gain = (g: number) => 2 ** g - 1;
  const dcg = ranked.slice(0, k).reduce((s, id, i) => s + gain(relevant[id] ?? 0) / Math.log2(i + 2), 0);
  const ideal = Object.values(relevant)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((s, g, i) => s + gain(g) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** 1/rank of the first paper judged 2 ("the answer") within the top `k`, else 0. */
export function reciprocalRank(ranked: readonly string[], relevant: Readonly<Record<string, number>>, k = 10): number {
  const i = ranked.slice(0, k).findIndex((id) => relevant[id] === 2);
  return i < 0 ? 0 : 1 / (i + 1);
}

export type Ranker = (query: string) => string[];

/** MiniSearch out of the box: title + abstract, default tokenizer, plain search(query). */
export function baselineRanker(corpus: Corpus): Ranker {
  const ms = new MiniSearch({ fields: ['title', 'abstract'], storeFields: ['title'] });
  ms.addAll(corpus.papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract })));
  return (query) => ms.search(query).map((r) => r.id as string);
}

export function engineRanker(corpus: Corpus): Ranker {
  const engine = createSearchEngine(corpus);
  return (query) => engine.search(query).map((h) => h.paper.id);
}

export interface Scores {
  ndcg5: number;
  mrr: number;
}

export interface QueryResult {
  query: JudgedQuery;
  ours: Scores;
  baseline: Scores;
}

export interface RelevanceReport {
  ours: Scores;
  baseline: Scores;
  byKind: Record<string, { count: number; ours: Scores; baseline: Scores }>;
  perQuery: QueryResult[];
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const average = (rs: Scores[]): Scores => ({ ndcg5: mean(rs.map((r) => r.ndcg5)), mrr: mean(rs.map((r) => r.mrr)) });

export function evaluateRelevance(corpus: Corpus, queries: readonly JudgedQuery[] = loadJudgedQueries()): RelevanceReport {
  const unknown = queries.flatMap((q) => Object.keys(q.relevant).filter((id) => !corpus.byId.has(id)).map((id) => `${q.query} -> ${id}`));
  if (unknown.length > 0) throw new Error(`the judged queries name papers not in the corpus:\n  ${unknown.join('\n  ')}`);
  const ours = engineRanker(corpus);
  const baseline = baselineRanker(corpus);
  const score = (ranked: string[], q: JudgedQuery): Scores => ({ ndcg5: ndcgAt(ranked, q.relevant), mrr: reciprocalRank(ranked, q.relevant) });
  const perQuery = queries.map((q) => ({ query: q, ours: score(ours(q.query), q), baseline: score(baseline(q.query), q) }));
  const byKind: RelevanceReport['byKind'] = {};
  for (const kind of [...new Set(queries.map((q) => q.kind))].sort()) {
    const rows = perQuery.filter((r) => r.query.kind === kind);
    byKind[kind] = { count: rows.length, ours: average(rows.map((r) => r.ours)), baseline: average(rows.map((r) => r.baseline)) };
  }
  return { ours: average(perQuery.map((r) => r.ours)), baseline: average(perQuery.map((r) => r.baseline)), byKind, perQuery };
}

const f3 = (x: number) => x.toFixed(3);

export function formatRelevance(report: RelevanceReport, verbose = false): string {
  const lines = ['Relevance (nDCG@5 graded, MRR@10 of first grade-2 paper)', ''];
  lines.push(`${'slice'.padEnd(12)} ${'n'.padStart(3)}  ${'ours nDCG'.padStart(9)} ${'base nDCG'.padStart(9)}  ${'ours MRR'.padStart(8)} ${'base MRR'.padStart(8)}`);
  const row = (name: string, n: number, o: Scores, b: Scores) =>
    `${name.padEnd(12)} ${String(n).padStart(3)}  ${f3(o.ndcg5).padStart(9)} ${f3(b.ndcg5).padStart(9)}  ${f3(o.mrr).padStart(8)} ${f3(b.mrr).padStart(8)}`;
  for (const [kind, k] of Object.entries(report.byKind)) lines.push(row(kind, k.count, k.ours, k.baseline));
  lines.push(row('ALL', report.perQuery.length, report.ours, report.baseline));
  if (verbose) {
    lines.push('', 'Per query (ours nDCG / baseline nDCG):');
    for (const r of report.perQuery) lines.push(`  ${f3(r.ours.ndcg5)} ${f3(r.baseline.ndcg5)}  ${r.query.query}`);
  }
  return lines.join('\n');
}

/** Written blind after tuning on queries.json: the honest estimate of how the engine generalises. */
export const HELDOUT_PATH = fileURLToPath(new URL('./queries-heldout.json', import.meta.url));

export function runRelevance(corpusDir = CORPUS_DIR, queriesPath = QUERIES_PATH): RelevanceReport {
  const report = evaluateRelevance(loadCorpus(corpusDir), loadJudgedQueries(queriesPath));
  console.log(`${queriesPath.endsWith('heldout.json') ? 'Held-out set (bench/queries-heldout.json)' : 'Tuning set (bench/queries.json)'}`);
  console.log(formatRelevance(report, process.argv.includes('--verbose')));
  return report;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runRelevance(CORPUS_DIR, process.argv.includes('--heldout') ? HELDOUT_PATH : QUERIES_PATH);
}
