// The committed model (corpus/semantic.json + .bin), loaded once per process on first use.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { semanticSearchOff } from '../config.js';
import { loadSemanticModel, SemanticModelError, type SemanticModel } from './model.js';

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

/**
 * The committed model, or undefined when SEMANTIC_SEARCH=off or the model is missing or unusable
 * (search then stays lexical); `defaultSemanticError()` says why it is unusable, for a start-up warning.
 */
export function defaultSemanticModel(): SemanticModel | undefined {
  if (semanticSearchOff()) return undefined;
  if (!cached) {
    try {
      cached = { model: loadSemanticModel(DEFAULT_SEMANTIC_DIR) };
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
