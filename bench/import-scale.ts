// Import at scale: a synthetic Hugging Face daily-papers export of N papers (made from the real
// abstracts, shuffled and perturbed) merged into a copy of the corpus, then loaded like start-up does.
// Reports wall time per phase and the resulting sizes; medians are not needed for one-shot phases.
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importExport } from '../src/corpus/import.js';
import { loadCorpus } from '../src/corpus/load.js';
import { loadOrBuildIndex } from '../src/search/index.js';
import { createSearchEngine } from '../src/search/engine.js';
import { prng } from './search-speed.js';

const SIZES = [1000, 5000, 20000];

/** An export in the /api/daily_papers shape, ids 2601.00000 upwards so none collides with the corpus. */
export function syntheticExport(size: number, seed = 7): unknown[] {
  const corpus = loadCorpus('corpus');
  const random = prng(seed);
  const words = corpus.papers.flatMap((p) => p.abstract.split(/\s+/)).filter((w) => /^[a-z]{4,}$/.test(w));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  return Array.from({ length: size }, (_, i) => {
    const base = corpus.papers[i % corpus.papers.length]!;
    const title = `${base.title.split(' ').map((w) => (random() < 0.3 ? pick(words) : w)).join(' ')} ${i}`;
    const id = `26${String(1 + (i % 12)).padStart(2, '0')}.${String(10000 + i).padStart(5, '0')}`;
    const date = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00.000Z`;
    return {
      paper: {
        id,
        title,
        summary: base.abstract.split(/(?<=\.)\s+/).sort(() => random() - 0.5).join(' '),
        authors: [{ name: `Author ${i}` }, { name: `Coauthor ${i % 97}` }],
        publishedAt: date,
        upvotes: Math.floor(random() * 80),
        ...(random() < 0.4 ? { githubRepo: `https://github.com/example-lab/repo-${i}`, githubStars: Math.floor(random() * 500) } : {}),
        ai_keywords: [pick(words), pick(words)],
      },
      publishedAt: date,
      title,
      numComments: 0,
    };
  });
}

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await work();
  return [value, performance.now() - t0];
}

export async function runImportScale(): Promise<string[]> {
  const summary: string[] = [];
  console.log('Import at scale (synthetic daily-papers export into a copy of the corpus)\n');
  console.log('papers   export MiB  import+build+index   load corpus   load index   papers.json MiB   index.json MiB');
  for (const size of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-import-bench-'));
    try {
      cpSync('corpus', join(dir, 'corpus'), { recursive: true });
      const file = join(dir, `daily-${size}.json`);
      writeFileSync(file, JSON.stringify(syntheticExport(size)));
      const corpusDir = join(dir, 'corpus');
      const [result, importMs] = await timed(() => importExport(corpusDir, file));
      const [corpus, loadMs] = await timed(() => loadCorpus(corpusDir));
      const warnings: string[] = [];
      const [index, indexMs] = await timed(() => loadOrBuildIndex(corpus, corpusDir, (w) => warnings.push(w)));
      createSearchEngine(corpus, { index });
      if (warnings.length) throw new Error(`index was not loaded from disk: ${warnings.join('; ')}`);
      if (result.added !== size) throw new Error(`expected ${size} papers added, got ${result.added}`);
      const mib = (f: string) => (statSync(f).size / 2 ** 20).toFixed(1);
      console.log(
        `${String(corpus.papers.length).padEnd(8)} ${mib(file).padStart(10)}  ${`${(importMs / 1000).toFixed(2)} s`.padStart(18)}   ${`${loadMs.toFixed(0)} ms`.padStart(11)}   ${`${indexMs.toFixed(0)} ms`.padStart(10)}   ${mib(join(corpusDir, 'papers.json')).padStart(15)}   ${mib(join(corpusDir, 'index.json')).padStart(14)}`,
      );
      summary.push(`${size} imported: import+build+index ${(importMs / 1000).toFixed(2)} s, then start-up load ${loadMs.toFixed(0)} ms corpus + ${indexMs.toFixed(0)} ms index`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return summary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runImportScale();
