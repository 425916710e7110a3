// Store and start-up benchmarks for issue 13 (targets, not tests): import of the real export (time and
// peak RSS per file, then a re-import), one-off `paperboy search` against bare Node scripts over the same
// papers, and console start to first reply, at the seed size and the real ~9k. Every figure is a median
// of interleaved runs measured with /usr/bin/time -v in this run, so ratios compare like with like on a
// shared machine. `tsx bench/store-startup.ts [--runs N] [--synthetic 100000]`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/corpus-view.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared', 'data', 'hf-daily-papers');
const EXPORTS = ['export-2024.json', 'export-2025.json', 'export-2026.json'];
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 5) || 5;
const SYNTHETIC = args.includes('--synthetic') ? Number(args[args.indexOf('--synthetic') + 1]) : 0;

interface Measure {
  ms: number;
  rssMiB: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time -v: wall time and peak RSS. */
function measure(cmd: string[], env: Record<string, string> = {}, input?: string): Measure {
  const r = spawnSync('/usr/bin/time', ['-v', ...cmd], { cwd: ROOT, env: { ...process.env, ...env }, input, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (!wall || !rss) throw new Error(`no /usr/bin/time output: ${r.stderr.slice(-300)}`);
  const ms = (Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3])) * 1000;
  return { ms, rssMiB: Number(rss[1]) / 1024, stdout: r.stdout };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** The bare baseline: plain minisearch over title + abstract, built from the papers, one query. */
const BARE = `
import MiniSearch from 'minisearch';
import { readFileSync } from 'node:fs';
const papers = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ms = new MiniSearch({ fields: ['title', 'abstract'], storeFields: ['title'] });
ms.addAll(papers);
console.log(JSON.stringify(ms.search(process.argv[3]).slice(0, 10).map((r) => r.id)));
`;

function compare(label: string, runs: Record<string, () => Measure>): Record<string, { ms: number; rssMiB: number }> {
  const samples: Record<string, Measure[]> = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
  for (const run of Object.values(runs)) run(); // warm the page cache (and store a snapshot) once
  for (let i = 0; i < RUNS; i++) for (const [k, run] of Object.entries(runs)) samples[k]!.push(run());
  const out: Record<string, { ms: number; rssMiB: number }> = {};
  console.log(`\n${label} (median of ${RUNS}, load ${loadavg()[0]!.toFixed(1)})`);
  for (const [k, xs] of Object.entries(samples)) {
    out[k] = { ms: median(xs.map((x) => x.ms)), rssMiB: median(xs.map((x) => x.rssMiB)) };
    console.log(`  ${k.padEnd(44)} ${out[k]!.ms.toFixed(0).padStart(6)} ms  ${out[k]!.rssMiB.toFixed(0).padStart(5)} MiB`);
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'paperboy-store-bench-'));
try {
  writeFileSync(join(work, 'bare.mjs'), BARE.replace("from 'minisearch'", `from '${join(ROOT, 'node_modules', 'minisearch', 'dist', 'es', 'index.js')}'`));
  const cli = (data: string, ...a: string[]) => () => measure([process.execPath, 'bin/paperboy.js', ...a], { DATA_DIR: data, CORPUS_DIR: join(ROOT, 'corpus') });
  const bare = (papersFile: string) => () => measure([process.execPath, join(work, 'bare.mjs'), papersFile, 'gradient clipping']);
  const dumpPapers = (data: string, file: string) => {
    const store = openStore({ dataDir: data, corpusDir: join(ROOT, 'corpus') }, () => undefined);
    writeFileSync(file, JSON.stringify(store.loadCorpus().papers));
    store.close();
  };
  const consoleStart = (data: string) => () => measure([process.execPath, 'bin/start.js'], { DATA_DIR: data, CORPUS_DIR: join(ROOT, 'corpus'), DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', NO_COLOR: '1' }, '/search gradient clipping\n');

  // Seed corpus.
  const seed = join(work, 'seed');
  dumpPapers(seed, join(work, 'seed.json'));
  const s = compare('seed corpus (106 papers): one-off search', {
    'paperboy search "gradient clipping" --json': cli(seed, 'search', 'gradient clipping', '--json'),
    'bare node + minisearch, same papers': bare(join(work, 'seed.json')),
    'console: start, one /search, exit': consoleStart(seed),
  });
  console.log(`  ratio CLI / bare: ${(s['paperboy search "gradient clipping" --json']!.ms / s['bare node + minisearch, same papers']!.ms).toFixed(2)}x time`);

  // The real export.
  const real = join(work, 'real');
  console.log(`\nimport of the real export into a fresh store (load ${loadavg()[0]!.toFixed(1)})`);
  let total = 0;
  let peak = 0;
  for (const file of EXPORTS) {
    const m = measure([process.execPath, 'bin/paperboy.js', 'import', join(SHARED, file), '--json'], { DATA_DIR: real, CORPUS_DIR: join(ROOT, 'corpus') });
    total += m.ms;
    peak = Math.max(peak, m.rssMiB);
    console.log(`  ${file.padEnd(20)} ${m.ms.toFixed(0).padStart(6)} ms  ${m.rssMiB.toFixed(0).padStart(5)} MiB  ${m.stdout.slice(0, 120)}`);
  }
  console.log(`  total ${total.toFixed(0)} ms, peak RSS ${peak.toFixed(0)} MiB`);
  const re = [0, 1, 2].map(() => measure([process.execPath, 'bin/paperboy.js', 'import', join(SHARED, 'export-2025.json')], { DATA_DIR: real, CORPUS_DIR: join(ROOT, 'corpus') }));
  console.log(`  re-import export-2025.json: median ${median(re.map((m) => m.ms)).toFixed(0)} ms (whole process), ${median(re.map((m) => m.rssMiB)).toFixed(0)} MiB`);
  dumpPapers(real, join(work, 'real.json'));
  const r = compare('real export (~9k papers): one-off search and console start', {
    'paperboy search "gradient clipping" --json': cli(real, 'search', 'gradient clipping', '--json'),
    'bare node + minisearch, same papers': bare(join(work, 'real.json')),
    'console: start, one /search, exit': consoleStart(real),
  });
  console.log(`  ratio CLI / bare: ${(r['paperboy search "gradient clipping" --json']!.ms / r['bare node + minisearch, same papers']!.ms).toFixed(2)}x time, ${(r['paperboy search "gradient clipping" --json']!.rssMiB / r['bare node + minisearch, same papers']!.rssMiB).toFixed(2)}x RSS`);
  if (SYNTHETIC > 0) console.log('\n(--synthetic: see bench/import-scale.ts for the synthetic generator)');
} finally {
  rmSync(work, { recursive: true, force: true });
}
