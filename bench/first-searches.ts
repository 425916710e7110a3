// What the first searches after a swap cost, compared with the same searches on a warm view (issue 9:
// the swap must not add more than 10 ms to any interaction). Three rounds on a copy of a ~9k store: a
// real day's items under fresh ids are applied, the next view is made (nextView, as after a sync), and
//   - "after a swap": the speed queries are timed on the new view (its first searches), then again;
//   - "after a major GC": a forced full GC, then the same queries on the same view (V8 throws optimized
//     code away when a GC finds a map it embeds without a live object; see Scratch.held);
//   - "a new paper's title": the first search for one of the day's papers on the new view, then again.
// Each line gives the pass's total and its five slowest searches; a warm pass is the reference.
// Usage: node --expose-gc --import tsx bench/first-searches.ts --store corpus.sqlite [--rounds 3]
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadView, nextView, type CorpusView } from '../src/corpus-view.js';
import { parsePage } from '../src/corpus/hf-page.js';
import { openCorpusStore } from '../src/corpus/store.js';
import { loadSharedDays, SHARED_HF_DIR } from '../test/support/fake-hf/index.js';
import { freshDay, syncSizedDays } from './recorded-days.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const source = arg('--store');
if (!source) throw new Error('usage: bench/first-searches.ts --store corpus.sqlite (a ~9k store: paperboy import ../shared/data/hf-daily-papers/export-*.json)');
if (!global.gc) throw new Error('run with node --expose-gc');
const gc = global.gc;
const rounds = Number(arg('--rounds') ?? 3);
const days = loadSharedDays();
if (!days) throw new Error(`the real export is needed: ${SHARED_HF_DIR}`);

const dir = mkdtempSync(join(tmpdir(), 'paperboy-first-searches-'));
try {
  const file = join(dir, 'corpus.sqlite');
  copyFileSync(source, file);
  const store = openCorpusStore(file, { seedDir: join(ROOT, 'corpus') });
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  let view: CorpusView = loadView(store, () => undefined);
  await view.search.warmUp();
  const speed = JSON.parse(readFileSync(join(ROOT, 'bench/speed-queries.json'), 'utf8')) as { natural: string[]; keyword: string[] };
  const queries = [...speed.natural, ...speed.keyword];
  const pass = (v: CorpusView) => queries.map((q) => {
    const t = performance.now();
    v.search.search(q, undefined, { limit: 25 });
    return performance.now() - t;
  });
  const show = (xs: number[]) => `${xs.reduce((a, b) => a + b, 0).toFixed(0)} ms (slowest ${[...xs].sort((a, b) => b - a).slice(0, 5).map((x) => x.toFixed(1)).join(' ')})`;
  const once = (v: CorpusView, q: string) => {
    const t = performance.now();
    v.search.search(q);
    return (performance.now() - t).toFixed(1);
  };
  for (let k = 0; k < 3; k++) pass(view); // a serving bot has answered these before a sync comes
  const picked = syncSizedDays(days).slice(0, rounds);
  for (const [r, [listed, raw]] of picked.entries()) {
    const day = `2026-09-${String(r + 1).padStart(2, '0')}`;
    const items = freshDay(raw, day, 95000 + 100 * r);
    const page = parsePage(`[${items.join(',')}]`, `bench-${day}`);
    if (page.kind !== 'ok') throw new Error(`the day ${listed} did not parse`);
    store.applyRecords(page.records, { file: `bench/${day}`, format: 'hf-daily-json', capturedAt: day, description: 'bench/first-searches.ts' });
    const old = view;
    view = nextView(store, old, () => undefined);
    const title = (JSON.parse(items[0]!) as { paper: { title: string } }).paper.title;
    const titleFirst = once(view, title);
    const titleAgain = once(view, title);
    const first = pass(view);
    const warm = pass(view);
    gc();
    const afterGc = pass(view);
    console.log(`round ${r} (${items.length} papers of ${listed}, ${view.corpus.papers.length} in all): after a swap ${show(first)}; warm ${show(warm)}; after a major GC ${show(afterGc)}; a new paper's title first ${titleFirst} ms, again ${titleAgain} ms`);
  }
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
