// Search engines side by side, in one process and one run: paperboy against MiniSearch defaults,
// FlexSearch (Document), Orama and Lunr, on the seed corpus, the real Hugging Face export (built
// in-process from ../shared/data/hf-daily-papers with the corpus builder: parser + merge), and a
// deterministic synthetic 100k built from the real abstracts. For each: build time, load time from
// the engine's own serialised form, retained heap, latency percentiles over bench/speed-queries.json
// (50 natural questions + 50 keyword queries, top 10), and nDCG@5 / MRR@10 on the judged seed sets.
//
// Nothing passes or fails here: figures depend on the machine and its load, which is printed.
// `--quick` skips the 100k corpus. Writes bench/results/engines.json, bench/chart.svg, and the
// generated block of BENCHMARKS.md.
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import FlexSearch from 'flexsearch';
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import { create as oramaCreate, insertMultiple as oramaInsert, load as oramaLoad, save as oramaSave, search as oramaSearch } from '@orama/orama';
import { z } from 'zod';
import { buildCorpus, readBuildInputsSync } from '../src/corpus/build.js';
import { makeCorpus, type Corpus } from '../src/corpus/corpus.js';
import { loadCorpus } from '../src/corpus/load.js';
import { createSearchEngine } from '../src/search/engine.js';
import { decodeSnapshot } from '../src/search/snapshot.js';
import { CORPUS_DIR, HELDOUT_PATH, loadJudgedQueries, ndcgAt, QUERIES_PATH, reciprocalRank } from './relevance.js';
import { syntheticCorpus } from './synthetic.js';
import { renderChart } from './chart.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export const SHARED_EXPORT_DIR = fileURLToPath(new URL('../../shared/data/hf-daily-papers/', import.meta.url));
const SPEED_QUERIES = fileURLToPath(new URL('./speed-queries.json', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
const CHART = fileURLToPath(new URL('./chart.svg', import.meta.url));
const BENCHMARKS_MD = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const TOP_K = 10;
/** Deepest page a Discord user can reach: 99 pages of 5. */
const PAGE_DEPTH = 495;

export function loadSpeedQueries(): { natural: string[]; keyword: string[] } {
  return z
    .object({ version: z.literal(1), natural: z.array(z.string().min(1)).min(50), keyword: z.array(z.string().min(1)).min(50) })
    .parse(JSON.parse(readFileSync(SPEED_QUERIES, 'utf8')));
}

/** The real export merged with the seed corpus by the corpus builder (HF parser + merge), in memory. */
export function realExportCorpus(dir = SHARED_EXPORT_DIR): Corpus | undefined {
  if (!existsSync(dir)) return undefined;
  const { sources, topics } = readBuildInputsSync(CORPUS_DIR);
  for (const file of readdirSync(dir).filter((f) => /^export-.*\.json$/.test(f)).sort()) {
    sources.push({ file: `hf-daily-papers/${file}`, format: 'hf-daily-json', text: readFileSync(join(dir, file), 'utf8') });
  }
  const built = buildCorpus(sources, topics);
  return makeCorpus(built.corpus.papers, topics, built.corpus.hash);
}

interface Handle {
  search(query: string, k: number): string[];
  /** The engine's own serialised form, when it has one. */
  save?(): Buffer | string;
}

interface Adapter {
  name: string;
  build(corpus: Corpus): Promise<Handle> | Handle;
  load?(data: Buffer | string, corpus: Corpus): Promise<Handle> | Handle;
}

const docsOf = (corpus: Corpus) => corpus.papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract }));

function paperboyHandle(engine: ReturnType<typeof createSearchEngine>): Handle {
  return { search: (q, k) => engine.search(q, {}, { limit: k }).map((h) => h.paper.id), save: () => engine.snapshot() };
}

const MINI_OPTIONS = { fields: ['title', 'abstract'] };
const ORAMA_SCHEMA = { id: 'string', title: 'string', abstract: 'string' } as const;

