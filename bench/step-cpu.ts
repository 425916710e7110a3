// The longest step of a sync's next view (build, warm-up, snapshot encode) in CPU time: each step's
// window (performance.now, from the runInSlices trace hook) is matched to a CPU profile's samples, and a
// thread waiting for a core takes no samples, so samples x interval is the step's own cost even on a
// loaded machine, where wall times mostly measure the wait. One day (45 real items under fresh ids) is
// applied to a copy of a ~9k store, then the next view is built from the live one RUNS times.
// Usage: npx tsx bench/step-cpu.ts --store <a ~9k corpus.sqlite> [--root <another checkout with traceSteps>] [--runs 3] [--frames]
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const ROOT = arg('--root') ?? fileURLToPath(new URL('..', import.meta.url));
const STORE = arg('--store');
const RUNS = Number(arg('--runs') ?? 3);
const INTERVAL_US = 100;
if (!STORE) throw new Error('--store <a ~9k corpus.sqlite> is required');
const load = (path: string) => import(pathToFileURL(join(ROOT, path)).href);
const { loadView, nextViewInSlices } = await load('src/corpus-view.ts');
const { openCorpusStore } = await load('src/corpus/store.ts');
const { runInSlices, traceSteps } = await load('src/corpus/steps.ts');
const { parseHfDaily } = await load('src/corpus/ingest/hf-daily.ts');
const { encodeSnapshotSteps } = await load('src/search/index.ts');

const dir = mkdtempSync(join(tmpdir(), 'paperboy-step-cpu-'));
try {
  copyFileSync(STORE, join(dir, 'corpus.sqlite'));
  const store = openCorpusStore(join(dir, 'corpus.sqlite'), { seedDir: join(ROOT, 'corpus') });
  const live = loadView(store, () => undefined);
  await live.search.warmUp();
  const raw = JSON.parse(readFileSync(join(ROOT, '../shared/data/hf-daily-papers/export-2026.json'), 'utf8')) as { paper: { id: string; title: string } }[];
  const items = raw.slice(0, 45).map((it, i) => ({ ...it, paper: { ...it.paper, id: `2609.${90000 + i}`, title: `${it.paper.title} (copy ${i})` } }));
  store.applyRecords(parseHfDaily(JSON.stringify(items), 'hf-daily/2026-09-01.json').records, { file: 'hf-daily/2026-09-01.json', format: 'hf-daily-json' }, { syncDay: '2026-09-01' });
  const phases = ['build', 'warm-up', 'encode'] as const;
  const worst = new Map<string, string[]>(phases.map((p) => [p, []]));
  for (let r = 0; r < RUNS; r++) {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: INTERVAL_US });
    await session.post('Profiler.start');
    // The profiler's clock is CLOCK_MONOTONIC in µs, as process.hrtime's.
    const clock = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
    const steps: Array<[string, number, number]> = [];
    let phase = 'build';
    traceSteps((start: number, ms: number) => steps.push([phase, start, ms]));
    let stored: Promise<void> = Promise.resolve();
    const view = await nextViewInSlices(store, live, () => undefined, { snapshotStored: (p: Promise<void>) => (stored = p) });
    phase = 'snapshot write';
    await stored;
    phase = 'warm-up';
    await view.search.warmUp();
    phase = 'encode';
    await runInSlices(encodeSnapshotSteps(view.search.index, view.corpus));
    traceSteps(undefined);
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    let t = profile.startTime;
    const at = (profile.samples ?? []).map((id, i) => [id, (t += profile.timeDeltas?.[i] ?? 0)] as const);
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const p of phases) {
      let best = { cpu: 0, wall: 0, ids: [] as number[] };
      for (const [ph, start, ms] of steps) {
        if (ph !== p) continue;
        const from = clock + start * 1000;
        const ids = at.filter(([, x]) => x >= from && x <= from + ms * 1000).map(([id]) => id);
        if ((ids.length * INTERVAL_US) / 1000 > best.cpu) best = { cpu: (ids.length * INTERVAL_US) / 1000, wall: ms, ids };
      }
      const leaf = new Map<string, number>();
      for (const id of best.ids) {
        const f = nodes.get(id)!.callFrame;
        const k = `${f.functionName || '(anonymous)'} (${f.url.split('/').slice(-2).join('/')})`;
        leaf.set(k, (leaf.get(k) ?? 0) + 1);
      }
      const where = process.argv.includes('--frames') ? ` [${[...leaf].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k]) => k).join(', ')}]` : '';
      worst.get(p)!.push(`${best.cpu.toFixed(1)} (${best.wall.toFixed(1)})${where}`);
    }
  }
  console.log(`${ROOT}, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}: longest step per run, CPU ms (wall ms): ${phases.map((p) => `${p} ${worst.get(p)!.join(', ')}`).join('; ')}`);
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
