// What a sync's swap does to the bot's memory, in a process shaped like the bot's: a ~9k store's view
// loaded and warmed, then N real days synced one after another the way the bot does it (fetched from
// the loopback fake HF, parsed and written on the writer thread, next view in slices, swapped, warmed in
// slices, snapshot written on its thread), with no probe searches and none of the recorded export held
// in memory (bench/sync.ts kept all three exports' text, ~80 MiB, in its heap until session 9; its fake HF
// now runs in a process of its own). Prints per sync the RSS peak of each phase against the steady RSS
// before the first sync, and the JS heap and RSS after a forced GC (what stays once the swap is over).
//
// Usage: node --expose-gc --import tsx bench/swap-memory.ts --store <a ~9k store>/corpus.sqlite
//   [--syncs 6] [--built] (--built: the compiled dist/src modules, whose writer thread loads the
//   compiled file as the bot's does, instead of the TypeScript sources through tsx in the thread too).
// The RSS step left after the first sync and the peaks are mostly native memory of the threads (glibc
// keeps a malloc arena per thread): run it again under MALLOC_ARENA_MAX=2 to see how much (BENCHMARKS.md,
// "Session 6: swapfix", "Session 7: swaprss"). This is the bench for issue 9's "RSS during a swap <= 1.5x
// steady state": the bot's process shape, run as `npm start` runs it (no MALLOC_ARENA_MAX unless the
// environment sets one; the header line says when it did).
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics } from 'node:v8';
import { readSharedDays, SHARED_HF_DIR, startFakeHf } from '../test/support/fake-hf/index.js';
import { freshDay, largestSyncSizedDays } from './recorded-days.js';
import type * as ViewModule from '../src/corpus-view.js';
import type * as StoreModule from '../src/corpus/store.js';
import type * as ClientModule from '../src/sync/client.js';
import type * as JobModule from '../src/sync/job.js';
import type * as TargetModule from '../src/sync/writing-target.js';
import type * as WriterModule from '../src/store-writer.js';
import type * as PlanModule from '../src/sync/plan.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const mib = (b: number) => (b / 2 ** 20).toFixed(0);

interface Modules {
  view: typeof ViewModule;
  store: typeof StoreModule;
  client: typeof ClientModule;
  job: typeof JobModule;
  target: typeof TargetModule;
  writer: typeof WriterModule;
  plan: typeof PlanModule;
}

async function modules(built: boolean): Promise<Modules> {
  const at = (path: string) => pathToFileURL(join(ROOT, built ? 'dist/src' : 'src', `${path}${built ? '.js' : '.ts'}`)).href;
  return {
    view: (await import(at('corpus-view'))) as Modules['view'],
    store: (await import(at('corpus/store'))) as Modules['store'],
    client: (await import(at('sync/client'))) as Modules['client'],
    job: (await import(at('sync/job'))) as Modules['job'],
    target: (await import(at('sync/writing-target'))) as Modules['target'],
    writer: (await import(at('store-writer'))) as Modules['writer'],
    plan: (await import(at('sync/plan'))) as Modules['plan'],
  };
}

/** `syncs` real days of 15-50 items (largest first) under fresh ids, read from the export and then dropped. */
function freshDays(syncs: number, firstDay: string, addDays: (day: string, n: number) => string): Map<string, string[]> {
  const days = readSharedDays();
  if (!days) throw new Error(`the real export is needed: ${SHARED_HF_DIR}`);
  return new Map(largestSyncSizedDays(days, syncs).map(([, items], r) => [addDays(firstDay, r), freshDay(items, addDays(firstDay, r), 91000 + 100 * r)]));
}