export const ADAPTERS: Adapter[] = [
  {
    name: 'paperboy',
    build: (corpus) => paperboyHandle(createSearchEngine(corpus)),
    load: (data, corpus) => paperboyHandle(createSearchEngine(corpus, { index: decodeSnapshot(data as Buffer, corpus) })),
  },
  {
    name: 'minisearch',
    build(corpus) {
      const ms = new MiniSearch(MINI_OPTIONS);
      ms.addAll(docsOf(corpus));
      return { search: (q, k) => ms.search(q).slice(0, k).map((r) => r.id as string), save: () => JSON.stringify(ms) };
    },
    load(data) {
      const ms = MiniSearch.loadJSON(data as string, MINI_OPTIONS);
      return { search: (q, k) => ms.search(q).slice(0, k).map((r) => r.id as string) };
    },
  },
  {
    name: 'flexsearch',
    build(corpus) {
      const index = new FlexSearch.Document({ document: { id: 'id', index: ['title', 'abstract'] } });
      for (const d of docsOf(corpus)) index.add(d);
      // suggest: keep papers matching only some words (the default requires all of them, so most questions find nothing).
      return { search: (q, k) => (index.search(q, { limit: k, suggest: true, merge: true }) as Array<{ id: string | number }>).map((r) => String(r.id)) };
    },
  },
  {
    name: 'orama',
    async build(corpus) {
      const db = oramaCreate({ schema: ORAMA_SCHEMA });
      await oramaInsert(db, docsOf(corpus));
      return {
        search: (q, k) => (oramaSearch(db, { term: q, limit: k }) as { hits: Array<{ id: string }> }).hits.map((h) => h.id),
        save: () => JSON.stringify(oramaSave(db)),
      };
    },
    load(data) {
      const db = oramaCreate({ schema: ORAMA_SCHEMA });
      oramaLoad(db, JSON.parse(data as string));
      return { search: (q, k) => (oramaSearch(db, { term: q, limit: k }) as { hits: Array<{ id: string }> }).hits.map((h) => h.id) };
    },
  },
  {
    name: 'lunr',
    build(corpus) {
      const docs = docsOf(corpus);
      const index = lunr(function () {
        this.ref('id');
        this.field('title');
        this.field('abstract');
        for (const d of docs) this.add(d);
      });
      return { search: (q, k) => lunrSearch(index, q, k), save: () => JSON.stringify(index) };
    },
    load(data) {
      const index = lunr.Index.load(JSON.parse(data as string));
      return { search: (q, k) => lunrSearch(index, q, k) };
    },
  },
];

/** Lunr parses its own query syntax (field:, ~, ^, +, -, *): plain words only, as a user's words. */
function lunrSearch(index: lunr.Index, q: string, k: number): string[] {
  const words = q.replace(/[^\p{L}\p{N}\s]+/gu, ' ').trim();
  return words ? index.search(words).slice(0, k).map((r) => r.ref) : [];
}

function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Wall time and this process's CPU time of one call. On a shared machine the wall time includes
 * waiting for a core; CPU time (user + system, all threads: GC included) is the engine's own cost.
 */
function timeBoth(fn: () => unknown): [number, number] {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return [wall, (used.user + used.system) / 1000];
}

async function timeAsync<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** JS heap plus ArrayBuffer memory (typed arrays live outside the JS heap but are just as retained). */
function heapMb(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  samples: number;
  /** The same percentiles of CPU time per call (immune to waiting for a core on a loaded machine). */
  cpu?: { p50: number; p95: number; p99: number };
}

function summarize(wall: number[], cpu: number[]): Latency {
  return {
    p50: percentile(wall, 0.5),
    p95: percentile(wall, 0.95),
    p99: percentile(wall, 0.99),
    samples: wall.length,
    cpu: { p50: percentile(cpu, 0.5), p95: percentile(cpu, 0.95), p99: percentile(cpu, 0.99) },
  };
}

