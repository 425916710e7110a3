// Sync benchmarks (issue 9 targets), against the loopback fake HF replaying the real export:
//   1. one day's sync (a real day's items under fresh arXiv ids) into a store holding the ~9k real
//      papers, as the bot runs it: fetched -> applied on the writer thread -> next view built in slices -> swapped
//      -> searchable (then warmed in slices), each phase timed;
//   2. what the sync and swap add to interactions: a probe search due every PROBE_MS, timed from when it
//      was due, with no sync and during a second day's sync (per phase: fetch+apply on the writer thread;
//      next view in slices, swap, warm-up in slices, snapshot write), with the event loop's own delay; then the
//      same during a third day's sync applied on the main thread (the CLI's way) with the next view built
//      in one go (nextView), the baseline the thread and the slices are for; a search counts in the
//      phase it was due in; pinView per interaction;
//   3. RSS: steady state with the 9k view loaded vs. the peak while the new view is built and swapped,
//      per phase, with the JS heap and ArrayBuffers at that moment;
//   4. a 30-day backfill at the default rate limit (550 ms between requests) into a seeded store.
// The new view is made the way the bot makes it after a sync (nextViewInSlices: the live corpus and index
// patched with the papers written since, in slices that yield to the event loop; no rebuild).
// Usage: npx tsx bench/sync.ts [--skip-backfill] [--store corpus.sqlite] [--cpu-profile sync.cpuprofile]
// (also part of `npm run bench`). --cpu-profile profiles the sliced window's main thread and lists the
// steps of 6 ms or more with the code they ran. Needs ../shared/data/hf-daily-papers. Run through tsx,
// the writer thread loads the TypeScript sources through tsx too (slower to start than the build's).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadView, nextView, nextViewInSlices, type CorpusView } from '../src/corpus-view.js';
import { traceSteps } from '../src/corpus/steps.js';
import { openCorpusStore } from '../src/corpus/store.js';
import { pinView, type Context } from '../src/context.js';
import { createHfClient, parsePage, type HfClient } from '../src/sync/client.js';
import { runSync } from '../src/sync/job.js';
import { onWriterThread } from '../src/sync/writing-target.js';
import { openStoreWriter } from '../src/store-writer.js';
import { createViewRef, type ViewRef } from '../src/sync/live.js';
import { addDays } from '../src/sync/plan.js';
import { loadSharedDays, SHARED_HF_DIR, startFakeHf } from '../test/support/fake-hf/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED = join(ROOT, 'corpus');
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** A probe search is due this often: a busy server's rate, and below what one search costs on a loaded 2-core machine. */
const PROBE_MS = 20;

interface ProbeResult {
  /** Per phase: latency percentiles of the probe searches due in it, and the event loop's max delay. */
  phases: Map<string, string>;
}

/**
 * Runs `work` while issuing a search every PROBE_MS (the next view's searches are answered by whatever view
 * is live), timing each from when it was due, so time the event loop was blocked counts as latency, as
 * it does for an interaction arriving then. Each phase also gets its own event-loop delay histogram.
 */
async function probe(ref: ViewRef, queries: readonly string[], work: (phase: (name: string) => void) => Promise<void>): Promise<ProbeResult> {
  const samples = new Map<string, number[]>();
  const loops = new Map<string, ReturnType<typeof monitorEventLoopDelay>>();
  let phase = '';
  // A search is counted in the phase it was due in (a search due during a blocking apply runs after it).
  const changes: Array<[number, string]> = [];
  const phaseAt = (t: number) => {
    let name = '';
    for (const [at, n] of changes) if (at <= t) name = n;
    return name;
  };
  const setPhase = (name: string) => {
    loops.get(phase)?.disable();
    phase = name;
    changes.push([performance.now(), name]);
    const h = loops.get(name) ?? monitorEventLoopDelay({ resolution: 1 });
    loops.set(name, h);
    h.enable();
  };
  let stop = false;
  let i = 0;
  let due = performance.now();
  const tick = () => {
    if (stop) return;
    ref.current().search.search(queries[i++ % queries.length] as string, undefined, { limit: 25 });
    const dueIn = phaseAt(due);
    const list = samples.get(dueIn) ?? [];
    list.push(performance.now() - due);
    samples.set(dueIn, list);
    due += PROBE_MS;
    setTimeout(tick, Math.max(0, due - performance.now()));
  };
  setTimeout(tick, PROBE_MS);
  due += PROBE_MS;
  await work(setPhase);
  stop = true;
  loops.get(phase)?.disable();
  const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;
  const phases = new Map<string, string>();
  for (const [name, xs] of samples) {
    const loop = loops.get(name);
    phases.set(name, `${xs.length} searches, p50 ${pct(xs, 0.5).toFixed(1)} ms, p99 ${pct(xs, 0.99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms; event loop delay max ${loop ? (loop.max / 1e6).toFixed(1) : '?'} ms`);
  }
  return { phases };
}

