// Papers read at start-up parse only the fields a start uses; the rest of a row is parsed (and
// checked) when first read. A stored paper must behave exactly like the row parsed in full.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CorpusStoreError } from '../../src/corpus/store.js';
import { writeFileSync } from 'node:fs';
import { FIXTURE, openStoreIn, syntheticExport, tempDir } from './store-support.js';

function syntheticExportFile(dir: string, count: number, first: number): string {
  const file = join(dir, `synthetic-${first}.json`);
  writeFileSync(file, syntheticExport(count, first));
  return file;
}

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function rows(): Map<string, string> {
  const db = new Database(join(dir.path, 'corpus.sqlite'), { readonly: true });
  try {
    return new Map((db.prepare('SELECT id, json FROM papers').all() as { id: string; json: string }[]).map((r) => [r.id, r.json]));
  } finally {
    db.close();
  }
}

function corrupt(sql: string): void {
  const db = new Database(join(dir.path, 'corpus.sqlite'));
  db.prepare(sql).run();
  db.close();
}

describe('a paper loaded from the corpus store', () => {
  it('equals its row parsed in full: every field, key for key, in spreads, in JSON, and after its lazy fields were read', () => {
    const store = openStoreIn(dir.path);
    store.importFile(FIXTURE); // authors, organisations, summaries: every optional field occurs
    const corpus = store.loadCorpus();
    store.close();
    const stored = rows();
    expect(corpus.papers.length).toBe(stored.size);
    for (const paper of corpus.papers) {
      const full = JSON.parse(stored.get(paper.id) as string) as Record<string, unknown>;
      expect(JSON.stringify(paper)).toBe(stored.get(paper.id)); // toJSON: the row as stored
      expect({ ...paper }).toEqual(full);
      expect(paper).toEqual(full);
      for (const [key, value] of Object.entries(full)) expect((paper as unknown as Record<string, unknown>)[key]).toEqual(value);
    }
    expect(corpus.papers.some((p) => p.authors.length > 0 && p.aiSummary !== undefined)).toBe(true);
  });

  it("a next revision's changed rows are stored papers too, laid out like the start-up ones (one shape for the search code), equal to their rows", () => {
    const store = openStoreIn(dir.path);
    store.importFile(syntheticExportFile(dir.path, 5, 30_000));
    const first = store.loadCorpus();
    store.importFile(FIXTURE);
    const next = store.loadCorpus(first); // only the rows written since are read (readChanges)
    store.close();
    const stored = rows();
    const changed = next.papers.filter((p) => !first.byId.has(p.id));
    expect(changed.length).toBeGreaterThan(0);
    const layout = (paper: object) => Object.entries(Object.getOwnPropertyDescriptors(paper)).map(([key, d]) => `${key}:${d.get ? 'lazy' : 'value'}`);
    const startUp = first.papers.find((p) => p.arxivId !== undefined && p.upvotes !== undefined && p.publishedAt !== undefined && p.listedAt !== undefined)!;
    for (const paper of changed) {
      expect(JSON.stringify(paper)).toBe(stored.get(paper.id));
      expect({ ...paper }).toEqual(JSON.parse(stored.get(paper.id) as string));
      if (paper.arxivId !== undefined && paper.upvotes !== undefined && paper.publishedAt !== undefined && paper.listedAt !== undefined) expect(layout(paper)).toEqual(layout(startUp));
      else expect(layout(paper)).toContain('abstract:lazy');
    }
  });

  it('loads a row whose lazily read part is damaged, and throws a restore hint when that part is read', () => {
    const store = openStoreIn(dir.path);
    corrupt(`UPDATE papers SET json = json_set(json, '$.authors', 5) WHERE id = (SELECT min(id) FROM papers)`);
    const corpus = store.loadCorpus();
    store.close();
    const damaged = corpus.papers[0]!;
    expect(damaged.title.length).toBeGreaterThan(0);
    expect(() => damaged.authors).toThrow(CorpusStoreError);
    expect(() => damaged.abstract).toThrow(/damaged paper row .*restore it from a backup/);
    expect(corpus.papers[1]!.abstract.length).toBeGreaterThan(0);
  });

  it('refuses to load a row whose start-up fields are damaged (a topic the store does not define)', () => {
    const store = openStoreIn(dir.path);
    corrupt(`UPDATE papers SET json = json_set(json, '$.topics', json_array('no-such-topic')) WHERE id = (SELECT min(id) FROM papers)`);
    expect(() => store.loadCorpus()).toThrow(CorpusStoreError);
    store.close();
  });
});