export async function runSwapMemory(options: { store: string; syncs?: number; built?: boolean }): Promise<string[]> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const m = await modules(options.built === true);
  const syncs = options.syncs ?? 6;
  const out: string[] = [];
  const say = (line: string) => {
    console.log(line);
    out.push(line);
  };
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-swap-memory-'));
  try {
    const file = join(dir, 'corpus.sqlite');
    copyFileSync(options.store, file);
    const store = m.store.openCorpusStore(file, { seedDir: join(ROOT, 'corpus') });
    let view = m.view.loadView(store, () => undefined);
    await view.search.warmUp();
    const speed = JSON.parse(readFileSync(join(ROOT, 'bench/speed-queries.json'), 'utf8')) as { natural: string[]; keyword: string[] };
    for (const q of [...speed.natural, ...speed.keyword]) view.search.search(q);
    const firstDay = '2026-09-01';
    const hf = await startFakeHf({ days: freshDays(syncs, firstDay, m.plan.addDays) });
    for (let i = 1; i < 30; i++) store.markSyncDay(m.plan.addDays(firstDay, -i), 0);
    const client = m.client.createHfClient({ baseUrl: hf.baseUrl, userAgent: 'paperboy-bench', minIntervalMs: 0 });
    const settled = () => {
      gc();
      gc();
      const mem = process.memoryUsage();
      const large = getHeapSpaceStatistics().find((s) => s.space_name === 'large_object_space')?.space_used_size ?? 0;
      return { ...mem, large };
    };
    const steady = settled();
    say(`swap memory (${options.built ? 'compiled dist/src' : 'TypeScript sources through tsx'}${process.env.MALLOC_ARENA_MAX ? `, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX}` : ''}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}: ${view.corpus.papers.length} papers, steady RSS ${mib(steady.rss)} MiB, JS heap ${mib(steady.heapUsed)} MiB (large objects ${mib(steady.large)}), array buffers ${mib(steady.arrayBuffers)} MiB`);
    let phase = 'apply';
    const peaks = new Map<string, number>();
    let peak = steady.rss;
    const sampler = setInterval(() => {
      const rss = process.memoryUsage().rss;
      peak = Math.max(peak, rss);
      peaks.set(phase, Math.max(peaks.get(phase) ?? 0, rss));
    }, 2);
    const syncPeaks: number[] = [];
    const settledRss: number[] = [];
    for (let r = 0; r < syncs; r++) {
      peaks.clear();
      phase = 'fetch+apply (writer thread)';
      const writer = m.writer.openStoreWriter(file);
      try {
        await m.job.runSync({ ...m.target.onWriterThread(store, client, writer, (msg) => console.log(`warning: ${msg}`)), today: m.plan.addDays(firstDay, r), refreshDays: 1 });
      } finally {
        await writer.close();
      }
      phase = 'next view';
      let written: Promise<void> = Promise.resolve();
      const next = await m.view.nextViewInSlices(store, view, (msg) => console.log(`warning: ${msg}`), { snapshotStored: (p) => (written = p) });
      view = next;
      phase = 'warm-up and snapshot write';
      await next.search.warmUp();
      await written;
      const after = settled();
      syncPeaks.push(Math.max(...peaks.values()));
      settledRss.push(after.rss);
      const ratio = (x: number) => `${mib(x)} (${(x / steady.rss).toFixed(2)}x)`;
      say(`  sync ${r + 1}: ${view.corpus.papers.length} papers; RSS peak ${ratio(Math.max(...peaks.values()))}: ${[...peaks].map(([k, v]) => `${k} ${ratio(v)}`).join(', ')}; after a forced GC: RSS ${mib(after.rss)}, JS heap ${mib(after.heapUsed)} MiB`);
    }
    clearInterval(sampler);
    say(`RSS peak over ${syncs} syncs ${mib(peak)} / steady ${mib(steady.rss)} MiB = ${(peak / steady.rss).toFixed(2)}x (issue 9: <= 1.5x; steady: after the start's warm-up, before the first sync)`);
    const sorted = [...syncPeaks].sort((a, b) => a - b);
    const mid = sorted[Math.floor(sorted.length / 2)]!;
    say(`  per sync: peak median ${mib(mid)} (${(mid / steady.rss).toFixed(2)}x), range ${mib(sorted[0]!)}-${mib(sorted.at(-1)!)}; RSS settled between syncs (forced GC) ${mib(Math.min(...settledRss))}-${mib(Math.max(...settledRss))} MiB, peak over the settled level before it: ${syncPeaks.map((p, i) => `+${mib(p - (i === 0 ? steady.rss : settledRss[i - 1]!))}`).join(' ')} MiB`);
    await hf.close();
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { store: { type: 'string' }, syncs: { type: 'string' }, built: { type: 'boolean' } } });
  if (!values.store) throw new Error('--store <a ~9k store>/corpus.sqlite is required (see BENCHMARKS.md, "Session 5: swapprobe", for making one)');
  await runSwapMemory({ store: values.store, built: values.built === true, ...(values.syncs ? { syncs: Number(values.syncs) } : {}) });
}