/** Percentiles over `rounds` passes of the queries, overall and for the first `split` (natural) vs the rest (keyword). */
function latency(handle: Handle, queries: readonly string[], rounds: number, k: number, split: number, warmUp = queries.length): { all: Latency; natural: Latency; keyword: Latency } {
  for (const q of queries.slice(0, warmUp)) handle.search(q, k); // warm-up: JIT, lazy caches
  const wall: number[][] = [[], []];
  const cpu: number[][] = [[], []];
  for (let r = 0; r < rounds; r++) {
    queries.forEach((q, i) => {
      const [w, c] = timeBoth(() => handle.search(q, k));
      wall[i < split ? 0 : 1]?.push(w);
      cpu[i < split ? 0 : 1]?.push(c);
    });
  }
  const [wn, wk] = wall as [number[], number[]];
  const [cn, ck] = cpu as [number[], number[]];
  return { all: summarize([...wn, ...wk], [...cn, ...ck]), natural: summarize(wn, cn), keyword: summarize(wk, ck) };
}

export interface EngineResult {
  engine: string;
  buildMs: number;
  buildCpuMs?: number;
  loadMs?: number;
  savedBytes?: number;
  heapMb: number;
  all: Latency;
  natural: Latency;
  keyword: Latency;
  /** paperboy only: the same queries asking for every page a person can reach. */
  deep?: Latency;
  relevance?: { ndcg5: number; mrr: number; heldoutNdcg5: number; heldoutMrr: number };
  error?: string;
}

export interface CorpusResult {
  label: string;
  papers: number;
  engines: EngineResult[];
  /** paperboy extras: incremental add, similarity cold start. */
  extras: Record<string, number>;
}

function relevanceOf(handle: Handle): NonNullable<EngineResult['relevance']> {
  const score = (path: string) => {
    const qs = loadJudgedQueries(path);
    let ndcg = 0;
    let mrr = 0;
    for (const q of qs) {
      const ranked = handle.search(q.query, TOP_K);
      ndcg += ndcgAt(ranked, q.relevant);
      mrr += reciprocalRank(ranked, q.relevant);
    }
    return { ndcg: ndcg / qs.length, mrr: mrr / qs.length };
  };
  const tune = score(QUERIES_PATH);
  const held = score(HELDOUT_PATH);
  return { ndcg5: tune.ndcg, mrr: tune.mrr, heldoutNdcg5: held.ndcg, heldoutMrr: held.mrr };
}

async function measureEngine(adapter: Adapter, corpus: Corpus, queries: { natural: string[]; keyword: string[] }, rounds: number, judged: boolean): Promise<EngineResult> {
  const before = heapMb();
  const cpuBefore = process.cpuUsage();
  const [handle, buildMs] = await timeAsync(() => adapter.build(corpus));
  const cpuUsed = process.cpuUsage(cpuBefore);
  const heap = heapMb() - before;
  const all = [...queries.natural, ...queries.keyword];
  const warmUp = corpus.papers.length > 50_000 ? 20 : all.length;
  const measured = latency(handle, all, rounds, TOP_K, queries.natural.length, warmUp);
  const result: EngineResult = {
    engine: adapter.name,
    buildMs,
    buildCpuMs: (cpuUsed.user + cpuUsed.system) / 1000,
    heapMb: heap,
    ...measured,
  };
  if (adapter.name === 'paperboy') result.deep = latency(handle, all, Math.max(1, Math.floor(rounds / 2)), PAGE_DEPTH, queries.natural.length, warmUp).all;
  if (judged) result.relevance = relevanceOf(handle);
  if (handle.save && adapter.load) {
    const saved = handle.save();
    result.savedBytes = typeof saved === 'string' ? Buffer.byteLength(saved) : saved.length;
    const load = adapter.load;
    const [, loadMs] = await timeAsync(() => load(saved, corpus));
    result.loadMs = loadMs;
  }
  return result;
}

