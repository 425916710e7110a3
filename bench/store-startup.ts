// Store and start-up benchmarks for issue 13 (targets, not tests): import of the real export (time and
// peak RSS per file as three processes, the same three files in one process, then a re-import), one-off `paperboy search` against a bare Node script that builds
// plain minisearch from the same papers, console start to first reply, at the seed size and the real
// ~9k; then the bot and the console started against the real store and a synthetic 100k store
// (bench/bot-start.ts). CLI figures are medians of interleaved runs under /usr/bin/time -v in this run,
// so ratios compare like with like on a shared machine. bin/ runs the compiled build when dist/ is fresh
// (`npm run build`; the report says which). `tsx bench/store-startup.ts [--runs N] [--no-100k]`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openStore } from '../src/corpus-view.js';
import { formatStart, measureBotStart } from './bot-start.js';
import { writeSyntheticExport } from './store-synthetic.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared', 'data', 'hf-daily-papers');
const EXPORTS = ['export-2024.json', 'export-2025.json', 'export-2026.json'];
const args = process.argv.slice(2);
const RUNS = (args.includes('--runs') && Number(args[args.indexOf('--runs') + 1])) || 5;
const START_RUNS = 3;
/** The synthetic 100k store is kept between runs here (same generator, same seed, same papers); its start-up is measured afresh each run. */
const SYNTHETIC_STORE = join(tmpdir(), 'paperboy-bench-store-100k-v1');

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

/** A corpus store with the synthetic 100k papers (bench/store-synthetic.ts, seed 13), imported once and then reused. */
function syntheticStore(log: string[]): string {
  const done = join(SYNTHETIC_STORE, 'complete');
  if (existsSync(done)) return SYNTHETIC_STORE;
  rmSync(SYNTHETIC_STORE, { recursive: true, force: true });
  mkdirSync(SYNTHETIC_STORE, { recursive: true });
  const files = writeSyntheticExport(100_000, join(SYNTHETIC_STORE, 'export'));
  for (const file of files) {
    const m = measure([process.execPath, 'bin/paperboy.js', 'import', file], { DATA_DIR: SYNTHETIC_STORE, CORPUS_DIR: join(ROOT, 'corpus') });
    log.push(`  synthetic import ${file.split('/').at(-1)}: ${(m.ms / 1000).toFixed(1)} s, ${m.rssMiB.toFixed(0)} MiB`);
  }
  rmSync(join(SYNTHETIC_STORE, 'export'), { recursive: true, force: true });
  writeFileSync(done, new Date().toISOString());
  return SYNTHETIC_STORE;
}

/** bin/launch.js (plain JavaScript, no types): whether bin/ will run the compiled build. */
async function distIsFresh(): Promise<boolean> {
  const launch = (await import(pathToFileURL(join(ROOT, 'bin', 'launch.js')).href)) as { distIsFresh: () => boolean };
  return launch.distIsFresh();
}

export async function runStoreStartup(options: { with100k?: boolean } = {}): Promise<string[]> {
  const summary: string[] = [`compiled build used: ${(await distIsFresh()) ? 'yes (dist/ is fresh)' : 'NO: sources through tsx (run npm run build first)'}`];
  const say = (line: string) => {
    console.log(line);
    summary.push(line.trim());
  };
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
    const consoleStart = (data: string) => () => measure([process.execPath, 'bin/start.js'], { DATA_DIR: data, CORPUS_DIR: join(ROOT, 'corpus'), DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', NO_COLOR: '1', SYNC_SCHEDULE: 'off' }, '/search gradient clipping\n');
    const CLI = 'paperboy search "gradient clipping" --json';
    const BARE_NAME = 'bare node + minisearch, same papers';
    const ratios = (label: string, x: Record<string, { ms: number; rssMiB: number }>) =>
      say(`${label}: CLI search ${x[CLI]!.ms.toFixed(0)} ms / ${x[CLI]!.rssMiB.toFixed(0)} MiB vs bare minisearch script ${x[BARE_NAME]!.ms.toFixed(0)} ms / ${x[BARE_NAME]!.rssMiB.toFixed(0)} MiB: ${(x[CLI]!.ms / x[BARE_NAME]!.ms).toFixed(2)}x time, ${(x[CLI]!.rssMiB / x[BARE_NAME]!.rssMiB).toFixed(2)}x peak RSS`);
    /** The one-off CLI search, the bare minisearch script and the console over one store, and their ratios. */
    const searchVsBare = (title: string, label: string, store: string, papersJson: string) =>
      ratios(label, compare(title, {
        [CLI]: cli(store, 'search', 'gradient clipping', '--json'),
        [BARE_NAME]: bare(papersJson),
        'console: start, one /search, exit': consoleStart(store),
      }));

    // Seed corpus.
    const seed = join(work, 'seed');
    dumpPapers(seed, join(work, 'seed.json'));
    searchVsBare('seed corpus (106 papers): one-off search', 'seed (106)', seed, join(work, 'seed.json'));

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
    say(`import of the 3 real export files, three processes (paperboy import FILE, one per file): total ${(total / 1000).toFixed(2)} s, peak RSS ${peak.toFixed(0)} MiB`);
    // The same three files in one process (paperboy import FILE FILE FILE), into another fresh store.
    const single = measure([process.execPath, 'bin/paperboy.js', 'import', ...EXPORTS.map((file) => join(SHARED, file))], { DATA_DIR: join(work, 'real-one-process'), CORPUS_DIR: join(ROOT, 'corpus') });
    console.log(`  ${single.stdout.trim().split('\n').at(-1)}`);
    say(`import of the 3 real export files, one process (paperboy import FILE FILE FILE): ${(single.ms / 1000).toFixed(2)} s, peak RSS ${single.rssMiB.toFixed(0)} MiB`);
    const re = [0, 1, 2].map(() => measure([process.execPath, 'bin/paperboy.js', 'import', join(SHARED, 'export-2025.json')], { DATA_DIR: real, CORPUS_DIR: join(ROOT, 'corpus') }));
    say(`re-import of export-2025.json: median ${median(re.map((m) => m.ms)).toFixed(0)} ms (whole process), ${median(re.map((m) => m.rssMiB)).toFixed(0)} MiB`);
    dumpPapers(real, join(work, 'real.json'));
    searchVsBare('real export (~9k papers): one-off search and console start', 'real (~9k)', real, join(work, 'real.json'));

    console.log(`\nbot and console start-up, real store (${START_RUNS} runs after 1 warm-up, medians; load ${loadavg()[0]!.toFixed(1)})`);
    for (const line of formatStart('real (~9k)', await measureBotStart(real, START_RUNS))) say(`  ${line}`);
    if (options.with100k !== false) {
      const log: string[] = [];
      const big = syntheticStore(log);
      for (const l of log) console.log(l);
      console.log(`\nbot and console start-up, synthetic 100k store (${START_RUNS} runs after 1 warm-up, medians; load ${loadavg()[0]!.toFixed(1)})`);
      for (const line of formatStart('synthetic 100k', await measureBotStart(big, START_RUNS))) say(`  ${line}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return summary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runStoreStartup({ with100k: !args.includes('--no-100k') });
