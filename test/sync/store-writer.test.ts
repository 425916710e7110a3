// The bot sync's writer thread (src/store-writer.ts): a day applied there is the very transaction the
// store runs on its own thread (same papers, ids, sources and cursor entry), a page parsed there is
// parsePage's result, and the main thread keeps serving while the day waits for the write lock and is
// written. A stopped thread is reported as unavailable, and the bot's sync then parses and applies on
// the main thread instead.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadView } from '../../src/corpus-view.js';
import { parseHfDaily } from '../../src/corpus/ingest/hf-daily.js';
import type { CorpusStore } from '../../src/corpus/store.js';
import { UserError } from '../../src/errors.js';
import { openStoreWriter, StoreWriterUnavailable, type StoreWriter } from '../../src/store-writer.js';
import { createHfClient, daySource, parsePage } from '../../src/sync/client.js';
import { onWriterThread } from '../../src/sync/writing-target.js';
import { dumpStore, openStoreIn, syntheticExport, tempDir } from '../corpus/store-support.js';
import { startFakeHf } from '../support/fake-hf/index.js';

const DAY = '2029-01-03';
const day = (count: number, first: number) => parseHfDaily(syntheticExport(count, first), daySource(DAY)).records;
const source = { file: daySource(DAY), format: 'hf-daily-json' as const, capturedAt: DAY, description: `Hugging Face daily papers listed ${DAY}` };
/** A source the seed wrote: the sync may not write under its name. */
const seedSource = () => store.loadCorpus().sources[0]!.file;
const syncRows = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT day, papers, revision FROM sync_days ORDER BY day').all();
  } finally {
    db.close();
  }
};

let dir: ReturnType<typeof tempDir>;
let store: CorpusStore;
let writer: StoreWriter | undefined;

beforeEach(() => {
  dir = tempDir('paperboy-writer-');
  store = openStoreIn(join(dir.path, 'a'));
});
afterEach(async () => {
  await writer?.close();
  writer = undefined;
  store.close();
  dir.remove();
});

describe('a day applied on the writer thread', () => {
  it('is the same transaction the store runs itself: same papers, aliases, sources and cursor entry', async () => {
    const here = openStoreIn(join(dir.path, 'b'));
    const records = day(40, 70_000);
    const direct = here.applyRecords(records, source, { syncDay: DAY });
    writer = openStoreWriter(store.file);
    const threaded = await writer.applyRecords(records, source, { syncDay: DAY });
    expect(threaded).toEqual(direct);
    expect(threaded.added).toHaveLength(40);
    expect(dumpStore(store.file)).toEqual(dumpStore(here.file));
    expect(syncRows(store.file)).toEqual(syncRows(here.file));
    // The main connection reads the new revision at once (WAL: its next read sees the commit).
    expect(store.revision()).toBe(threaded.revision);
    // Idempotent: the same day again changes nothing.
    const again = await writer.applyRecords(records, source, { syncDay: DAY });
    expect(again).toMatchObject({ revision: threaded.revision, added: [], updated: [] });
    here.close();
  });

  it('keeps a refused write a one-line UserError, and writes nothing', async () => {
    const before = dumpStore(store.file);
    writer = openStoreWriter(store.file);
    const refused = writer.applyRecords(day(3, 70_000), { file: seedSource(), format: 'hf-daily-json' });
    await expect(refused).rejects.toBeInstanceOf(UserError);
    await expect(refused).rejects.toThrow(/was not written by the sync/);
    expect(dumpStore(store.file)).toEqual(before);
  });

  it('lets the main thread keep serving while the day waits for another writer\'s lock and is written', async () => {
    const view = loadView(store, () => undefined);
    const title = view.corpus.papers[0]!.title;
    const revision = store.revision();
    // Another writer (an import, in the bot's case another process) holds the write lock.
    const other = new Database(store.file);
    other.exec('BEGIN IMMEDIATE');
    writer = openStoreWriter(store.file);
    let settled = false;
    const applying = writer.applyRecords(day(30, 71_000), source, { syncDay: DAY }).finally(() => (settled = true));
    // On this thread: timers fire, the store reads its revision, searches are answered, while the day waits.
    const served: number[] = [];
    for (let i = 0; i < 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(store.revision()).toBe(revision);
      served.push(view.search.search(title).length);
    }
    expect(settled).toBe(false);
    expect(served.every((n) => n > 0)).toBe(true);
    other.exec('COMMIT');
    other.close();
    const applied = await applying;
    expect(applied.revision).toBe(revision + 1);
    expect(applied.added).toHaveLength(30);
    expect(store.syncDays().map((d) => d.day)).toContain(DAY);
  });

  it('parses a Hugging Face page on the thread exactly as parsePage does here', async () => {
    const body = syntheticExport(12, 73_000).replace('"title":"Synthetic paper number 73003', '"titel":"Synthetic paper number 73003');
    writer = openStoreWriter(store.file);
    const page = await writer.parsePage(body, daySource(DAY));
    expect(page).toEqual(parsePage(body, daySource(DAY)));
    expect(page).toMatchObject({ kind: 'ok', count: 12 });
    expect(await writer.parsePage('[{"paper":', daySource(DAY))).toMatchObject({ kind: 'garbled' });
  });

  it('reports a stopped thread as unavailable; the bot\'s sync then parses and applies on the main thread, warning once', async () => {
    const fake = await startFakeHf({ days: new Map([[DAY, JSON.parse(syntheticExport(5, 72_000)).map((item: unknown) => JSON.stringify(item)) as string[]]]) });
    writer = openStoreWriter(store.file);
    await writer.ready();
    await writer.close();
    await expect(writer.markSyncDay('2029-01-01')).rejects.toBeInstanceOf(StoreWriterUnavailable);
    const warnings: string[] = [];
    const { store: target, client } = onWriterThread(store, createHfClient({ baseUrl: fake.baseUrl, userAgent: 'paperboy-test', minIntervalMs: 0 }), writer, (m) => warnings.push(m));
    const fetched = await client.fetchDay(DAY);
    expect(fetched.records).toHaveLength(5);
    const applied = await target.applyRecords(fetched.records, source, { syncDay: DAY });
    await target.markSyncDay('2029-01-04', 0);
    expect(applied.added).toHaveLength(5);
    expect(store.syncDays().map((d) => d.day)).toEqual([DAY, '2029-01-04']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/writer thread .*parsing and applying synced days on the main thread/);
    // Nothing else is swallowed: a refused write still fails.
    await expect(target.applyRecords(day(1, 72_000), { file: seedSource(), format: 'hf-daily-json' })).rejects.toBeInstanceOf(UserError);
    writer = undefined;
    await fake.close();
  });

});