/** paperboy specifics: a day of the feed added without a rebuild, and the similarity model's cold start. */
function paperboyExtras(corpus: Corpus): Record<string, number> {
  const extras: Record<string, number> = {};
  if (corpus.papers.length > 100) {
    const base = makeCorpus(corpus.papers.slice(0, -50), corpus.topics.filter((t) => t.slug !== 'other'), `${corpus.hash}-base`);
    const engine = createSearchEngine(base);
    const added = corpus.papers.slice(-50).map((p) => p.id);
    const start = process.hrtime.bigint();
    const grown = engine.update(corpus, added);
    grown.search(corpus.papers.at(-1)?.title ?? 'x', {}, { limit: 10 });
    extras.add50Ms = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const engine = createSearchEngine(corpus);
  const id = corpus.papers[0]?.id ?? '';
  extras.similarColdMs = timeMs(() => engine.similar(id, 5));
  extras.similarWarmMs = timeMs(() => engine.similar(corpus.papers[1]?.id ?? id, 5));
  const snapshot = engine.snapshot();
  extras.snapshotDecodeMs = timeMs(() => decodeSnapshot(snapshot, corpus));
  return extras;
}

export interface EnginesReport {
  startedAt: string;
  machine: { cpus: string; cores: number; memGiB: number; node: string; loadBefore: number[]; loadAfter: number[] };
  quick: boolean;
  corpora: CorpusResult[];
  /** When rendered from several runs: each run's start, load and corpora. */
  runs?: Array<{ startedAt: string; loadBefore: number[]; loadAfter: number[]; corpora: string[] }>;
}

/** `--name=a,b` from argv, or undefined. */
function listArg(name: string): string[] | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3).split(',').filter(Boolean) : undefined;
}

const CORPUS_KEYS: Record<string, string> = { seed: 'seed', real: 'real export', '100k': 'synthetic 100k' };

/**
 * Runs the engines over the corpora. `--corpora=seed,real,100k` and `--engines=paperboy,minisearch`
 * narrow a run (the default is everything; `--quick` drops the 100k).
 */
export async function runEngines(quick = process.argv.includes('--quick')): Promise<EnginesReport> {
  const onlyCorpora = listArg('corpora')?.map((k) => CORPUS_KEYS[k] ?? k);
  const onlyEngines = listArg('engines');
  const queries = loadSpeedQueries();
  const seed = loadCorpus(CORPUS_DIR);
  const real = realExportCorpus();
  if (!real) {
    if (process.env.CI === 'true') throw new Error(`the real export is missing: ${SHARED_EXPORT_DIR}`);
    console.log(`(skipping the real export and the synthetic 100k: ${SHARED_EXPORT_DIR} not found)`);
  }
  const plan: Array<{ label: string; corpus: () => Corpus; rounds: number; judged: boolean }> = [{ label: 'seed', corpus: () => seed, rounds: 20, judged: true }];
  if (real) {
    plan.push({ label: 'real export', corpus: () => real, rounds: 5, judged: false });
    // 5 rounds of the 100 queries: 500 calls, so p99 is the 5th slowest call, not the slowest query's one call.
    if (!quick) plan.push({ label: 'synthetic 100k', corpus: () => syntheticCorpus(real, 100_000, 42), rounds: 5, judged: false });
  }
  const report: EnginesReport = {
    startedAt: new Date().toISOString(),
    machine: { cpus: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadBefore: loadavg(), loadAfter: [] },
    quick,
    corpora: [],
  };
  for (const step of plan) {
    if (onlyCorpora && !onlyCorpora.includes(step.label)) continue;
    const corpus = step.corpus();
    console.log(`\n${step.label}: ${corpus.papers.length} papers`);
    const engines: EngineResult[] = [];
    for (const adapter of ADAPTERS.filter((a) => !onlyEngines || onlyEngines.includes(a.name))) {
      const slow = step.label === 'synthetic 100k' ? tooSlow(report, adapter.name) : undefined;
      if (slow) {
        engines.push({ engine: adapter.name, buildMs: NaN, heapMb: NaN, all: nanLatency, natural: nanLatency, keyword: nanLatency, error: slow });
        console.log(`  ${adapter.name}: ${slow}`);
        continue;
      }
      try {
        console.log(`  ${adapter.name}: building (${new Date().toISOString().slice(11, 19)})`);
        const r = await measureEngine(adapter, corpus, queries, step.rounds, step.judged);
        engines.push(r);
        console.log(`  ${formatRow(r)}`);
      } catch (err) {
        engines.push({ engine: adapter.name, buildMs: NaN, heapMb: NaN, all: nanLatency, natural: nanLatency, keyword: nanLatency, error: (err as Error).message });
        console.log(`  ${adapter.name}: FAILED ${(err as Error).message}`);
      }
      gc();
    }
    const extras = paperboyExtras(corpus);
    console.log(`  paperboy extras: ${JSON.stringify(extras)}`);
    report.corpora.push({ label: step.label, papers: corpus.papers.length, engines, extras });
  }
  report.machine.loadAfter = loadavg();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const partial = quick || onlyCorpora !== undefined || onlyEngines !== undefined;
  const name = quick ? 'engines-quick' : partial ? `engines-${[...(listArg('corpora') ?? []), ...(onlyEngines ?? [])].join('-')}` : 'engines';
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  if (!partial) {
    writeFileSync(CHART, renderChart(report));
    updateBenchmarksMd(report);
  }
  console.log(`\n${renderTables(report)}`);
  return report;
}

