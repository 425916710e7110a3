// The semantic model kept up with the live corpus: a sync that grows the corpus past SEMANTIC_RETRAIN
// starts a retrain in a child process while the previous model keeps serving; the result is swapped
// in without a restart; an interaction holding the old view keeps the old model; a killed training
// changes nothing and the next check tries again. Real store, real child process, the fake HF.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RetrainThreshold } from '../../src/config.js';
import { nextViewInSlices, loadView, type CorpusView } from '../../src/corpus-view.js';
import type { CorpusStore } from '../../src/corpus/store.js';
import { createLogger } from '../../src/logger.js';
import { useTrainedModelsIn } from '../../src/semantic/default.js';
import { trainedModels } from '../../src/semantic/trained-store.js';
import { runTrainerJob } from '../../src/semantic-trainer.js';
import { createBotSync } from '../../src/sync/bot-sync.js';
import { createHfClient } from '../../src/sync/client.js';
import { createViewRef } from '../../src/sync/live.js';
import { createSemanticRefresh, type SemanticRefreshDeps } from '../../src/sync/semantic-refresh.js';
import { startTrainer } from '../../src/trainer-process.js';
import { openStoreIn, tempDir } from '../corpus/store-support.js';
import { startFakeHf, type FakeHf } from '../support/fake-hf/index.js';
import { NEW_WORD, newWordItems, SIBLING_PAPER, SMALL_TRAINING } from '../support/new-word-papers.js';

const TODAY = '2026-11-30';

let fake: FakeHf;
let dir: ReturnType<typeof tempDir>;
let store: CorpusStore;
let lines: { level: number; msg: string }[];
let seedRevision: number;

beforeEach(async () => {
  fake = await startFakeHf({ days: new Map() });
  fake.addDay(TODAY, newWordItems(TODAY));
  dir = tempDir('paperboy-refresh-');
  store = openStoreIn(dir.path);
  lines = [];
  // The serving model: trained from the seed store (106 papers) and loaded from DATA_DIR, as at start-up.
  seedRevision = runTrainerJob({ storeFile: store.file, dataDir: dir.path, options: SMALL_TRAINING }).revision;
  useTrainedModelsIn(dir.path, (m) => lines.push({ level: 40, msg: m }));
});
afterEach(async () => {
  store.close();
  dir.remove();
  await fake.close();
});

function bot(threshold: RetrainThreshold | null, seams: Partial<SemanticRefreshDeps> = {}) {
  const logger = createLogger('debug', { write: (s: string) => void lines.push(JSON.parse(s) as { level: number; msg: string }) });
  const ref = createViewRef(loadView(store, () => undefined));
  const client = createHfClient({ baseUrl: fake.baseUrl, userAgent: 'paperboy-test', minIntervalMs: 0, retry: { maxAttempts: 1 } });
  const sync = createBotSync({
    store, ref, client, logger, schedule: null, now: () => new Date(`${TODAY}T12:00:00Z`),
    loadView: (s) => nextViewInSlices(s, ref.current(), () => undefined),
    onSwap: () => refresh.check(),
  });
  const refresh = createSemanticRefresh({ ref, storeFile: store.file, dataDir: dir.path, threshold, logger, swapSemantic: (m) => sync.swapSemantic(m), trainOptions: SMALL_TRAINING, ...seams });
  refresh.enableTraining();
  return { ref, sync, refresh };
}

const modelRevision = (view: CorpusView) => view.search.semanticModel()?.header.corpus.revision;
const finds = (view: CorpusView, query: string, id: string) => view.search.search(query, undefined, { limit: 20 }).some((h) => h.paper.id === id);
const warnings = () => lines.filter((l) => l.level === 40).map((l) => l.msg);

describe('retraining the semantic model from the live corpus', () => {
  it('retrains in the background after a sync, serving the previous model meanwhile, and swaps the new one in; a held view keeps its model', async () => {
    const { ref, sync, refresh } = bot({ papers: 4 });
    expect(modelRevision(ref.current())).toBe(seedRevision);
    const summary = await sync.runNow();
    expect('error' in summary && summary.error).toBeFalsy();

    // The sync swapped the new revision in at once; its papers are searchable, ranked with the previous model.
    const held = ref.current();
    expect(held.corpus.revision).toBeGreaterThan(seedRevision);
    expect(refresh.training()).toBe(true);
    expect(modelRevision(held)).toBe(seedRevision);
    expect(finds(held, NEW_WORD, '2612.90001')).toBe(true);
    expect(finds(held, NEW_WORD, SIBLING_PAPER)).toBe(false);

    // Interactions keep being answered while the trainer works: the event loop is never held by it.
    let probes = 0;
    while (refresh.training()) {
      expect(ref.current().search.search('gradient clipping').length).toBeGreaterThan(0);
      probes++;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(probes).toBeGreaterThan(0);
    await refresh.idle();

    const now = ref.current();
    expect(now.corpus.revision).toBe(held.corpus.revision);
    expect(modelRevision(now)).toBe(held.corpus.revision);
    expect(now.search.semanticModel()?.header.corpus.papers).toBe(held.corpus.papers.length);
    // The new model expands the new word to its sibling; the held view still ranks with the old one.
    expect(finds(now, NEW_WORD, SIBLING_PAPER)).toBe(true);
    expect(modelRevision(held)).toBe(seedRevision);
    expect(finds(held, NEW_WORD, SIBLING_PAPER)).toBe(false);
    expect(warnings()).toEqual([]);
  }, 60_000);

  it('a training killed mid-way changes nothing: the previous model serves, nothing is written, the next check retrains', async () => {
    let kills = 1;
    const { ref, sync, refresh } = bot({ papers: 4 }, {
      startTrainer: (job) => {
        const run = startTrainer(job);
        if (kills-- > 0) setTimeout(() => run.kill(), 150);
        return run;
      },
    });
    await sync.runNow();
    await refresh.idle();
    expect(modelRevision(ref.current())).toBe(seedRevision);
    expect(trainedModels(dir.path).map((m) => m.revision)).toEqual([seedRevision]);
    expect(warnings().join('\n')).toMatch(/semantic retrain failed; the previous model keeps serving/);

    refresh.check(); // the next trigger (a sync, a reload)
    await refresh.idle();
    expect(modelRevision(ref.current())).toBe(ref.current().corpus.revision);
    expect(finds(ref.current(), NEW_WORD, SIBLING_PAPER)).toBe(true);
  }, 60_000);

  it('does not retrain below the threshold or when SEMANTIC_RETRAIN=off', async () => {
    for (const threshold of [{ papers: 5 }, null]) {
      const { ref, sync, refresh } = bot(threshold);
      await sync.runNow();
      expect(refresh.training()).toBe(false);
      await refresh.idle();
      expect(modelRevision(ref.current())).toBe(seedRevision);
    }
    expect(trainedModels(dir.path)).toHaveLength(1);
  }, 60_000);

  it('a process that does not train (a shard that follows) takes the model another process wrote', async () => {
    const { ref, sync, refresh } = bot(null);
    await sync.runNow();
    await refresh.idle();
    expect(modelRevision(ref.current())).toBe(seedRevision);
    const written = runTrainerJob({ storeFile: store.file, dataDir: dir.path, options: SMALL_TRAINING });
    refresh.check();
    await refresh.idle();
    expect(modelRevision(ref.current())).toBe(written.revision);
    expect(finds(ref.current(), NEW_WORD, SIBLING_PAPER)).toBe(true);
  }, 60_000);
});
