// When the corpus has grown enough to retrain the semantic model (SEMANTIC_RETRAIN). Growth is counted
// against the papers the serving model was trained on, so a bot that serves only the seed corpus plus
// a few syncs never replaces the committed model (trained on the ~9k-paper export) with one learned
// from a few hundred papers: it retrains once its store holds more than the export did.
import type { RetrainThreshold } from '../config.js';

/** New papers needed before a retrain, for a model trained on `modelPapers` papers (at least 1). */
export function retrainAfter(threshold: RetrainThreshold, modelPapers: number): number {
  return 'papers' in threshold ? Math.max(1, threshold.papers) : Math.max(1, Math.ceil((modelPapers * threshold.percent) / 100));
}

/** Whether a store of `storePapers` papers has outgrown a model trained on `modelPapers` by the threshold. */
export function shouldRetrain(threshold: RetrainThreshold | null, storePapers: number, modelPapers: number): boolean {
  if (threshold === null) return false;
  return storePapers - modelPapers >= retrainAfter(threshold, modelPapers);
}
