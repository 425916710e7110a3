// Sync benchmarks (issue 9 targets), against the loopback fake HF replaying the real export:
//   1. one day's sync (a real day's items under fresh arXiv ids) into a store holding the ~9k real
//      papers: fetched -> applied -> new view built -> searchable, each phase timed;
//   2. what the swap adds to an interaction: pinView per interaction, and how long building the new
//      view keeps the event loop busy (interactions arriving then wait);
//   3. RSS: steady state with the 9k view loaded vs. the peak while the new view is built and swapped;
//   4. a 30-day backfill at the default rate limit (550 ms between requests) into a seeded store.
// The new view is made the way the bot makes it after a sync (nextView: the live index patched with the
// papers written since, no rebuild). Usage: npx tsx bench/sync.ts [--skip-backfill] (also part of
// `npm run bench`). Needs ../shared/data/hf-daily-papers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadView, nextView } from '../src/corpus-view.js';
import { openCorpusStore } from '../src/corpus/store.js';
import { pinView, type Context } from '../src/context.js';
import { createHfClient } from '../src/sync/client.js';
import { runSync } from '../src/sync/job.js';
import { createViewRef } from '../src/sync/live.js';
import { addDays } from '../src/sync/plan.js';
import { loadSharedDays, SHARED_HF_DIR, startFakeHf } from '../test/support/fake-hf/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED = join(ROOT, 'corpus');
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function runSyncBench(options: { backfill?: boolean } = {}): Promise<string[]> {
  const summary: string[] = [];
  const say = (line: string) => {
    console.log(line);
    summary.push(line);
  };
  const days = loadSharedDays();
  if (!days) throw new Error(`the real export is needed: ${SHARED_HF_DIR}`);
  console.log(`load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-sync-'));
  try {
    // The ~9k store is made by the CLI in another process, so its import peak is not in our RSS.
    const file = join(dir, 'corpus.sqlite');
    for (const year of ['2024', '2025', '2026']) {
      execFileSync(process.execPath, [join(ROOT, 'bin/paperboy.js'), 'import', join(SHARED_HF_DIR, `export-${year}.json`)], { env: { ...process.env, DATA_DIR: dir, CORPUS_DIR: SEED }, stdio: 'ignore' });
    }
    const store = openCorpusStore(file, { seedDir: SEED });
    let t = performance.now();
    const ref = createViewRef(loadView(store, () => undefined));
    ref.current().search.warmUp();
    console.log(`steady: ${ref.current().corpus.papers.length} papers, view loaded in ${(performance.now() - t).toFixed(0)} ms`);
    global.gc?.();
    const steadyRss = process.memoryUsage().rss;

    // 1. One day: a real day's items (the largest day up to 50) under ids the corpus does not have.
    const [sourceDay, items] = [...days].filter(([, it]) => it.length <= 50).sort((a, b) => b[1].length - a[1].length)[0]!;
    const today = '2026-09-01';
    const fresh = items.map((raw, i) => {
      const item = JSON.parse(raw) as { paper: { id: string; title: string }; publishedAt: string };
      item.paper.id = `2609.${String(90000 + i)}`;
      item.paper.title = `${item.paper.title} (synced copy ${i})`; // the original is already in the corpus under its real id
      item.publishedAt = `${today}T00:00:00.000Z`;
      return JSON.stringify(item);
    });
    const hf = await startFakeHf({ days: new Map([[today, fresh]]) });
    for (let i = 1; i < 30; i++) store.markSyncDay(addDays(today, -i), 0);
    let fetchedAt = 0;
    const client = createHfClient({ baseUrl: hf.baseUrl, userAgent: 'paperboy-bench', minIntervalMs: 0 });
    const timed = { ...client, fetchDay: async (d: string, s?: AbortSignal) => { const r = await client.fetchDay(d, s); if (d === today) fetchedAt = performance.now(); return r; } };
    let rssPeak = process.memoryUsage().rss;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
    const synced = await runSync({ client: timed, store, today, refreshDays: 1 });
    const applied = performance.now();
    t = performance.now();
    const view = nextView(store, ref.current(), () => undefined);
    const built = performance.now();
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss); // both views alive here
    ref.swap(view);
    const title = (JSON.parse(fresh[0] as string) as { paper: { title: string } }).paper.title;
    const hit = ref.current().search.search(title)[0]?.paper.arxivId;
    const searchable = performance.now();
    clearInterval(sampler);
    say(`day sync: ${fresh.length} papers (from ${sourceDay}), added ${synced.added}; after the response: apply ${(applied - fetchedAt).toFixed(0)} ms, new view ${(built - t).toFixed(0)} ms, first search ${(searchable - built).toFixed(1)} ms -> searchable ${(searchable - fetchedAt).toFixed(0)} ms (found: ${hit === '2609.90000'})`);
    say(`event loop blocked while building the view: ${(built - t).toFixed(0)} ms (interactions arriving then wait that long)`);

    // 2. pinView per interaction.
    const ctx = { corpus: ref.current().corpus, search: ref.current().search, live: ref } as unknown as Context;
    const runs: number[] = [];
    for (let r = 0; r < 5; r++) {
      const s = performance.now();
      for (let i = 0; i < 100_000; i++) pinView(ctx);
      runs.push(((performance.now() - s) / 100_000) * 1e6);
    }
    say(`pinView: median ${median(runs).toFixed(0)} ns per interaction`);
    global.gc?.();
    say(`RSS: steady ${mib(steadyRss)}, peak during sync+swap ${mib(rssPeak)} (${(rssPeak / steadyRss).toFixed(2)}x)`);
    await hf.close();
    store.close();

    // 4. 30-day backfill at the default rate into a seeded store.
    if (options.backfill !== false) {
      const last = [...days.keys()].at(-1)!;
      const hf2 = await startFakeHf({ days });
      const dir2 = mkdtempSync(join(tmpdir(), 'paperboy-bench-backfill-'));
      const s2 = openCorpusStore(join(dir2, 'corpus.sqlite'), { seedDir: SEED });
      const start = performance.now();
      const b = await runSync({ client: createHfClient({ baseUrl: hf2.baseUrl, userAgent: 'paperboy-bench' }), store: s2, today: last });
      say(`30-day backfill at the default rate: ${b.days.length} days, ${b.requests} requests, ${b.added} papers in ${((performance.now() - start) / 1000).toFixed(1)} s`);
      s2.close();
      rmSync(dir2, { recursive: true, force: true });
      await hf2.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return summary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runSyncBench({ backfill: !process.argv.includes('--skip-backfill') });
