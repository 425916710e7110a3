// The semantic model retrained from the live corpus store: what it learns, how it is written into
// DATA_DIR (whole or not at all) and which model a process then loads.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRetrainThreshold } from '../../src/config.js';
import { openCorpusStore, type CorpusStore } from '../../src/corpus/store.js';
import { expandStems } from '../../src/semantic/expand.js';
import { SEMANTIC_BIN, SEMANTIC_JSON } from '../../src/semantic/format.js';
import { defaultSemanticModel, useTrainedModelsIn } from '../../src/semantic/default.js';
import { loadSemanticModel } from '../../src/semantic/model.js';
import { retrainAfter, shouldRetrain } from '../../src/semantic/retrain-policy.js';
import { trainingDoc, trainModelFiles } from '../../src/semantic/train-papers.js';
import { DEFAULT_TRAIN_OPTIONS } from '../../src/semantic/train.js';
import { loadTrainedModel, trainedModels, writeTrainedModel } from '../../src/semantic/trained-store.js';
import { runTrainerJob, trainFromStore } from '../../src/semantic-trainer.js';
import { NEW_WORD, newWordItems, SIBLING_WORD, SMALL_TRAINING } from '../support/new-word-papers.js';

const SEED = join(process.cwd(), 'corpus');
const trainOptions = () => ({ ...DEFAULT_TRAIN_OPTIONS, ...SMALL_TRAINING });

let dataDir: string;
let store: CorpusStore;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'paperboy-retrain-'));
  store = openCorpusStore(join(dataDir, 'corpus.sqlite'), { seedDir: SEED });
});

afterEach(() => {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function syncNewWordDay(): void {
  const file = join(dataDir, 'export-new.json');
  writeFileSync(file, JSON.stringify(newWordItems('2026-11-30')));
  expect(store.importFile(file).added).toBe(4);
}

describe('training from the corpus store', () => {
  it('learns a word only newly added papers use: unknown to the model trained before them, a neighbour-bearing term after', () => {
    const before = runTrainerJob({ storeFile: store.file, dataDir, options: SMALL_TRAINING });
    syncNewWordDay();
    const after = runTrainerJob({ storeFile: store.file, dataDir, options: SMALL_TRAINING });
    expect(after.revision).toBeGreaterThan(before.revision);
    expect(after.papers).toBe(before.papers + 4);

    const loaded = loadTrainedModel(dataDir)!;
    expect(loaded.ref.revision).toBe(after.revision);
    const { model } = loaded;
    // Versioned with the corpus: the header says which revision and how many papers it learned from.
    expect(model.header.corpus).toMatchObject({ revision: after.revision, papers: after.papers });
    expect(model.vector(NEW_WORD)).toBeDefined();
    expect(model.neighbors(NEW_WORD)[0]?.term).toBe(SIBLING_WORD);
    expect(expandStems(model, [NEW_WORD]).map((e) => e.term)).toContain(SIBLING_WORD);

    // The previous revision's model (still on disk) never saw the word.
    const previous = loadSemanticModel(trainedModels(dataDir).find((m) => m.revision === before.revision)!.dir, { verify: true });
    expect(previous.header.corpus.revision).toBe(before.revision);
    expect(previous.vector(NEW_WORD)).toBeUndefined();
    expect(expandStems(previous, [NEW_WORD])).toEqual([]);
  });

  it('uses the offline script\'s term pipeline and is deterministic: a model trained from the store equals one trained on the documents of its papers directly', () => {
    const fromStore = trainFromStore(store, trainOptions());
    const docs = store.loadCorpus().papers.map((p) => trainingDoc(p));
    const direct = trainModelFiles(docs, { papers: docs.length, files: [], revision: fromStore.revision }, trainOptions());
    expect(direct.bin.equals(fromStore.bin)).toBe(true);
    expect(direct.json).toBe(fromStore.json);
  });
});

describe('retrained models in DATA_DIR', () => {
  it('a trainer killed mid-write leaves only a temporary folder, which is never loaded', () => {
    const root = join(dataDir, 'semantic', '.tmp-4242-1');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, SEMANTIC_JSON), '{"format":2,');
    expect(loadTrainedModel(dataDir)).toBeUndefined();
    const done = runTrainerJob({ storeFile: store.file, dataDir, options: SMALL_TRAINING });
    expect(loadTrainedModel(dataDir)?.ref.dir).toBe(done.dir);
  });

  it('keeps the newest two revisions and loads the newest', () => {
    const files = trainFromStore(store, trainOptions());
    for (const revision of [3, 9, 5, 7]) writeTrainedModel(dataDir, revision, files);
    expect(trainedModels(dataDir).map((m) => m.revision)).toEqual([9, 7]);
    expect(loadTrainedModel(dataDir)?.ref.revision).toBe(9);
    expect(readdirSync(join(dataDir, 'semantic')).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('a damaged model in DATA_DIR is reported once and the committed model serves instead, no crash', () => {
    const { dir } = runTrainerJob({ storeFile: store.file, dataDir, options: SMALL_TRAINING });
    const bin = readFileSync(join(dir, SEMANTIC_BIN));
    bin[bin.length >> 1] = 0xff - bin[bin.length >> 1]!; // same size, one flipped byte: only the checksum can tell
    writeFileSync(join(dir, SEMANTIC_BIN), bin);
    const warnings: string[] = [];
    useTrainedModelsIn(dataDir, (m) => warnings.push(m));
    const model = defaultSemanticModel()!;
    expect(model.header.corpus.revision).toBeUndefined();
    expect(model.header.corpus.files.map((f) => f.name)).toContain('export-2025.json');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/checksum; using the committed model$/);
  });

  it('a usable model in DATA_DIR is the default model of a process that points at it', () => {
    const { revision } = runTrainerJob({ storeFile: store.file, dataDir, options: SMALL_TRAINING });
    const warnings: string[] = [];
    useTrainedModelsIn(dataDir, (m) => warnings.push(m));
    expect(defaultSemanticModel()?.header.corpus.revision).toBe(revision);
    expect(warnings).toEqual([]);
  });
});

describe('when to retrain (SEMANTIC_RETRAIN)', () => {
  it('reads a paper count, a share of the model\'s papers, or off; rejects anything else', () => {
    expect(parseRetrainThreshold('500')).toEqual({ papers: 500 });
    expect(parseRetrainThreshold('5%')).toEqual({ percent: 5 });
    expect(parseRetrainThreshold('2.5%')).toEqual({ percent: 2.5 });
    expect(parseRetrainThreshold('OFF')).toBeNull();
    for (const bad of ['0', '0%', '-3', '5 %', 'soon', '12345678']) expect(parseRetrainThreshold(bad)).toBeUndefined();
  });

  it('counts growth against the papers the serving model learned from', () => {
    expect(retrainAfter({ percent: 5 }, 8982)).toBe(450);
    expect(shouldRetrain({ percent: 5 }, 8982 + 449, 8982)).toBe(false);
    expect(shouldRetrain({ percent: 5 }, 8982 + 450, 8982)).toBe(true);
    expect(shouldRetrain({ papers: 4 }, 110, 106)).toBe(true);
    expect(shouldRetrain({ papers: 5 }, 110, 106)).toBe(false);
    // A store smaller than the committed model's training set never replaces it.
    expect(shouldRetrain({ percent: 5 }, 500, 8982)).toBe(false);
    expect(shouldRetrain(null, 100_000, 10)).toBe(false);
  });
});
