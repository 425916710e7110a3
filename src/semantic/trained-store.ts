// Models retrained from the corpus store live in DATA_DIR/semantic/, one folder per corpus revision
// (model-r<revision>/semantic.json + semantic.bin). A folder appears whole or not at all: both files
// are written and synced in a temporary folder, which is then renamed into place (one atomic rename),
// so a trainer killed mid-way leaves only a `.tmp-*` folder that nothing loads and the next write
// removes. The newest folder is the one loaded; the one before it is kept for a process still
// reading it, older ones are removed.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEMANTIC_BIN, SEMANTIC_JSON } from './format.js';
import { loadSemanticModel, type SemanticModel } from './model.js';

export const TRAINED_MODELS_DIR = 'semantic';
const MODEL_DIR_RE = /^model-r(\d{1,15})$/;
const TMP_PREFIX = '.tmp-';
/** A temporary folder this old is a dead trainer's: no training takes an hour at the sizes paperboy serves. */
const STALE_TMP_MS = 60 * 60 * 1000;

export function trainedModelsDir(dataDir: string): string {
  return join(dataDir, TRAINED_MODELS_DIR);
}

export interface TrainedModelRef {
  dir: string;
  revision: number;
}

/** Model folders in DATA_DIR, newest revision first (none: the folder is missing or empty). */
export function trainedModels(dataDir: string): TrainedModelRef[] {
  let names: string[];
  try {
    names = readdirSync(trainedModelsDir(dataDir));
  } catch {
    return [];
  }
  const out: TrainedModelRef[] = [];
  for (const name of names) {
    const m = MODEL_DIR_RE.exec(name);
    if (m) out.push({ dir: join(trainedModelsDir(dataDir), name), revision: Number(m[1]) });
  }
  return out.sort((a, b) => b.revision - a.revision);
}

/** One model folder, checked in full (format, analyser, checksum). Throws SemanticModelError when it is unusable. */
export function loadTrainedModelAt(ref: TrainedModelRef): SemanticModel {
  return loadSemanticModel(ref.dir, { verify: true });
}

/** The newest model in DATA_DIR (see loadTrainedModelAt); undefined when there is none. */
export function loadTrainedModel(dataDir: string): { model: SemanticModel; ref: TrainedModelRef } | undefined {
  const newest = trainedModels(dataDir)[0];
  return newest && { model: loadTrainedModelAt(newest), ref: newest };
}

function writeSynced(path: string, data: string | Buffer): void {
  const fd = openSync(path, 'w');
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can sync a folder; the rename is still atomic.
  }
}

/**
 * Writes a trained model for `revision` into DATA_DIR atomically and returns its folder. A model of
 * the same revision already there is kept (training is deterministic: it holds the same files).
 */
export function writeTrainedModel(dataDir: string, revision: number, files: { json: string; bin: Buffer }): string {
  const root = trainedModelsDir(dataDir);
  mkdirSync(root, { recursive: true });
  const target = join(root, `model-r${revision}`);
  const tmp = join(root, `${TMP_PREFIX}${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  try {
    writeSynced(join(tmp, SEMANTIC_BIN), files.bin);
    writeSynced(join(tmp, SEMANTIC_JSON), files.json);
    syncDir(tmp);
    try {
      renameSync(tmp, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
    }
    syncDir(root);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  prune(root, target);
  return target;
}

/** Removes model folders older than the newest two and temporary folders of trainers that died. */
function prune(root: string, keep: string): void {
  const models = trainedModels(join(root, '..'));
  for (const old of models.slice(2)) if (old.dir !== keep) rmSync(old.dir, { recursive: true, force: true });
  for (const name of readdirSync(root)) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const path = join(root, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_TMP_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another writer.
    }
  }
}
