// The search engine's version: part of every stored index, which is trusted only by the same version.
import { SYNONYMS_FINGERPRINT } from './synonyms.js';
import { ANALYZER_VERSION } from './text.js';

/**
 * Changes whenever stored index contents would change (analysis, synonyms, or the postings layout);
 * scoring-only changes do not need a new index. 2: typed-array postings replaced MiniSearch's JSON.
 * 3: HF ai_summary indexed as a sixth field.
 */
export const ENGINE_VERSION = `3.a${ANALYZER_VERSION}.s${SYNONYMS_FINGERPRINT}`;
