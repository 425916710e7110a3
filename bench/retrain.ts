// The background retrain of the semantic model (src/sync/semantic-refresh.ts), measured in a process
// shaped like the bot's: a ~9k store opened as the bot opens it (row text on demand), its view loaded
// and warmed with the committed model, then
//   idle      probe searches every 50 ms for --idle seconds (the baseline, same process, same run);
//   training  the trainer child started exactly as the bot starts it (src/trainer-process.ts, nice 19),
//             the same probes until it answers; the bot's RSS and the child's (/proc) sampled;
//   swap      the retrained model loaded back from DATA_DIR and swapped in through the sync's queue
//             (createBotSync().swapSemantic), then warmed in slices, probes running throughout;
//   after     probes for --idle seconds on the new model.
// A probe is one search (wall ms) plus the lateness of its 50 ms timer (how long the event loop was held).
// --grow N first copies the store and adds N real listing days of the export under fresh ids and
// titles (the corpus ~30 days later, as bench/sync.ts builds its synced days), to time a bigger retrain.
//
// Usage: npx tsx bench/retrain.ts --store <dir with corpus.sqlite> [--grow 30] [--idle 20] [--out file]
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadView, openStore } from '../src/corpus-view.js';
import { createLogger } from '../src/logger.js';
import { SEMANTIC_BIN, SEMANTIC_JSON } from '../src/semantic/format.js';
import { loadSemanticModel } from '../src/semantic/model.js';
import { loadTrainedModel } from '../src/semantic/trained-store.js';
import { createBotSync } from '../src/sync/bot-sync.js';
import { createHfClient } from '../src/sync/client.js';
import { createViewRef } from '../src/sync/live.js';
import { startTrainer } from '../src/trainer-process.js';
import { loadSharedDays } from '../test/support/fake-hf/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({ options: { store: { type: 'string' }, grow: { type: 'string', default: '0' }, idle: { type: 'string', default: '20' }, out: { type: 'string' } } });
if (!args.store) throw new Error('--store <dir with corpus.sqlite> is required');
const lines: string[] = [];
const say = (s: string) => {
  console.log(s);
  lines.push(s);
};
const mib = (b: number) => (b / 2 ** 20).toFixed(0);
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(p * s.length))] as number) : NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