/** Build budget at 100k: engines whose real-export build extrapolates past it are not run there (said in the table). */
const BUILD_BUDGET_100K_MS = 3 * 60_000;

function tooSlow(report: EnginesReport, engine: string): string | undefined {
  const real = report.corpora.find((c) => c.label === 'real export');
  const e = real?.engines.find((x) => x.engine === engine);
  const cpu = e?.buildCpuMs;
  if (!real || !e || cpu === undefined || Number.isNaN(cpu)) return undefined;
  const projected = (cpu * 100_000) / real.papers;
  return projected > BUILD_BUDGET_100K_MS ? `skipped: its ${ms(cpu)} ms of CPU to build ${real.papers} papers projects to ${(projected / 60_000).toFixed(1)} min at 100k, past this bench's ${BUILD_BUDGET_100K_MS / 60_000}-min budget per build` : undefined;
}

const nanLatency: Latency = { p50: NaN, p95: NaN, p99: NaN, samples: 0 };
const ms = (x: number | null | undefined) => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : x < 1 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const mib = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? 'n/a' : (x / 2 ** 20).toFixed(1));

function formatRow(r: EngineResult): string {
  const c = r.all.cpu;
  return `${r.engine.padEnd(11)} build ${ms(r.buildMs)} ms (cpu ${ms(r.buildCpuMs)}), load ${ms(r.loadMs)} ms, memory ${r.heapMb.toFixed(1)} MiB, wall p50/p95/p99 ${ms(r.all.p50)}/${ms(r.all.p95)}/${ms(r.all.p99)} ms, cpu ${ms(c?.p50)}/${ms(c?.p95)}/${ms(c?.p99)} ms`;
}

