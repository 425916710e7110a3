// The corpus the load bench serves: the committed seed plus the whole real Hugging Face export
// (../shared/data/hf-daily-papers/*.json), about 9,000 papers, imported into a corpus store
// (corpus.sqlite) the way `paperboy import` does it. Built once and cached under the OS temp dir,
// keyed by the inputs' contents; each run copies the store into its own DATA_DIR.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_DB_FILE, openCorpusStore } from '../src/corpus/store.js';
import { loadView } from '../src/corpus-view.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const EXPORT_DIR = join(ROOT, '..', 'shared', 'data', 'hf-daily-papers');

export class MissingExportError extends Error {
  override readonly name = 'MissingExportError';
}

/** The export files, or a MissingExportError saying where they were looked for. */
export function exportFiles(): string[] {
  const files = existsSync(EXPORT_DIR) ? readdirSync(EXPORT_DIR).filter((f) => /^export-.*\.json$/.test(f)).sort() : [];
  if (files.length === 0) throw new MissingExportError(`no real export at ${EXPORT_DIR} (export-*.json): the load bench needs ../shared beside the checkout`);
  return files.map((f) => join(EXPORT_DIR, f));
}

/** Puts a corpus store holding the seed plus every real export into `dataDir`; returns its paper count. */
export function installLoadCorpus(dataDir: string, log: (line: string) => void = console.log): { papers: number } {
  const files = exportFiles();
  const hash = createHash('sha256');
  for (const f of [join(ROOT, 'corpus', 'manifest.json'), join(ROOT, 'corpus', 'topics.json'), join(ROOT, 'src', 'corpus', 'store.ts'), ...files]) {
    hash.update(readFileSync(f));
  }
  const cached = join(tmpdir(), `paperboy-load-corpus-${hash.digest('hex').slice(0, 16)}.sqlite`);
  if (!existsSync(cached)) {
    const staging = mkdtempSync(join(tmpdir(), 'paperboy-load-staging-'));
    try {
      const store = openCorpusStore(join(staging, CORPUS_DB_FILE), { seedDir: join(ROOT, 'corpus'), warn: log });
      try {
        for (const file of files) {
          const start = performance.now();
          const r = store.importFile(file);
          log(`  imported ${file.split('/').at(-1)}: +${r.added} papers (${((performance.now() - start) / 1000).toFixed(1)} s)`);
        }
        loadView(store, log); // stores the search snapshot, as the bot's first start would
      } finally {
        store.close(); // checkpoints the WAL into the main file
      }
      renameSync(join(staging, CORPUS_DB_FILE), cached);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  copyFileSync(cached, join(dataDir, CORPUS_DB_FILE));
  const store = openCorpusStore(join(dataDir, CORPUS_DB_FILE), { seedDir: join(ROOT, 'corpus'), warn: log });
  try {
    return { papers: store.loadCorpus().papers.length };
  } finally {
    store.close();
  }
}
