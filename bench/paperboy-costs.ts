// paperboy's own costs on the real export, wall and CPU time: a day of the feed (50 papers) added
// to the index without a rebuild and searched, the snapshot written (compacting the delta) and read
// back, and the similarity model's cold and warm similar(). Run: npx tsx bench/paperboy-costs.ts
import { loadavg } from 'node:os';
import { makeCorpus } from '../src/corpus/corpus.js';
import type { Paper } from '../src/corpus/schema.js';
import { createSearchEngine } from '../src/search/engine.js';
import { decodeSnapshot } from '../src/search/snapshot.js';
import { realExportCorpus, SHARED_EXPORT_DIR } from './engines.js';

const real = realExportCorpus();
if (!real) throw new Error(`the real export is missing: ${SHARED_EXPORT_DIR}`);
const papers: Paper[] = [...real.papers];
const topics = real.topics.filter((t) => t.slug !== 'other');
const full = real;
const base = makeCorpus(papers.slice(0, -50), topics, 'base');
console.log(`${papers.length} papers; load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
const both = (label: string, fn: () => unknown) => { const c = process.cpuUsage(); const t = performance.now(); const r = fn(); const u = process.cpuUsage(c); console.log(`${label}: wall ${(performance.now() - t).toFixed(1)} ms, cpu ${((u.user + u.system) / 1000).toFixed(1)} ms`); return r; };
const engine = both('build base engine', () => createSearchEngine(base)) as ReturnType<typeof createSearchEngine>;
const grown = both('update with 50 papers', () => engine.update(full, papers.slice(-50).map((p) => p.id))) as ReturnType<typeof createSearchEngine>;
both('first search after update', () => grown.search(papers.at(-1)?.title ?? '', {}, { limit: 10 }));
const snap = both('snapshot (compacts the delta)', () => grown.snapshot()) as Buffer;
console.log('snapshot MiB', (snap.length / 2 ** 20).toFixed(1));
both('decode snapshot', () => decodeSnapshot(snap, full));
both('engine from snapshot', () => createSearchEngine(full, { index: decodeSnapshot(snap, full) }));
const e2 = createSearchEngine(full, { index: decodeSnapshot(snap, full) });
both('similar() cold (computes norms)', () => e2.similar(papers[0]?.id ?? '', 5));
both('similar() warm', () => e2.similar(papers[1]?.id ?? '', 5));
console.log(`load average after ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