/** Markdown tables of a report: one per corpus, ratios against MiniSearch defaults measured in the same run. */
export function renderTables(report: EnginesReport): string {
  const out: string[] = [];
  for (const c of report.corpora) {
    const base = c.engines.find((e) => e.engine === 'minisearch');
    out.push(`#### ${c.label} (${c.papers.toLocaleString('en-US')} papers)`, '');
    out.push('| engine | build ms (cpu) | load ms | saved MiB | memory MiB | wall p50 / p95 / p99 ms | cpu p50 / p95 / p99 ms | p50, p99 vs minisearch (wall) | p50, p99 vs minisearch (cpu) | natural / keyword p99 (wall) |');
    out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const r = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || Number.isNaN(a) || Number.isNaN(b) ? 'n/a' : `${(a / b).toFixed(2)}x`);
    for (const e of c.engines) {
      if (e.error) {
        out.push(`| ${e.engine} | ${e.error} | | | | | | | | |`);
        continue;
      }
      const cpu = e.all.cpu;
      out.push(
        `| ${e.engine} | ${ms(e.buildMs)} (${ms(e.buildCpuMs)}) | ${ms(e.loadMs)} | ${mib(e.savedBytes)} | ${e.heapMb.toFixed(1)} | ${ms(e.all.p50)} / ${ms(e.all.p95)} / ${ms(e.all.p99)} | ${ms(cpu?.p50)} / ${ms(cpu?.p95)} / ${ms(cpu?.p99)} | ${r(e.all.p50, base?.all.p50)}, ${r(e.all.p99, base?.all.p99)} | ${r(cpu?.p50, base?.all.cpu?.p50)}, ${r(cpu?.p99, base?.all.cpu?.p99)} | ${ms(e.natural.p99)} / ${ms(e.keyword.p99)} |`,
      );
    }
    const pb = c.engines.find((e) => e.engine === 'paperboy');
    if (pb?.deep) out.push('', `paperboy asked for ${PAGE_DEPTH} results (every page a person can reach): wall p50 / p95 / p99 ${ms(pb.deep.p50)} / ${ms(pb.deep.p95)} / ${ms(pb.deep.p99)} ms, cpu ${ms(pb.deep.cpu?.p50)} / ${ms(pb.deep.cpu?.p95)} / ${ms(pb.deep.cpu?.p99)} ms.`);
    const x = c.extras;
    const extras = [
      x.add50Ms !== undefined ? `50 papers added to the index and searched: ${ms(x.add50Ms)} ms` : undefined,
      `similar() on a cold model: ${ms(x.similarColdMs)} ms (then ${ms(x.similarWarmMs)} ms)`,
      `snapshot decode: ${ms(x.snapshotDecodeMs)} ms`,
    ].filter(Boolean);
    if (x.similarColdMs !== undefined) out.push('', `paperboy: ${extras.join('; ')}.`);
    out.push('');
    if (c.engines.some((e) => e.relevance)) {
      out.push('Relevance on the judged seed sets (top 10 of each engine): tuning set `bench/queries.json` (53 queries, ranking was tuned on it) and held-out set `bench/queries-heldout.json` (30 queries).', '');
      out.push('| engine | nDCG@5 tuning | MRR@10 tuning | nDCG@5 held-out | MRR@10 held-out |', '|---|---:|---:|---:|---:|');
      for (const e of c.engines) if (e.relevance) out.push(`| ${e.engine} | ${e.relevance.ndcg5.toFixed(3)} | ${e.relevance.mrr.toFixed(3)} | ${e.relevance.heldoutNdcg5.toFixed(3)} | ${e.relevance.heldoutMrr.toFixed(3)} |`);
      out.push('');
    }
  }
  const m = report.machine;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  out.push(`Machine: ${m.cores} × ${m.cpus}, ${m.memGiB} GiB, Node ${m.node}.`);
  for (const run of report.runs ?? [{ startedAt: report.startedAt, loadBefore: m.loadBefore, loadAfter: m.loadAfter, corpora: report.corpora.map((c) => c.label) }]) {
    out.push(`Run started ${run.startedAt} (${run.corpora.join(', ')}): load average before ${load(run.loadBefore)}, after ${load(run.loadAfter)} (1 / 5 / 15 min).`);
  }
  return out.join('\n');
}

const START = '<!-- bench:engines:start -->';
const END = '<!-- bench:engines:end -->';

/** Replace the generated block of BENCHMARKS.md, leaving the hand-written text around it alone. */
function updateBenchmarksMd(report: EnginesReport): void {
  if (!existsSync(BENCHMARKS_MD)) return;
  const text = readFileSync(BENCHMARKS_MD, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return;
  writeFileSync(BENCHMARKS_MD, `${text.slice(0, a + START.length)}\n${renderTables(report)}\n${text.slice(b)}`);
}

/**
 * `--render [files...]`: redo the chart and the BENCHMARKS.md block from saved results (default the
 * last full run; several files are concatenated corpus by corpus, e.g. two narrowed runs).
 */
function renderSaved(): void {
  const files = process.argv.slice(process.argv.indexOf('--render') + 1).filter((a) => !a.startsWith('--'));
  const reports = (files.length ? files : [join(RESULTS_DIR, 'engines.json')]).map((f) => JSON.parse(readFileSync(f, 'utf8')) as EnginesReport);
  const report: EnginesReport = { ...(reports[0] as EnginesReport), corpora: reports.flatMap((r) => r.corpora) };
  report.runs = reports.map((r) => ({ startedAt: r.startedAt, loadBefore: r.machine.loadBefore, loadAfter: r.machine.loadAfter, corpora: r.corpora.map((c) => c.label) }));
  writeFileSync(CHART, renderChart(report));
  updateBenchmarksMd(report);
  console.log(renderTables(report));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--render')) renderSaved();
  else await runEngines();
}