/** Steps at least this long are listed with the code they ran (--cpu-profile). */
const LONG_STEP_MS = 6;

/**
 * A CPU profile of `work` (inspector, 0.1 ms sampling) written to `file`, and the steps runInSlices ran
 * for LONG_STEP_MS or more, each with the functions of ours its samples were in (the profile's clock is
 * matched to performance.now() at its start): which step of the swap holds the event loop.
 */
async function profiled<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const startedAt = performance.now();
  // The profiler's clock is CLOCK_MONOTONIC in µs, as process.hrtime's (ns).
  const clockOffset = Number(process.hrtime.bigint() / 1000n) - startedAt * 1000;
  const long: Array<[number, number]> = [];
  traceSteps((start, ms) => {
    if (ms >= LONG_STEP_MS) long.push([start, ms]);
  });
  try {
    return await work();
  } finally {
    traceSteps(undefined);
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    let t = profile.startTime;
    const times = (profile.samples ?? []).map((id, i) => [id, (t += profile.timeDeltas?.[i] ?? 0)] as const);
    const frame = (f: { functionName: string; url: string; lineNumber: number }) => `${f.functionName || '(anonymous)'} (${f.url.replace(/^.*\/(src|bench)\//, '$1/')}:${f.lineNumber + 1})`;
    // A thread waiting for a core takes no samples: samples x interval is the step's CPU time, wall is what an interaction waits.
    const rows = long.map(([start, ms]) => {
      const from = clockOffset + start * 1000;
      const ids = times.filter(([, at]) => at >= from && at <= from + ms * 1000).map(([id]) => id);
      return { start, ms, ids, cpu: ids.length * 0.1 };
    });
    console.log(`steps of ${LONG_STEP_MS} ms or more (wall) in the sliced sync window: ${long.length}; the longest in CPU time ${Math.max(0, ...rows.map((r) => r.cpu)).toFixed(1)} ms`);
    for (const { start, ms, ids, cpu } of rows.sort((a, b) => b.cpu - a.cpu).slice(0, 15)) {
      const counts = new Map<string, number>();
      const n = ids.length;
      for (const id of ids) {
        const seen = new Set<string>();
        for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
          const f = nodes.get(x)!.callFrame;
          if (!/\/(src|bench)\//.test(f.url) && f.functionName !== '(garbage collector)') continue;
          const name = frame(f);
          if (!seen.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
          seen.add(name);
        }
      }
      const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, c]) => `${name} ${Math.round((100 * c) / Math.max(1, n))}%`);
      console.log(`  ${cpu.toFixed(1)} ms CPU (${ms.toFixed(1)} ms wall) at +${(start - startedAt).toFixed(0)} ms: ${top.join(' < ')}`);
    }
  }
}

