// The corpus store: seeded from the committed corpus, `paperboy import` into it, stable ids, the
// revision, snapshots, topics changes, and the sync's applyRecords.
import { readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { formatProblem } from '../../src/corpus/problems.js';
import { loadCorpus as loadSeedFiles } from '../../src/corpus/load.js';
import { UserError } from '../../src/errors.js';
import { parseHfDaily } from '../../src/corpus/ingest/hf-daily.js';
import { SPAM_EXPORT_FACTS, SPAM_TITLE } from './seed-corpus.js';
import { dumpStore, FIXTURE, openStoreIn, SEED_DIR, syntheticExport, tempDir } from './store-support.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const storeFile = () => join(dir.path, 'corpus.sqlite');

describe('a fresh corpus store', () => {
  it('seeds itself from the committed corpus: the same papers, byte for byte, as corpus/papers.json', () => {
    const store = openStoreIn(dir.path);
    const corpus = store.loadCorpus();
    store.close();
    const committed = loadSeedFiles(SEED_DIR);
    expect(corpus.papers).toHaveLength(106);
    expect(JSON.stringify(corpus.papers)).toBe(JSON.stringify(committed.papers));
    expect(corpus.topics.map((t) => t.slug)).toEqual(committed.topics.map((t) => t.slug));
    expect(corpus.revision).toBe(1);
    expect(corpus.sources.map((s) => s.file)).toEqual(committed.sources.map((s) => s.file));
  });

  it('is seeded once: opening it again reads the same revision', () => {
    openStoreIn(dir.path).close();
    const store = openStoreIn(dir.path);
    expect(store.revision()).toBe(1);
    store.close();
  });

  it('refuses to start from a folder that is not the seed corpus, with one line naming it', () => {
    expect(() => openStoreIn(dir.path, { seedDir: join(dir.path, 'nowhere') })).toThrow(/^cannot create the corpus store .* from the seed corpus: .*nowhere.*manifest\.json: file not found; set CORPUS_DIR/);
  });

  it('refuses a file that is not SQLite and leaves it untouched', () => {
    writeFileSync(storeFile(), 'not a database');
    expect(() => openStoreIn(dir.path)).toThrow(/corpus\.sqlite is not an SQLite database\. It was left untouched/);
    expect(readFileSync(storeFile(), 'utf8')).toBe('not a database');
  });
});

describe('store.importFile', () => {
  it('adds new papers, merges a known one by title, and reports the malformed item with its line', () => {
    const store = openStoreIn(dir.path);
    const result = store.importFile(FIXTURE);
    expect(result).toMatchObject({ source: 'imports/hf-daily-sample.json', alreadyImported: false, added: 4, merged: 1, papers: 110, revision: 2 });
    expect(result.problems.map(formatProblem)).toEqual(['imports/hf-daily-sample.json:214: item 6: paper.upvotes: expected number, received string (skipped)']);
    const corpus = store.loadCorpus();
    store.close();
    expect(corpus.papers).toHaveLength(110);
    const spam = corpus.byId.get('2501.06842');
    expect(spam).toMatchObject({
      title: SPAM_TITLE,
      ...SPAM_EXPORT_FACTS,
      sources: [
        { file: '000_4b1891fe363cbf60.txt', line: 93 },
        { file: '004_d814a5cb22766146.txt', line: 37 },
        { file: 'imports/hf-daily-sample.json', line: 2 },
      ],
    });
    expect(corpus.byId.get('2512.99903')?.codeLinks).toEqual([{ url: 'https://huggingface.co/spaces/example-org/rollout-explorer', kind: 'hf-space' }]);
    expect(corpus.sources.map((s) => [s.file, s.format, s.capturedAt]).at(-1)).toEqual(['imports/hf-daily-sample.json', 'hf-daily-json', '2025-12-11']);
  });

  it('keeps the export in the store, gzip-compressed: it decompresses to the file byte for byte', async () => {
    const store = openStoreIn(dir.path);
    store.importFile(FIXTURE);
    const other = join(dir.path, 'other-day.json');
    writeFileSync(other, syntheticExport(20, 0));
    await store.importFileAsync(other); // the CLI's way: compressed on the thread pool while parsing
    store.close();
    const db = new Database(storeFile(), { readonly: true });
    const rows = db.prepare("SELECT file, content, bytes FROM sources WHERE file IN ('imports/hf-daily-sample.json', 'imports/other-day.json') ORDER BY file").all() as { file: string; content: Buffer; bytes: number }[];
    db.close();
    expect(rows.map((r) => r.file)).toEqual(['imports/hf-daily-sample.json', 'imports/other-day.json']);
    for (const [row, file] of [[rows[0], FIXTURE], [rows[1], other]] as const) {
      const original = readFileSync(file);
      expect(row?.content.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip's magic: never a JSON export's first bytes
      expect(gunzipSync(row?.content as Buffer).equals(original)).toBe(true);
      expect(row?.bytes).toBe(original.length);
    }
  });

  it('is idempotent by content: the same bytes again (under any name) change nothing, not even the revision', () => {
    const store = openStoreIn(dir.path);
    store.importFile(FIXTURE);
    const before = dumpStore(storeFile());
    const copy = join(dir.path, 'renamed.json');
    cpSync(FIXTURE, copy);
    expect(store.importFile(FIXTURE)).toMatchObject({ alreadyImported: true, added: 0, merged: 0, papers: 110, revision: 2 });
    expect(store.importFile(copy)).toMatchObject({ alreadyImported: true, source: 'imports/hf-daily-sample.json' });
    store.close();
    expect(dumpStore(storeFile())).toEqual(before);
  });

  it('refuses a different export under a name already imported', () => {
    const store = openStoreIn(dir.path);
    store.importFile(FIXTURE);
    const other = join(dir.path, 'x', 'hf-daily-sample.json');
    mkdirSync(join(dir.path, 'x'));
    writeFileSync(other, JSON.stringify([{ paper: { title: 'Another Paper', summary: 'x' } }]));
    expect(() => store.importFile(other)).toThrow(/^cannot import .*hf-daily-sample\.json: a different export named hf-daily-sample\.json was already imported; rename the file to import it too$/);
    store.close();
  });

  it('rejects a file that is not an export with one friendly line, leaving the store untouched', () => {
    const store = openStoreIn(dir.path);
    const before = dumpStore(storeFile());
    const bad = join(dir.path, 'notes.json');
    writeFileSync(bad, JSON.stringify([{ paper: { id: '2501.00001', summary: 'no title' } }]));
    expect(() => store.importFile(bad)).toThrow(UserError);
    expect(() => store.importFile(bad)).toThrow(/^.*notes\.json is not a Hugging Face daily-papers export: item 1: paper\.title is missing$/);
    writeFileSync(bad, '{"not": "an array"}');
    expect(() => store.importFile(bad)).toThrow(`${bad} is not a Hugging Face daily-papers export: expected a JSON array of daily-paper items`);
    writeFileSync(bad, '[]');
    expect(() => store.importFile(bad)).toThrow(`${bad} is not a Hugging Face daily-papers export: it holds no papers`);
    expect(() => store.importFile(join(dir.path, 'missing.json'))).toThrow(/^cannot read .*missing\.json: no such file$/);
    store.close();
    expect(dumpStore(storeFile())).toEqual(before);
  });

  it('keeps every id the corpus had resolving to the same paper, including a slug id that became an arXiv id', () => {
    const store = openStoreIn(dir.path);
    const seedSlug = 'spam-spike-aware-adam-with-momentum-reset-for-stable-llm';
    const before = store.loadCorpus().papers.map((p) => [p.id, p.title] as const);
    expect(before).toContainEqual([seedSlug, SPAM_TITLE]);
    store.importFile(FIXTURE);
    const after = store.loadCorpus();
    store.close();
    for (const [id, title] of before) expect(after.byId.get(id)?.title, id).toBe(title);
    const spam = after.byId.get('2501.06842');
    expect(after.byId.get(seedSlug)).toBe(spam);
    expect(after.aliases.get(seedSlug)).toBe('2501.06842');
    expect(after.papers.filter((p) => p.title.startsWith('SPAM:')).map((p) => p.id)).toEqual(['2501.06842']);
  });

  it('a reader keeps the revision it loaded until it loads again', () => {
    const store = openStoreIn(dir.path);
    const loaded = store.loadCorpus();
    const writer = openStoreIn(dir.path);
    writer.importFile(FIXTURE);
    writer.close();
    expect(loaded.papers).toHaveLength(106);
    expect(loaded.revision).toBe(1);
    expect(store.loadCorpus()).toMatchObject({ revision: 2, papers: expect.arrayContaining([expect.objectContaining({ id: '2501.06842' })]) });
    store.close();
  });
});

describe('search snapshots in the store', () => {
  it('returns a snapshot only for the revision and engine version it was written for, and keeps only the newest', () => {
    const store = openStoreIn(dir.path);
    expect(store.writeSnapshot(1, 'engine-a', Buffer.from('one'))).toBe(true);
    expect(store.readSnapshot(1, 'engine-a')?.toString()).toBe('one');
    expect(store.readSnapshot(1, 'engine-b')).toBeUndefined();
    store.importFile(FIXTURE);
    expect(store.readSnapshot(2, 'engine-a')).toBeUndefined();
    // A process still on revision 1 must not store a snapshot for a corpus that is gone.
    expect(store.writeSnapshot(1, 'engine-a', Buffer.from('late'))).toBe(false);
    expect(store.writeSnapshot(2, 'engine-a', Buffer.from('two'))).toBe(true);
    expect(store.readSnapshot(1, 'engine-a')).toBeUndefined();
    expect(store.readSnapshot(2, 'engine-a')?.toString()).toBe('two');
    store.close();
  });
});

describe('topics.json changes', () => {
  it('re-tags the stored corpus once, as a new revision, and says so', () => {
    const seed = join(dir.path, 'seed');
    cpSync(SEED_DIR, seed, { recursive: true });
    const data = join(dir.path, 'data');
    openStoreIn(data, { seedDir: seed }).close();
    const topicsFile = join(seed, 'topics.json');
    const topics = JSON.parse(readFileSync(topicsFile, 'utf8')) as { topics: { slug: string; name: string; patterns: string[] }[] };
    topics.topics.push({ slug: 'spikes', name: 'Spikes', description: 'Gradient and loss spikes.', patterns: ['\\bspik(e|es|ing)\\b'] } as never);
    writeFileSync(topicsFile, JSON.stringify(topics));
    const warnings: string[] = [];
    const store = openStoreIn(data, { seedDir: seed, warn: (w) => warnings.push(w) });
    const corpus = store.loadCorpus();
    store.close();
    expect(corpus.revision).toBe(2);
    expect(corpus.papersByTopic.get('spikes')?.length).toBeGreaterThan(0);
    expect(corpus.byId.get('spam-spike-aware-adam-with-momentum-reset-for-stable-llm')?.topics).toContain('spikes');
    expect(warnings).toEqual([expect.stringMatching(/^topics\.json changed: re-tagged the corpus \(\d+ papers changed topics\)$/)]);
    const again = openStoreIn(data, { seedDir: seed, warn: (w) => warnings.push(w) });
    expect(again.revision()).toBe(2);
    again.close();
    expect(warnings).toHaveLength(1);
  });
});

describe('store.applyRecords (the sync)', () => {
  const day = (items: unknown[]) => parseHfDaily(JSON.stringify(items), 'hf-daily/2026-01-05.json').records;
  const item = (id: string, title: string, upvotes: number) => ({ paper: { id, title, summary: 'A method for training language models faster.', authors: [{ name: 'A' }], upvotes, publishedAt: '2026-01-04T00:00:00.000Z' }, publishedAt: '2026-01-05T00:00:00.000Z' });

  it('adds a day as one revision, records the day, and a refresh of the same day updates in place', () => {
    const store = openStoreIn(dir.path);
    const first = store.applyRecords(day([item('2601.00001', 'Fast Training One', 3), item('2601.00002', 'Fast Training Two', 1)]), { file: 'hf-daily/2026-01-05.json', format: 'hf-daily-json' }, { syncDay: '2026-01-05' });
    expect(first).toMatchObject({ revision: 2, added: ['2601.00001', '2601.00002'], updated: [] });
    const refresh = store.applyRecords(day([item('2601.00001', 'Fast Training One', 40), item('2601.00002', 'Fast Training Two', 1)]), { file: 'hf-daily/2026-01-05.json', format: 'hf-daily-json' }, { syncDay: '2026-01-05' });
    expect(refresh).toMatchObject({ revision: 3, added: [], updated: ['2601.00001'] });
    const corpus = store.loadCorpus();
    expect(corpus.byId.get('2601.00001')).toMatchObject({ upvotes: 40, sources: [{ file: 'hf-daily/2026-01-05.json', line: 1 }] });
    const unchanged = store.applyRecords(day([item('2601.00001', 'Fast Training One', 40), item('2601.00002', 'Fast Training Two', 1)]), { file: 'hf-daily/2026-01-05.json', format: 'hf-daily-json' }, { syncDay: '2026-01-05' });
    expect(unchanged).toMatchObject({ revision: 3, added: [], updated: [] });
    store.markSyncDay('2026-01-04');
    expect(store.syncDays().map((d) => [d.day, d.papers, d.revision])).toEqual([
      ['2026-01-04', 0, null],
      ['2026-01-05', 2, 3],
    ]);
    store.close();
  });

  it('will not overwrite an imported source', () => {
    const store = openStoreIn(dir.path);
    store.importFile(FIXTURE);
    expect(() => store.applyRecords(day([item('2601.00001', 'X', 1)]), { file: 'imports/hf-daily-sample.json', format: 'hf-daily-json' })).toThrow(/was not written by the sync/);
    store.close();
  });
});

describe('a newer paperboy or a changed seed', () => {
  it('recombines every paper from its records when the builder version changed, keeping ids', () => {
    const store = openStoreIn(dir.path);
    const before = store.loadCorpus();
    store.close();
    // What an older paperboy would have stored: another builder version and a differently cleaned abstract.
    const db = new Database(storeFile());
    db.prepare("UPDATE meta SET value = 'paperboy-corpus-builder/0' WHERE key = 'builder_version'").run();
    const row = db.prepare("SELECT id, json FROM papers WHERE id = 'spam-spike-aware-adam-with-momentum-reset-for-stable-llm'").get() as { id: string; json: string };
    db.prepare('UPDATE papers SET json = ? WHERE id = ?').run(JSON.stringify({ ...JSON.parse(row.json), abstract: 'old cleanup' }), row.id);
    db.close();
    const warnings: string[] = [];
    const again = openStoreIn(dir.path, { warn: (w) => warnings.push(w) });
    const after = again.loadCorpus();
    again.close();
    expect(after.revision).toBe(2);
    expect(JSON.stringify(after.papers)).toBe(JSON.stringify(before.papers));
    expect(warnings).toEqual([expect.stringMatching(/cleans papers differently .*: recombined 1 papers from their records$/)]);
  });

  it('merges a seed source again when it changed in place', () => {
    const seed = join(dir.path, 'seed');
    cpSync(SEED_DIR, seed, { recursive: true });
    const data = join(dir.path, 'data');
    openStoreIn(data, { seedDir: seed }).close();
    const source = join(seed, 'sources', '004_d814a5cb22766146.txt');
    writeFileSync(source, readFileSync(source, 'utf8').replace('Large Language Models (LLMs) have demonstrated exceptional', 'Large Language Models (LLMs) have recently demonstrated exceptional'));
    const warnings: string[] = [];
    const store = openStoreIn(data, { seedDir: seed, warn: (w) => warnings.push(w) });
    const corpus = store.loadCorpus();
    store.close();
    expect(corpus.revision).toBe(2);
    expect(warnings).toEqual([expect.stringMatching(/004_d814a5cb22766146\.txt changed since it was stored: merged it again/)]);
    expect(corpus.papers).toHaveLength(106);
    expect(corpus.byId.get('spam-spike-aware-adam-with-momentum-reset-for-stable-llm')?.abstract).toMatch(/^Large Language Models \(LLMs\) have recently demonstrated/);
  });
});
