// Papers read at start-up parse only the fields a start uses; the rest of a row is parsed (and
// checked) when first read. A stored paper must behave exactly like the row parsed in full.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CorpusStoreError } from '../../src/corpus/store.js';
import { FIXTURE, openStoreIn, tempDir } from './store-support.js';

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
