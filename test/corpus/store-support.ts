// Helpers for corpus-store specs: a temporary data directory, a store seeded from the committed
// corpus, and a dump of everything a store holds (equal dumps mean nothing changed).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openCorpusStore, type CorpusStore, type OpenCorpusStoreOptions } from '../../src/corpus/store.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SEED_DIR = join(ROOT, 'corpus');
export const FIXTURE = join(ROOT, 'test', 'fixtures', 'hf-daily-sample.json');

export function tempDir(prefix = 'paperboy-store-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function openStoreIn(dir: string, options: Partial<OpenCorpusStoreOptions> = {}): CorpusStore {
  return openCorpusStore(join(dir, 'corpus.sqlite'), { seedDir: SEED_DIR, ...options });
}

/** Revision, papers, aliases and sources as plain data, read with a separate connection. */
export function dumpStore(file: string): { revision: number; papers: string[]; aliases: string[]; sources: string[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const revision = Number((db.prepare("SELECT value FROM meta WHERE key = 'revision'").get() as { value: string } | undefined)?.value ?? 0);
    const papers = (db.prepare('SELECT json FROM papers ORDER BY id').all() as { json: string }[]).map((r) => r.json);
    const aliases = (db.prepare('SELECT alias, paper_id FROM aliases ORDER BY alias').all() as { alias: string; paper_id: string }[]).map((r) => `${r.alias}->${r.paper_id}`);
    const sources = (db.prepare('SELECT file, sha256 FROM sources ORDER BY file').all() as { file: string; sha256: string }[]).map((r) => `${r.file}:${r.sha256}`);
    return { revision, papers, aliases, sources };
  } finally {
    db.close();
  }
}

/** Files in dir other than the store and SQLite's own WAL and shared-memory files. */
export function strayFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => !/^corpus\.sqlite(-wal|-shm)?$/.test(f));
}

/** A daily-papers export of `count` made-up papers with arXiv ids from `first` upwards. */
export function syntheticExport(count: number, first: number, abstract = 'We study a synthetic problem in language model training with a new method.'): string {
  const items = Array.from({ length: count }, (_, i) => {
    const n = first + i;
    const id = `29${String(1 + (n % 12)).padStart(2, '0')}.${String(n).padStart(5, '0')}`;
    return { paper: { id, title: `Synthetic paper number ${n} on training dynamics`, summary: `${abstract} Variant ${n}.`, authors: [{ name: `Author ${n}` }], publishedAt: '2029-01-02T00:00:00.000Z', upvotes: n % 50 }, publishedAt: '2029-01-03T00:00:00.000Z' };
  });
  return `[\n${items.map((item) => JSON.stringify(item)).join(',\n')}\n]\n`;
}
