// The committed model (corpus/semantic.json + .bin), loaded once per process on first use.
import { fileURLToPath } from 'node:url';
import { semanticSearchOff } from '../config.js';
import { loadSemanticModel, SemanticModelError, type SemanticModel } from './model.js';

export const DEFAULT_SEMANTIC_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));

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
