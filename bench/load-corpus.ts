// The corpus the load bench serves: the committed seed plus the whole real Hugging Face export
// (../shared/data/hf-daily-papers/*.json), about 9,000 papers. Built once with the importer
// (`paperboy import` in-process) and cached under the OS temp dir, keyed by the inputs' contents.
// When the SQLite corpus store lands, only buildLoadCorpus's body changes: callers get a CORPUS_DIR.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importExport } from '../src/corpus/import.js';
import { loadCorpus } from '../src/corpus/load.js';

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

/** A corpus directory holding the seed corpus plus every real export; returns it and its paper count. */
export async function buildLoadCorpus(log: (line: string) => void = console.log): Promise<{ corpusDir: string; papers: number }> {
  const files = exportFiles();
  const hash = createHash('sha256');
  for (const f of [join(ROOT, 'corpus', 'papers.json'), join(ROOT, 'corpus', 'topics.json'), join(ROOT, 'src', 'corpus', 'import.ts'), ...files]) {
    hash.update(readFileSync(f));
  }
  const corpusDir = join(tmpdir(), `paperboy-load-corpus-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(join(corpusDir, 'papers.json'))) {
    const staging = mkdtempSync(join(tmpdir(), 'paperboy-load-staging-'));
    try {
      cpSync(join(ROOT, 'corpus'), staging, { recursive: true });
      for (const file of files) {
        const start = performance.now();
        const r = await importExport(staging, file);
        log(`  imported ${file.split('/').at(-1)}: +${r.added} papers (${((performance.now() - start) / 1000).toFixed(1)} s)`);
      }
      renameSync(staging, corpusDir);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw err;
    }
  }
  return { corpusDir, papers: loadCorpus(corpusDir).papers.length };
}
