// `npm run bench`: every benchmark in sequence, then a one-line summary each. To add a bench,
// export a function (sync or async) that prints its report and returns summary lines, and list it here.
// `npm run bench -- --quick` keeps to a few minutes (the engines bench skips its 100k corpus).
import { runImportScale } from './import-scale.js';
import { runE2eLatency } from './e2e-latency.js';
import { runLoad } from './load.js';
import { CORPUS_DIR, HELDOUT_PATH, QUERIES_PATH, runRelevance } from './relevance.js';
import { ms, runSearchSpeed } from './search-speed.js';
import { runStartup } from './startup.js';
import { runStoreStartup } from './store-startup.js';
import { runSyncBench } from './sync.js';
import { runEngines } from './engines.js';

interface Bench {
  name: string;
  run: () => string[] | Promise<string[]>;
}

const f3 = (x: number) => x.toFixed(3);

const BENCHES: Bench[] = [
  {
    name: 'relevance',
    run: () =>
      [QUERIES_PATH, HELDOUT_PATH].map((path) => {
        const r = runRelevance(CORPUS_DIR, path);
        const set = path === HELDOUT_PATH ? 'held-out' : 'tuning';
        return `${set}: nDCG@5 ours ${f3(r.ours.ndcg5)} vs baseline ${f3(r.baseline.ndcg5)}; MRR ours ${f3(r.ours.mrr)} vs baseline ${f3(r.baseline.mrr)} (${r.perQuery.length} queries)`;
      }),
  },
  {
    name: 'search-speed',
    run: () =>
      runSearchSpeed().map(
        (s) =>
          `${s.label} (${s.papers}): search median ${ms(s.search.median)} p95 ${ms(s.search.p95)}, suggest median ${ms(s.suggest.median)}, ` +
          `build/load ${(s.buildMs / s.loadMs).toFixed(1)}x, heap ${s.engineHeapMb.toFixed(1)} MiB`,
      ),
  },
  {
    name: 'engines',
    run: async () =>
      (await runEngines(process.argv.includes('--quick'))).corpora.map((c) => {
        const p = c.engines.find((e) => e.engine === 'paperboy');
        const m = c.engines.find((e) => e.engine === 'minisearch');
        return `${c.label} (${c.papers}): paperboy p50/p99 ${p?.all.p50.toFixed(2)}/${p?.all.p99.toFixed(2)} ms vs minisearch ${m?.all.p50.toFixed(2)}/${m?.all.p99.toFixed(2)} ms (p99 ratio ${p && m ? (p.all.p99 / m.all.p99).toFixed(2) : 'n/a'})`;
      }),
  },
  { name: 'startup', run: runStartup },
  // Import, one-off CLI vs a bare minisearch script, bot and console start at ~9k and (not with --quick) 100k.
  { name: 'store-startup', run: () => runStoreStartup({ with100k: !process.argv.includes('--quick') }) },
  // A day's sync into the ~9k store: searchable after the response, the swap's cost, RSS during the swap.
  { name: 'sync', run: () => runSyncBench({ backfill: !process.argv.includes('--quick') }) },
  { name: 'e2e-latency', run: runE2eLatency },
  { name: 'import-scale', run: runImportScale },
  // 200 interactions/s for 60 s against the real bot at ~9k papers; `npm run bench:load -- --long` for 100k.
  { name: 'load', run: () => runLoad() },
];

const summary: string[] = [];
for (const bench of BENCHES) {
  console.log(`\n=== ${bench.name} ===\n`);
  const start = performance.now();
  try {
    const lines = await bench.run();
    summary.push(`${bench.name} (${((performance.now() - start) / 1000).toFixed(1)} s)`, ...lines.map((l) => `  ${l}`));
  } catch (err) {
    process.exitCode = 1;
    summary.push(`${bench.name}: FAILED ${(err as Error).message}`);
  }
}
console.log(`\n=== summary ===\n\n${summary.join('\n')}`);
