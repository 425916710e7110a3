// What watches add to a sync at real size: the detection step (ledger + every watch's query over the new
// papers, one transaction) when the newest full listing day of the real export (../shared) arrives in a
// corpus holding the rest, with 25 watches (a full server). Baseline in the same run: one plain /search
// of each watch's query over the whole corpus. Medians of 5 runs, each on a fresh state database.
//
//   npx tsx bench/watch-detect.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCorpus } from '../src/corpus/corpus.js';
import { createLogger } from '../src/logger.js';
import { createSearchEngine } from '../src/search/engine.js';
import { searchQuery } from '../src/search-query.js';
import { openDatabase } from '../src/store/db.js';
import { createWatchService } from '../src/watch/service.js';
import { loadRealCorpus } from './eval/real-corpus.js';

const full = loadRealCorpus();
// The newest listing day with a typical day's worth of papers (15+), standing for a sync's new day.
const perDay = new Map<string, number>();
for (const p of full.papers) if (p.listedAt) perDay.set(p.listedAt, (perDay.get(p.listedAt) ?? 0) + 1);
const lastDay = [...perDay].filter(([, n]) => n >= 15).map(([d]) => d).sort().at(-1)!;
const fresh = full.papers.filter((p) => p.listedAt === lastDay);
const before = makeCorpus(
  full.papers.filter((p) => p.listedAt !== lastDay),
  full.topics,
  'before',
  [],
  { revision: 1 },
);
const after = makeCorpus(full.papers, full.topics, 'after', [], { revision: 2 });
const views = [
  { corpus: before, search: createSearchEngine(before) },
  { corpus: after, search: createSearchEngine(after) },
];
const QUERIES = [
  'mixture of experts', 'diffusion distillation', 'reinforcement learning from human feedback', 'speculative decoding', 'vision language model',
  'long context', 'kv cache compression', 'text to video', 'reward model', 'agents tool use', 'quantization', 'state space models',
  'author:"Tri Dao"', 'topic:llm-agents has:code', 'retrieval augmented generation', 'chain of thought', 'image editing', 'code generation',
  'multilingual', 'robot manipulation', 'benchmark evaluation', 'sparse attention', 'low rank adaptation', '3d reconstruction', 'audio generation',
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const detectMs: number[] = [];
const searchMs: number[] = [];
let queued = 0;
for (let run = 0; run < 5; run++) {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-watch-bench-'));
  const db = openDatabase(join(dir, 'state.sqlite'));
  let current = views[0]!;
  const s = createWatchService({ db, view: () => current, logger: createLogger('silent'), changedSince: () => fresh.map((p) => p.id) });
  s.detect(); // the baseline: the corpus before the day
  QUERIES.forEach((query, i) => s.add({ kind: 'channel', guildId: '1', channelId: String(100 + i), userId: '7', query }));
  current = views[1]!;
  let t = performance.now();
  queued = s.detect();
  detectMs.push(performance.now() - t);
  t = performance.now();
  for (const q of QUERIES) searchQuery(after, views[1]!.search, q, {}, { limit: 10 });
  searchMs.push(performance.now() - t);
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`corpus ${after.papers.length} papers; new day ${lastDay}: ${fresh.length} papers; ${QUERIES.length} watches; ${queued} deliveries queued`);
console.log(`detection (25 watch queries, then ledger + outbox in one transaction): median ${median(detectMs).toFixed(1)} ms over 5 runs`);
console.log(`baseline, 25 plain /search calls over the whole corpus: median ${median(searchMs).toFixed(1)} ms`);
