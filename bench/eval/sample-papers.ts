// Step 1 of the real-corpus evaluation set (see "rules" in bench/queries-real.json): draws the
// source papers by a seeded random sample and prints their ABSTRACTS ONLY (no title, no keywords,
// no search engine runs), so the requests are written from what the paper says, not its name.
//
//   npx tsx bench/eval/sample-papers.ts            # real corpus (../shared export), 128 papers
//   npx tsx bench/eval/sample-papers.ts --seed-corpus   # corpus/papers.json, 44 papers
import { pathToFileURL } from 'node:url';
import type { Paper } from '../../src/corpus/schema.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { mulberry32 } from '../../src/prng.js';
import { loadRealCorpus } from './real-corpus.js';
import { SEED_CORPUS_DIR } from './paths.js';

export const REAL_SAMPLE = { seed: 20261130, count: 128 } as const;
export const SEED_SAMPLE = { seed: 20261131, count: 44 } as const;

export { mulberry32 };

/** `count` distinct papers, drawn uniformly: a partial Fisher-Yates shuffle over the papers sorted by id. */
export function samplePapers(papers: readonly Paper[], seed: number, count: number): Paper[] {
  const pool = [...papers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const random = mulberry32(seed);
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as Paper, pool[i] as Paper];
  }
  return pool.slice(0, n);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seedCorpus = process.argv.includes('--seed-corpus');
  const { seed, count } = seedCorpus ? SEED_SAMPLE : REAL_SAMPLE;
  const papers = seedCorpus ? loadCorpus(SEED_CORPUS_DIR).papers : loadRealCorpus().papers;
  // Seed-corpus ids are title slugs, so they are not printed there: the writer sees only the abstract.
  samplePapers(papers, seed, count).forEach((p, i) => {
    console.log(`#${i + 1}${seedCorpus ? '' : ` ${p.id}`}\n${p.abstract}\n`);
  });
}
