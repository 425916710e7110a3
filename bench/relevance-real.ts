// Relevance on the blind, pooled, judged sets (rules inside each file):
//   bench/queries-real.json        128 requests over the real HF export (../shared), split tune/test
//   bench/queries-seed-blind.json   44 questions over the 106 seed papers (corpus/papers.json)
// Every system is built over the same corpus in this process and scored on the same requests:
// nDCG@5, nDCG@10 (graded, gain 2^g - 1) and MRR@10 (first grade-2 paper), per half and per kind,
// plus the share of each system's top 10 that nobody has judged (counted as 0 - judge them with
// bench/eval/pool.ts before trusting a new system's figures).
//
//   npx tsx bench/relevance-real.ts [--set real|seed|both] [--split test|tune|all] [--all-systems]
//                                   [--module FILE --export NAME] [--verbose]
// Report the test half. Tune on the tune half only. "paperboy-baseline" is a frozen run
// (bench/eval/runs/, see runs.ts): paperboy's lexical ranking before the semantic ranker, replayed
// and scored with today's judgments, so a change can be read against it in the same report.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Corpus } from '../src/corpus/corpus.js';
import { ndcgAt, reciprocalRank } from './relevance.js';
import { loadJudgedSet, REQUEST_KINDS, type JudgedRequest, type JudgedSet } from './eval/judged-set.js';
import { EVAL_SETS } from './eval/pool.js';
import { frozenRuns } from './eval/runs.js';
import { POOL_SYSTEMS, minisearchDefaults, paperboy, type RankerFactory } from './eval/systems.js';

export type Split = 'tune' | 'test' | 'all';

export interface Scores {
  n: number;
  ndcg5: number;
  ndcg10: number;
  mrr10: number;
  /** Share of the top-10 results (over all requests in the slice) that have no grade. */
  unjudged10: number;
}

export interface RequestScores {
  request: JudgedRequest;
  bySystem: Record<string, Omit<Scores, 'n'> & { top: string[] }>;
}

export interface SliceReport {
  /** "tune", "test", "all", or "test/question" etc. */
  slice: string;
  bySystem: Record<string, Scores>;
}

export interface RelevanceRealReport {
  set: string;
  systems: string[];
  slices: SliceReport[];
  perRequest: RequestScores[];
}

/** Paperboy as it ranks at this commit, and the baseline every figure stands beside. */
export const DEFAULT_SYSTEMS: Record<string, RankerFactory> = {
  paperboy,
  'minisearch-defaults': minisearchDefaults,
};

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

function scoreRequest(top: string[], r: JudgedRequest): Omit<Scores, 'n'> {
  return {
    ndcg5: ndcgAt(top, r.judged, 5),
    ndcg10: ndcgAt(top, r.judged, 10),
    mrr10: reciprocalRank(top, r.judged, 10),
    unjudged10: top.length === 0 ? 0 : top.filter((id) => r.judged[id] === undefined).length / 10,
  };
}

function average(rows: RequestScores[], system: string): Scores {
  const s = rows.map((r) => r.bySystem[system] as Omit<Scores, 'n'>);
  return {
    n: rows.length,
    ndcg5: mean(s.map((x) => x.ndcg5)),
    ndcg10: mean(s.map((x) => x.ndcg10)),
    mrr10: mean(s.map((x) => x.mrr10)),
    unjudged10: mean(s.map((x) => x.unjudged10)),
  };
}

/** Scores `systems` on `set` over `corpus` (all built here, in this process). */
export function evaluateJudgedSet(
  set: JudgedSet,
  corpus: Corpus,
  systems: Record<string, RankerFactory> = DEFAULT_SYSTEMS,
  split: Split = 'all',
): RelevanceRealReport {
  const requests = set.requests.filter((r) => split === 'all' || r.split === split);
  const names = Object.keys(systems);
  const rankers = names.map((name) => [name, (systems[name] as RankerFactory)(corpus)] as const);
  const perRequest: RequestScores[] = requests.map((request) => ({
    request,
    bySystem: Object.fromEntries(
      rankers.map(([name, rank]) => {
        const top = rank(request.request).slice(0, 10);
        return [name, { ...scoreRequest(top, request), top }];
      }),
    ),
  }));
  const slices: SliceReport[] = [];
  const add = (slice: string, rows: RequestScores[]) => {
    if (rows.length > 0) slices.push({ slice, bySystem: Object.fromEntries(names.map((n) => [n, average(rows, n)])) });
  };
  for (const half of split === 'all' ? (['tune', 'test'] as const) : [split]) {
    const rows = perRequest.filter((r) => r.request.split === half);
    for (const kind of REQUEST_KINDS) add(`${half}/${kind}`, rows.filter((r) => r.request.kind === kind));
    add(half, rows);
  }
  if (split === 'all') add('all', perRequest);
  return { set: set.name, systems: names, slices, perRequest };
}

export interface RunOptions {
  set?: 'real' | 'seed';
  split?: Split;
  systems?: Record<string, RankerFactory>;
  /** Also score the frozen runs saved in bench/eval/runs/ (paperboy as it ranked before later changes). Default true. */
  frozen?: boolean;
}

