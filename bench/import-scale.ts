// Import at scale: a synthetic Hugging Face daily-papers export of N papers (made from the real
// abstracts, shuffled and perturbed) imported into a fresh corpus store, then loaded like start-up
// does (the first load builds and stores the search snapshot, the second loads it).
// Reports wall time per phase and the resulting sizes; medians are not needed for one-shot phases.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCorpus } from '../src/corpus/load.js';
import { openStore, loadView } from '../src/corpus-view.js';
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
  console.log('papers   export MiB   import   first load (builds snapshot)   load   store MiB');
  for (const size of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-import-bench-'));
    try {
      const file = join(dir, `daily-${size}.json`);
      writeFileSync(file, JSON.stringify(syntheticExport(size)));
      const location = { dataDir: join(dir, 'data'), corpusDir: 'corpus' };
      const store = openStore(location, () => undefined);
      const [result, importMs] = await timed(() => store.importFile(file));
      const [, firstMs] = await timed(() => loadView(store, () => undefined));
      const [view, loadMs] = await timed(() => loadView(store, () => undefined));
      store.close();
      if (result.added !== size) throw new Error(`expected ${size} papers added, got ${result.added}`);
      const mib = (f: string) => (statSync(f).size / 2 ** 20).toFixed(1);
      console.log(
        `${String(view.corpus.papers.length).padEnd(8)} ${mib(file).padStart(10)}   ${`${(importMs / 1000).toFixed(2)} s`.padStart(6)}   ${`${firstMs.toFixed(0)} ms`.padStart(29)}   ${`${loadMs.toFixed(0)} ms`.padStart(6)}   ${mib(join(location.dataDir, 'corpus.sqlite')).padStart(9)}`,
      );
      summary.push(`${size} imported: import ${(importMs / 1000).toFixed(2)} s, then start-up load ${firstMs.toFixed(0)} ms (building the snapshot), ${loadMs.toFixed(0)} ms (from the snapshot)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return summary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runImportScale();
