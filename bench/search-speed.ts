// Search speed and memory, on the real corpus and on a synthetic 10k-paper corpus made by
// perturbing copies of the real papers. Reports medians, p95s and ratios; nothing here passes or
// fails, since absolute numbers depend on the machine.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pathToFileURL } from 'node:url';
import type { Corpus } from '../src/corpus/corpus.js';
import { syntheticCorpus } from './synthetic.js';
import { loadCorpus } from '../src/corpus/load.js';
import { createSearchEngine } from '../src/search/engine.js';
import { buildIndex, decodeSnapshot, encodeSnapshot } from '../src/search/index.js';
import { CORPUS_DIR, loadJudgedQueries } from './relevance.js';

// A forced GC before each heap reading makes heapUsed deltas mean "retained", not "allocated".
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}
const median = (xs: number[]) => percentile(xs, 0.5);

export { prng, syntheticCorpus } from './synthetic.js';

interface Latency {
  median: number;
  p95: number;
}

export interface SpeedReport {
  label: string;
  papers: number;
  search: Latency;
  suggest: Latency;
  similar: Latency;
  answer: Latency;
  buildMs: number;
  loadMs: number;
  indexBytes: number;
  engineHeapMb: number;
  similarityHeapMb: number;
}

function latency(calls: Array<() => unknown>, rounds: number): Latency {
  for (const call of calls.slice(0, 20)) call(); // warm-up: JIT, lazy caches
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) for (const call of calls) samples.push(timeMs(call));
  return { median: median(samples), p95: percentile(samples, 0.95) };
}

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export function measure(label: string, corpus: Corpus, queries: string[], rounds: number, builds: number): SpeedReport {
  const buildTimes = Array.from({ length: builds }, () => timeMs(() => buildIndex(corpus)));
  const snapshot = encodeSnapshot(buildIndex(corpus), corpus);
  const loadTimes = Array.from({ length: builds }, () => timeMs(() => decodeSnapshot(snapshot, corpus)));

  const before = heapMb();
  const engine = createSearchEngine(corpus, { index: decodeSnapshot(snapshot, corpus) });
  const engineHeapMb = heapMb() - before;
  engine.similar(corpus.papers[0]?.id ?? '', 5); // builds the similarity model
  const similarityHeapMb = heapMb() - before - engineHeapMb;

  const ids = corpus.papers.filter((_, i) => i % Math.max(1, Math.floor(corpus.papers.length / 50)) === 0).map((p) => p.id);
  const prefixes = corpus.papers.slice(0, 50).map((p, i) => p.title.toLowerCase().slice(0, 1 + (i % 6)));
  return {
    label,
    papers: corpus.papers.length,
    search: latency(queries.map((q) => () => engine.search(q)), rounds),
    suggest: latency(prefixes.map((p) => () => engine.suggest(p)), rounds * 4),
    similar: latency(ids.map((id) => () => engine.similar(id, 5)), rounds),
    answer: latency(queries.slice(0, 20).map((q) => () => engine.answer(q)), rounds),
    buildMs: median(buildTimes),
    loadMs: median(loadTimes),
    indexBytes: snapshot.length,
    engineHeapMb,
    similarityHeapMb,
  };
}

export const ms = (x: number) => (x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(2)} ms`);

export function formatSpeed(reports: SpeedReport[]): string {
  const lines = ['Search speed (median / p95 per call)', ''];
  for (const r of reports) {
    lines.push(`${r.label}: ${r.papers} papers`);
    for (const k of ['search', 'suggest', 'similar', 'answer'] as const) lines.push(`  ${k.padEnd(8)} ${ms(r[k].median).padStart(9)} / ${ms(r[k].p95).padStart(9)}`);
    lines.push(`  index build ${ms(r.buildMs)}, load from the snapshot ${ms(r.loadMs)} (build/load ${(r.buildMs / r.loadMs).toFixed(1)}x), snapshot ${(r.indexBytes / 2 ** 20).toFixed(2)} MiB`);
    lines.push(`  heap: engine ${r.engineHeapMb.toFixed(1)} MiB, similarity model +${r.similarityHeapMb.toFixed(1)} MiB`);
  }
  return lines.join('\n');
}

export function runSearchSpeed(corpusDir = CORPUS_DIR): SpeedReport[] {
  const corpus = loadCorpus(corpusDir);
  const queries = loadJudgedQueries().map((q) => q.query);
  const reports = [measure('real corpus', corpus, queries, 40, 15), measure('synthetic', syntheticCorpus(corpus, 10_000), queries, 3, 3)];
  console.log(formatSpeed(reports));
  return reports;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runSearchSpeed();
