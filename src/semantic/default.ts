// The model search uses unless told otherwise, loaded once per process on first use: the newest model
// retrained from the corpus store in DATA_DIR/semantic/ when the process said where DATA_DIR is
// (useTrainedModelsIn) and that model is usable, else the committed one (corpus/semantic.json + .bin).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { semanticSearchOff } from '../config.js';
import { loadSemanticModel, SemanticModelError, type SemanticModel } from './model.js';
import { loadTrainedModel } from './trained-store.js';

/**
 * `corpus/` of the package this module belongs to: the nearest folder above it with a package.json. The
 * module runs from src/semantic/, dist/src/semantic/ or a bundle in dist/bundle/, at different depths.
 */
function packageCorpusDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return fileURLToPath(new URL('../../corpus/', import.meta.url));
    dir = up;
  }
  return join(dir, 'corpus');
}

export const DEFAULT_SEMANTIC_DIR = packageCorpusDir();

let cached: { model?: SemanticModel; error?: string } | undefined;
let trained: { dataDir: string; warn: (msg: string) => void } | undefined;

/**
 * Makes the default model the newest one retrained into `dataDir` (the bot and the CLI call this with
 * DATA_DIR before the first search). A damaged or stale one is reported through `warn` and the committed
 * model serves instead.
 */
export function useTrainedModelsIn(dataDir: string, warn: (msg: string) => void): void {
  if (trained?.dataDir !== dataDir) cached = undefined;
  trained = { dataDir, warn };
}

function loadDefault(): SemanticModel {
  if (trained) {
    try {
      const found = loadTrainedModel(trained.dataDir);
      if (found) return found.model;
    } catch (err) {
      if (!(err instanceof SemanticModelError)) throw err;
      trained.warn(`${err.message}; using the committed model`);
    }
  }
  return loadSemanticModel(DEFAULT_SEMANTIC_DIR);
}

/**
 * The default model (see above), or undefined when SEMANTIC_SEARCH=off or no model is usable (search
 * then stays lexical); `defaultSemanticError()` says why it is unusable, for a start-up warning.
 */
export function defaultSemanticModel(): SemanticModel | undefined {
  if (semanticSearchOff()) return undefined;
  if (!cached) {
    try {
      cached = { model: loadDefault() };
    } catch (err) {
      if (!(err instanceof SemanticModelError)) throw err;
      cached = { error: err.message };
    }
  }
  return cached.model;
}

export function defaultSemanticError(): string | undefined {
  defaultSemanticModel();
  return cached?.error;
}
