// A bot process killed (SIGKILL) at a random instant while its writer thread applies a synced day: the
// store holds exactly the old corpus with the day still to do, or the new corpus with the day recorded
// in the cursor (one transaction), never a half; and the next sync plans the day again and applies it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHfDaily } from '../../src/corpus/ingest/hf-daily.js';
import { daySource } from '../../src/sync/client.js';
import { addDays, planSyncDays } from '../../src/sync/plan.js';
import { dumpStore, openStoreIn, ROOT, SEED_DIR, strayFiles, syntheticExport, tempDir } from '../corpus/store-support.js';
import { killInRound, killWhenReported, startKillableChild } from '../support/processes.js';

const ROUNDS = 8;
const PER_DAY = 400;
const FIRST_DAY = '2029-02-01';

const writerChild = (store: string, dayFile: string, day: string) =>
  startKillableChild(join(ROOT, 'test', 'sync', 'writer-child.ts'), [store, dayFile, day, SEED_DIR], ROOT);

const cursor = (file: string): Map<string, number | null> => {
  const db = new Database(file, { readonly: true });
  try {
    return new Map((db.prepare('SELECT day, revision FROM sync_days').all() as { day: string; revision: number | null }[]).map((r) => [r.day, r.revision]));
  } finally {
    db.close();
  }
};

describe('a bot killed with SIGKILL while its writer thread applies a synced day', () => {
  const dir = tempDir('paperboy-writer-crash-');
  const data = join(dir.path, 'data');
  const store = join(data, 'corpus.sqlite');
  beforeAll(() => openStoreIn(data).close());
  afterAll(() => dir.remove());

  it(`leaves the day fully applied with its cursor entry, or not applied and planned again (${ROUNDS} rounds)`, async () => {
    const day = (i: number) => addDays(FIRST_DAY, i);
    const dayFile = (i: number) => join(dir.path, `day-${i}.json`);
    for (let i = 0; i <= ROUNDS + 1; i++) writeFileSync(dayFile(i), syntheticExport(PER_DAY, 20_000 + i * PER_DAY));
    const calibration = await writerChild(store, dayFile(ROUNDS), day(ROUNDS)).done;
    expect(calibration.code, calibration.stderr).toBe(0);
    let window = Number(/done ([\d.]+)/.exec(calibration.stdout)?.[1]);
    expect(window).toBeGreaterThan(0);
    const outcomes = { old: 0, new: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const before = dumpStore(store);
      // Stratified over 1.5x the apply: the message to the thread, the merge, the commit, the answer, the exit.
      const round = await killInRound(writerChild(store, dayFile(i), day(i)), i, ROUNDS, window);
      const result = round.result;
      window = round.windowMs;
      const after = dumpStore(store);
      const recorded = cursor(store).get(day(i));
      if (after.revision === before.revision) {
        expect(after, `round ${i}: same revision but different contents`).toEqual(before);
        expect(recorded, `round ${i}: the cursor recorded a day that was not applied`).toBeUndefined();
        outcomes.old++;
      } else {
        expect(after.revision, `round ${i}`).toBe(before.revision + 1);
        expect(after.papers, `round ${i}`).toHaveLength(before.papers.length + PER_DAY);
        expect(recorded, `round ${i}`).toBe(after.revision);
        outcomes.new++;
      }
      expect(strayFiles(data), `round ${i} (${result.signal ?? result.code})`).toEqual([]);
      // The next sync: it plans the day again exactly when it is not recorded, and applying it lands it.
      const next = openStoreIn(data);
      const planned = planSyncDays({ today: day(i), from: day(i), synced: new Set(next.syncDays().map((d) => d.day)), refreshDays: 0 }).map((d) => d.day);
      expect(planned, `round ${i}`).toEqual(recorded === undefined ? [day(i)] : []);
      if (planned.length > 0) {
        const records = parseHfDaily(syntheticExport(PER_DAY, 20_000 + i * PER_DAY), daySource(day(i))).records;
        next.applyRecords(records, { file: daySource(day(i)), format: 'hf-daily-json', capturedAt: day(i) }, { syncDay: day(i) });
      }
      expect(next.loadCorpus().papers).toHaveLength(before.papers.length + PER_DAY);
      expect(cursor(store).get(day(i))).toBe(next.revision());
      next.close();
    }
    // And one killed right after the thread answered: the day it committed is there, with its cursor entry.
    const before = dumpStore(store);
    await killWhenReported(writerChild(store, dayFile(ROUNDS + 1), day(ROUNDS + 1)));
    const after = dumpStore(store);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.papers).toHaveLength(before.papers.length + PER_DAY);
    expect(cursor(store).get(day(ROUNDS + 1))).toBe(after.revision);
    console.log(`SIGKILL rounds during the writer thread's apply: ${outcomes.old} left the day to do, ${outcomes.new} applied it (apply window ${window.toFixed(0)} ms)`);
    expect(outcomes.old + outcomes.new).toBe(ROUNDS);
  }, 300_000);
});