export async function runSyncBench(options: { backfill?: boolean; store?: string; cpuProfile?: string } = {}): Promise<string[]> {
  const summary: string[] = [];
  const say = (line: string) => {
    console.log(line);
    summary.push(line);
  };
  const warnings = (msg: string) => console.log(`warning: ${msg}`);
  const days = loadSharedDays();
  if (!days) throw new Error(`the real export is needed: ${SHARED_HF_DIR}`);
  console.log(`load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-sync-'));
  try {
    // The ~9k store is made by the CLI in another process, so its import peak is not in our RSS.
    const file = join(dir, 'corpus.sqlite');
    if (options.store) copyFileSync(options.store, file); // a copy of a ~9k store made earlier (--store), to iterate faster
    else for (const year of ['2024', '2025', '2026']) {
      execFileSync(process.execPath, [join(ROOT, 'bin/paperboy.js'), 'import', join(SHARED_HF_DIR, `export-${year}.json`)], { env: { ...process.env, DATA_DIR: dir, CORPUS_DIR: SEED }, stdio: 'ignore' });
    }
    const store = openCorpusStore(file, { seedDir: SEED });
    let t = performance.now();
    const ref = createViewRef(loadView(store, () => undefined));
    await ref.current().search.warmUp(); // the post-login warm-up, finished before anything is measured
    console.log(`steady: ${ref.current().corpus.papers.length} papers, view loaded in ${(performance.now() - t).toFixed(0)} ms`);
    global.gc?.();
    const steadyRss = process.memoryUsage().rss;

    // A serving bot has answered searches before a sync comes: warm the search code the same way.
    const speed = JSON.parse(readFileSync(join(ROOT, 'bench/speed-queries.json'), 'utf8')) as { natural: string[]; keyword: string[] };
    const queries = [...speed.natural, ...speed.keyword];
    for (const q of queries) ref.current().search.search(q);

    // Two real days (the two largest up to 50 items) under ids the corpus does not have: the first
    // synced alone (how soon it is searchable), the second while interactions arrive (what it adds to them).
    const picked = [...days].filter(([, it]) => it.length <= 50).sort((a, b) => b[1].length - a[1].length).slice(0, 3);
    const freshDay = (items: readonly string[], day: string, tag: number) =>
      items.map((raw, i) => {
        const item = JSON.parse(raw) as { paper: { id: string; title: string }; publishedAt: string };
        item.paper.id = `2609.${String(tag + i)}`;
        item.paper.title = `${item.paper.title} (synced copy ${tag + i})`; // the original is already in the corpus under its real id
        item.publishedAt = `${day}T00:00:00.000Z`;
        return JSON.stringify(item);
      });
    const dayA = '2026-09-01';
    const dayB = '2026-09-02';
    const freshA = freshDay(picked[0]![1], dayA, 90000);
    const freshB = freshDay(picked[1]![1], dayB, 91000);
    const dayC = '2026-09-03';
    const freshC = freshDay(picked[2]![1], dayC, 92000);
    const hf = await startFakeHf({ days: new Map([[dayA, freshA], [dayB, freshB], [dayC, freshC]]) });
    for (let i = 1; i < 30; i++) store.markSyncDay(addDays(dayA, -i), 0);
    let fetchedAt = 0;
    const client = createHfClient({ baseUrl: hf.baseUrl, userAgent: 'paperboy-bench', minIntervalMs: 0 });
    // fetchedAt: when the day's response arrived (the page is parsed after it, on the writer thread in the bot's way).
    const timed: HfClient = { baseUrl: client.baseUrl, fetchDay: async (d, s, o) => { const r = await client.fetchDay(d, s, { parse: (body, file) => { fetchedAt = performance.now(); return (o?.parse ?? parsePage)(body, file); } }); return r; } };
    // A sync as the bot runs it: each day's write on the writer thread (src/store-writer.ts), started with
    // the sync and closed before the next view is built; `onMain`: the CLI's way, every write on this thread.
    // `started`: told when the thread is up. In the bot the thread starts with the sync and its hourly run
    // fetches the 7 refresh days before today's, so today's papers meet a thread that is up; here one day is planned.
    const syncDay = async (today: string, onMain = false, started?: (ms: number) => void) => {
      if (onMain) return runSync({ client: timed, store, today, refreshDays: 1 });
      const t0 = performance.now();
      const writer = openStoreWriter(file);
      if (started) {
        await writer.ready();
        started(performance.now() - t0);
      }
      try {
        return await runSync({ ...onWriterThread(store, timed, writer, warnings), today, refreshDays: 1 });
      } finally {
        await writer.close();
      }
    };
    // RSS peak per phase, with what made it up at that moment (JS heap, ArrayBuffers: the postings arrays).
    let rssPeak = process.memoryUsage().rss;
    let memPhase = 'day sync';
    const peaks = new Map<string, NodeJS.MemoryUsage>();
    const sampleMemory = () => {
      const m = process.memoryUsage();
      rssPeak = Math.max(rssPeak, m.rss);
      const p = peaks.get(memPhase);
      if (!p || m.rss > p.rss) peaks.set(memPhase, m);
    };
    const sampler = setInterval(sampleMemory, 5);
    const steadyMem = process.memoryUsage();
    const titleOf = (raw: string) => (JSON.parse(raw) as { paper: { title: string } }).paper.title;

    // 1. One day, nothing else running: fetched -> applied -> next view built in slices -> swapped -> searched.
    let before: CorpusView | undefined = ref.current();
    let threadStart = 0;
    const synced = await syncDay(dayA, false, (ms) => (threadStart = ms));
    const applied = performance.now();
    t = performance.now();
    let stored: Promise<void> = Promise.resolve();
    const view = await nextViewInSlices(store, ref.current(), warnings, { snapshotStored: (p) => (stored = p) });
    const built = performance.now();
    sampleMemory(); // both views alive here
    ref.swap(view); // as the bot does: swapped as soon as it can search, warmed in slices after
    const warmed = performance.now();
    const hit = ref.current().search.search(titleOf(freshA[0]!))[0]?.paper.arxivId;
    const searchable = performance.now();
    const w1 = performance.now();
    await view.search.warmUp();
    const warmUpMs = performance.now() - w1;
    // The same query on the view before the sync: what a warm search of it costs anyway.
    const w0 = performance.now();
    before.search.search(titleOf(freshA[0]!));
    before = undefined; // the bot drops the old view once the interactions pinned to it are answered
    const warmSame = performance.now() - w0;
    say(`day sync: ${freshA.length} papers (from ${picked[0]![0]}), added ${synced.added}; after the response: apply ${(applied - fetchedAt).toFixed(0)} ms (parse and write on the writer thread, which took ${threadStart.toFixed(0)} ms to start, before the fetch), new view ${(built - t).toFixed(0)} ms (in slices), first search ${(searchable - warmed).toFixed(1)} ms (the same query on the old view: ${warmSame.toFixed(1)} ms) -> searchable ${(searchable - fetchedAt).toFixed(0)} ms (found: ${hit === '2609.90000'}); then the warm-up in slices after the swap ${warmUpMs.toFixed(0)} ms`);
    await stored; // and the snapshot write nextViewInSlices started

    // 2. What the sync adds to interactions: a search due every PROBE_MS, its latency counted from when it
    // was due (so event-loop blockage shows), first with no sync (baseline), then during the second day's
    // sync, swap, warm-up and snapshot write; plus the event loop's own delay (monitorEventLoopDelay).
    memPhase = 'no sync';
    const base = await probe(ref, queries, async (phase) => {
      phase('no sync');
      await delay(2000);
    });
    let phases = '';
    let answeredOld = 0;
    memPhase = 'sliced swap';
    const during = await profiled(options.cpuProfile, () => probe(ref, queries, async (phase) => {
      phase('fetch+apply');
      const s0 = performance.now();
      await syncDay(dayB);
      const s1 = performance.now();
      phase('swap');
      const before = ref.current();
      let written: Promise<void> = Promise.resolve();
      const next = await nextViewInSlices(store, before, warnings, { snapshotStored: (p) => (written = p) });
      const s2 = performance.now();
      answeredOld = before === ref.current() ? 1 : 0; // nothing swapped it under the probe's feet
      ref.swap(next);
      await next.search.warmUp(); // warmed in slices after the swap, as the bot does
      await written;
      phases = `fetch+apply ${(s1 - s0).toFixed(0)} ms, next view in slices ${(s2 - s1).toFixed(0)} ms, then swap, warm-up and snapshot write`;
    }));
    // The same, the next view built in one go (nextView: the same steps without yielding), for comparison.
    memPhase = 'one-block swap';
    let phasesOnce = '';
    const once = await probe(ref, queries, async (phase) => {
      phase('fetch+apply');
      const s0 = performance.now();
      await syncDay(dayC, true);
      const s1 = performance.now();
      phase('swap');
      const next = nextView(store, ref.current(), warnings);
      const s2 = performance.now();
      ref.swap(next);
      await next.search.warmUp();
      await delay(1500); // nextView stores the snapshot in the background: let it finish inside the window
      phasesOnce = `fetch+apply ${(s1 - s0).toFixed(0)} ms, next view in one go ${(s2 - s1).toFixed(0)} ms`;
    });
    say(`interaction probe (a search due every ${PROBE_MS} ms; latency from when it was due): no sync ${base.phases.get('no sync')}`);
    say(`  during a day's sync, sliced (${phases}; live view untouched while building: ${answeredOld === 1}): fetch+apply ${during.phases.get('fetch+apply')}; swap (next view in slices, swap, warm-up in slices, snapshot write) ${during.phases.get('swap')}`);
    say(`  during a day's sync, one block (${phasesOnce}; the apply on the main thread): fetch+apply ${once.phases.get('fetch+apply')}; swap (next view in one go, swap, warm-up, snapshot write) ${once.phases.get('swap')}`);
    clearInterval(sampler);
    const fmt = (m: NodeJS.MemoryUsage) => `RSS ${mib(m.rss)} (heap used ${mib(m.heapUsed)} of ${mib(m.heapTotal)}, array buffers ${mib(m.arrayBuffers)}, external ${mib(m.external)})`;
    say(`memory: steady ${fmt(steadyMem)}; peak per phase: ${[...peaks].map(([name, m]) => `${name} ${fmt(m)}`).join('; ')}`);

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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const store = arg('--store');
  const cpuProfile = arg('--cpu-profile');
  await runSyncBench({ backfill: !process.argv.includes('--skip-backfill'), ...(store ? { store } : {}), ...(cpuProfile ? { cpuProfile } : {}) });
}