say(`# bench/retrain.ts ${new Date().toISOString()} loadavg ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-bench-retrain-'));
copyFileSync(join(args.store, 'corpus.sqlite'), join(dataDir, 'corpus.sqlite'));
const location = { dataDir, corpusDir: join(ROOT, 'corpus') };

const grow = Number(args.grow);
if (grow > 0) {
  const days = loadSharedDays();
  if (!days) throw new Error('--grow needs the real export in ../shared');
  const picked = [...days].slice(-grow);
  let n = 0;
  const items = picked.flatMap(([, raw], d) =>
    raw.map((text) => {
      const item = JSON.parse(text) as { paper: { id: string; title: string }; publishedAt: string };
      item.paper.id = `2609.${String(90000 + n)}`;
      item.paper.title = `${item.paper.title} (synced copy ${n++})`;
      item.publishedAt = `2026-09-${String(1 + (d % 28)).padStart(2, '0')}T00:00:00.000Z`;
      return item;
    }),
  );
  const file = join(dataDir, 'export-grow.json');
  writeFileSync(file, JSON.stringify(items));
  const store = openStore(location, () => undefined);
  const r = store.importFile(file);
  store.close();
  say(`grew the store by ${grow} real listing days under fresh ids: ${r.added} papers added, ${r.papers} now`);
}

const store = openStore(location, (m) => say(`warning: ${m}`), { rowTextOnDemand: true });
const ref = createViewRef(loadView(store, () => undefined));
await ref.current().search.warmUp();
const papers = ref.current().corpus.papers.length;
const committed = ref.current().search.semanticModel()!;
say(`store: ${papers} papers, revision ${ref.current().corpus.revision}; serving the committed model (${committed.size} terms, trained on ${committed.header.corpus.papers} papers)`);

const speed = (await import('./speed-queries.json', { with: { type: 'json' } })).default as { natural: string[]; keyword: string[] };
const queries = [...speed.natural, ...speed.keyword];
let qi = 0;
interface Probe {
  search: number;
  late: number;
}
/** Probes every 50 ms until `until()` says stop; returns them. */
async function probe(until: () => boolean, onTick?: () => void): Promise<Probe[]> {
  const out: Probe[] = [];
  while (!until()) {
    const due = performance.now() + 50;
    await sleep(50);
    const late = performance.now() - due;
    const t = performance.now();
    ref.current().search.search(queries[qi++ % queries.length] as string);
    out.push({ search: performance.now() - t, late });
    onTick?.();
  }
  return out;
}
const summary = (name: string, ps: Probe[]) =>
  say(
    `${name.padEnd(9)} ${String(ps.length).padStart(4)} probes  search ms p50 ${q(ps.map((p) => p.search), 0.5).toFixed(2)} p95 ${q(ps.map((p) => p.search), 0.95).toFixed(2)} p99 ${q(ps.map((p) => p.search), 0.99).toFixed(2)} max ${Math.max(...ps.map((p) => p.search)).toFixed(2)}` +
      `  | timer lateness ms p50 ${q(ps.map((p) => p.late), 0.5).toFixed(2)} p99 ${q(ps.map((p) => p.late), 0.99).toFixed(2)} max ${Math.max(...ps.map((p) => p.late)).toFixed(2)}`,
  );
const idleMs = Number(args.idle) * 1000;
const timed = (ms: number) => {
  const end = performance.now() + ms;
  return () => performance.now() >= end;
};

const rssBefore = process.memoryUsage().rss;
const idle = await probe(timed(idleMs));
summary('idle', idle);

// Training: the child, as the bot starts it.
const childRss = (pid: number | undefined) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
};
const started = performance.now();
const run = startTrainer({ storeFile: store.file, dataDir });
let finished = false;
let botPeak = process.memoryUsage().rss;
let childPeak = 0;
const result = run.done.finally(() => (finished = true));
const training = await probe(
  () => finished,
  () => {
    botPeak = Math.max(botPeak, process.memoryUsage().rss);
    childPeak = Math.max(childPeak, childRss(run.pid));
  },
);
const trained = await result;
const trainWall = performance.now() - started;
summary('training', training);
say(`trainer: ${trained.papers} papers -> ${trained.terms} terms; wall ${(trainWall / 1000).toFixed(1)} s (child's own: ${(trained.wallMs / 1000).toFixed(1)} s), CPU ${(trained.cpuMs / 1000).toFixed(1)} s, peak RSS ${mib(trained.maxRssKiB * 1024)} MiB (sampled ${mib(childPeak)} MiB)`);
say(`bot RSS: ${mib(rssBefore)} MiB before, peak ${mib(botPeak)} MiB while the child trained`);

// Swap: load back from DATA_DIR (checked in full) and swap through the sync's queue.
const logger = createLogger('silent');
const sync = createBotSync({ store, ref, client: createHfClient({ baseUrl: 'http://127.0.0.1:9', userAgent: 'bench' }), logger, loadView: (s) => loadView(s, () => undefined), schedule: null });
const t0 = performance.now();
const found = loadTrainedModel(dataDir)!;
const loadMs = performance.now() - t0;
let swapped = false;
let swapMs = 0;
const swapDone = sync.swapSemantic(found.model).then(() => {
  swapMs = performance.now() - t0;
  swapped = true;
});
const swapProbes = await probe(() => swapped);
await swapDone;
const warmStart = performance.now();
await ref.current().search.warmUp();
const warmMs = performance.now() - warmStart;
summary('swap', swapProbes);
say(`swap: load + verify ${loadMs.toFixed(1)} ms, swapped ${swapMs.toFixed(0)} ms after the load started (engine rebuilt in slices); warm-up of the new model's paper vectors etc. ${warmMs.toFixed(0)} ms`);
const after = await probe(timed(idleMs));
summary('after', after);
say(`bot RSS after the swap: ${mib(process.memoryUsage().rss)} MiB`);
say(`ratios vs idle (same run): search p50 training ${(q(training.map((p) => p.search), 0.5) / q(idle.map((p) => p.search), 0.5)).toFixed(2)}x, p99 ${(q(training.map((p) => p.search), 0.99) / q(idle.map((p) => p.search), 0.99)).toFixed(2)}x`);

// Model size and load time: the retrained model (checksum verified) against the committed one.
const size = (dir: string) => statSync(join(dir, SEMANTIC_BIN)).size + statSync(join(dir, SEMANTIC_JSON)).size;
const loads = (f: () => unknown) =>
  Array.from({ length: 25 }, () => {
    const t = performance.now();
    f();
    return performance.now() - t;
  });
const trainedLoads = loads(() => loadTrainedModel(dataDir));
const committedLoads = loads(() => loadSemanticModel(join(ROOT, 'corpus')));
say(`model on disk: retrained ${(size(found.ref.dir) / 2 ** 20).toFixed(2)} MiB (${found.model.size} terms) in ${found.ref.dir.split('/').slice(-2).join('/')}; committed ${(size(join(ROOT, 'corpus')) / 2 ** 20).toFixed(2)} MiB`);
say(`load (25 runs, median / min): retrained with checksum ${q(trainedLoads, 0.5).toFixed(2)} / ${Math.min(...trainedLoads).toFixed(2)} ms; committed ${q(committedLoads, 0.5).toFixed(2)} / ${Math.min(...committedLoads).toFixed(2)} ms`);
say(`models written: ${readdirSync(join(dataDir, 'semantic')).join(', ')}`);
say(`# end loadavg ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
store.close();
if (args.out) writeFileSync(args.out, `${lines.join('\n')}\n`);
rmSync(dataDir, { recursive: true, force: true });