/** Loads the set and its corpus and evaluates; callable from other benches and tests. */
export function runRelevanceReal(options: RunOptions = {}): RelevanceRealReport {
  const setName = options.set ?? 'real';
  const spec = EVAL_SETS[setName];
  const corpus = spec.corpus();
  const set = loadJudgedSet(spec.path, new Set(corpus.papers.map((p) => p.id)));
  const systems = { ...(options.systems ?? DEFAULT_SYSTEMS), ...(options.frozen === false ? {} : frozenRuns(setName)) };
  return evaluateJudgedSet(set, corpus, systems, options.split ?? 'all');
}

const f3 = (x: number) => x.toFixed(3);

export function formatRelevanceReal(report: RelevanceRealReport, verbose = false): string {
  const lines = [`${report.set}`, 'nDCG@5 / nDCG@10 / MRR@10 per system; "unj" = share of its top 10 never judged (counted as 0)', ''];
  const width = Math.max(...report.systems.map((s) => s.length), 26);
  lines.push(`${'slice'.padEnd(18)} ${'n'.padStart(3)}  ${report.systems.map((s) => s.padEnd(width)).join('  ')}`);
  for (const { slice, bySystem } of report.slices) {
    const cells = report.systems.map((s) => {
      const x = bySystem[s] as Scores;
      return `${f3(x.ndcg5)} ${f3(x.ndcg10)} ${f3(x.mrr10)} unj ${(x.unjudged10 * 100).toFixed(0).padStart(2)}%`.padEnd(width);
    });
    const n = (Object.values(bySystem)[0] as Scores).n;
    const label = slice.includes('/') ? `  ${slice}` : slice.toUpperCase();
    lines.push(`${label.padEnd(18)} ${String(n).padStart(3)}  ${cells.join('  ')}`);
  }
  const [a, b] = report.systems;
  if (a && b) {
    for (const { slice, bySystem } of report.slices.filter((s) => !s.slice.includes('/'))) {
      const x = bySystem[a] as Scores;
      const y = bySystem[b] as Scores;
      lines.push(`${slice}: MRR@10 ${a} / ${b} = ${y.mrr10 === 0 ? 'inf' : (x.mrr10 / y.mrr10).toFixed(2)}x`);
    }
  }
  const test = report.slices.find((s) => s.slice === 'test')?.bySystem;
  const pb = test?.paperboy;
  const ms = test?.['minisearch-defaults'];
  if (pb && ms) {
    // Issue 10's targets, read on the test half only.
    lines.push(
      report.set.includes('seed')
        ? `issue 10 target, seed test half nDCG@5 >= 0.95: paperboy ${f3(pb.ndcg5)} (${pb.ndcg5 >= 0.95 ? 'met' : 'not met'})`
        : `issue 10 target, test half MRR@10 >= 1.5x minisearch defaults (${f3(1.5 * ms.mrr10)}): paperboy ${f3(pb.mrr10)} = ${(pb.mrr10 / ms.mrr10).toFixed(2)}x (${pb.mrr10 >= 1.5 * ms.mrr10 ? 'met' : 'not met'}); nDCG@10 ${f3(pb.ndcg10)}`,
    );
  }
  if (verbose) {
    lines.push('', `Per request (MRR@10 and nDCG@10 for: ${report.systems.join(', ')}):`);
    for (const r of report.perRequest) {
      const cells = report.systems.map((s) => `${f3(r.bySystem[s]!.mrr10)} ${f3(r.bySystem[s]!.ndcg10)}`).join(' | ');
      lines.push(`  ${r.request.id} ${r.request.split.padEnd(4)} ${cells}  ${r.request.request}`);
    }
  }
  return lines.join('\n');
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<RelevanceRealReport[]> {
  const split = (option(argv, '--split') ?? 'all') as Split;
  if (!['tune', 'test', 'all'].includes(split)) throw new Error('--split must be tune, test or all');
  const which = option(argv, '--set') ?? 'both';
  const systems: Record<string, RankerFactory> = { ...DEFAULT_SYSTEMS };
  if (argv.includes('--all-systems')) {
    for (const [name, f] of Object.entries(POOL_SYSTEMS)) if (name !== 'paperboy-engine' && !systems[name]) systems[name] = f;
  }
  const file = option(argv, '--module');
  if (file) {
    const exportName = option(argv, '--export') ?? 'default';
    const mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
    if (typeof mod[exportName] !== 'function') throw new Error(`${file} has no export "${exportName}" that is a RankerFactory`);
    systems[`${exportName}`] = mod[exportName] as RankerFactory;
  }
  const reports: RelevanceRealReport[] = [];
  for (const set of which === 'both' ? (['real', 'seed'] as const) : [which as 'real' | 'seed']) {
    const report = runRelevanceReal({ set, split, systems });
    console.log(`${formatRelevanceReal(report, argv.includes('--verbose'))}\n`);
    reports.push(report);
  }
  return reports;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
