// Same-process A/B of warm search against another checkout (a scratch copy of the branch point):
// both engines over the same corpus object, each query run on both back to back (order alternated),
// so load from other processes hits both alike. On a shared machine read the CPU columns and totals.
//
//   npx tsx bench/search-ab.ts --base=/tmp/base5 [--corpus=100k|real] [--k=10] [--rounds=5]
//   SEMANTIC_SEARCH=off npx tsx bench/search-ab.ts --base=...      (both trees read the variable)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSearchEngine } from '../src/search/engine.js';
import type { SearchEngine } from '../src/search/types.js';
import { loadSpeedQueries, realExportCorpus, SHARED_EXPORT_DIR } from './engines.js';
import { syntheticCorpus } from './synthetic.js';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const baseDir = process.argv.find((a) => a.startsWith('--base='))?.slice('--base='.length);
  if (!baseDir) throw new Error('usage: search-ab.ts --base=<checkout> [--corpus=100k|real] [--k=10] [--rounds=5]');
  const which = arg('corpus', '100k');
  const k = Number(arg('k', '10'));
  const rounds = Number(arg('rounds', '5'));
  const real = realExportCorpus();
  if (!real) throw new Error(`the real export is missing: ${SHARED_EXPORT_DIR}`);
  const corpus = which === 'real' ? real : syntheticCorpus(real, 100_000, 42);
  const other = (await import(pathToFileURL(resolve(baseDir, 'src/search/engine.ts')).href)) as { createSearchEngine: typeof createSearchEngine };
  const engines: Record<'base' | 'this', SearchEngine> = { base: other.createSearchEngine(corpus), this: createSearchEngine(corpus) };
  const { natural, keyword } = loadSpeedQueries();
  const queries = [...natural, ...keyword];
  // Warm-up as bench/engines.ts does at 100k: the first 20 queries (JIT, a term's block maxima).
  for (const q of queries.slice(0, 20)) for (const e of Object.values(engines)) e.search(q, {}, { limit: k });
  const cpu = { base: [] as number[], this: [] as number[] };
  const wall = { base: [] as number[], this: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    queries.forEach((q, i) => {
      for (const name of (r + i) % 2 === 0 ? (['base', 'this'] as const) : (['this', 'base'] as const)) {
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        engines[name].search(q, {}, { limit: k });
        wall[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
        const c = process.cpuUsage(c0);
        cpu[name].push((c.user + c.system) / 1000);
      }
    });
  }
  const f = (xs: number[]) => [0.5, 0.95, 0.99].map((p) => percentile(xs, p).toFixed(1)).join(' / ');
  console.log(`${which} (${corpus.papers.length} papers), top ${k}, ${rounds} rounds of ${queries.length} queries, SEMANTIC_SEARCH=${process.env.SEMANTIC_SEARCH ?? '(default on)'}`);
  for (const name of ['base', 'this'] as const) {
    console.log(`${name.padEnd(4)}: cpu p50 / p95 / p99 ${f(cpu[name])} ms, wall ${f(wall[name])} ms, total cpu ${cpu[name].reduce((a, b) => a + b, 0).toFixed(0)} ms`);
  }
}

await main();
