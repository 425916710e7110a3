import { describe, expect, it } from 'vitest';
import { createSearchEngine } from '../../src/search/engine.js';
import { topicOverlap } from '../../src/search/similar.js';
import { paper, realCorpus } from './fixtures.js';

const SPAM = 'spam-spike-aware-adam-with-momentum-reset-for-stable-llm';
const PERI_LN = 'peri-ln-revisiting-layer-normalization-in-the-transformer';

describe('similar papers (real corpus)', () => {
  const corpus = realCorpus();
  const engine = createSearchEngine(corpus);

  it('never includes the paper itself and respects the limit', () => {
    for (const p of corpus.papers.slice(0, 20)) {
      const hits = engine.similar(p.id, 4);
      expect(hits.length).toBeLessThanOrEqual(4);
      expect(hits.map((h) => h.paper.id)).not.toContain(p.id);
    }
  });

  it('returns optimizer and training-stability neighbours for the SPAM optimizer paper', () => {
    const hits = engine.similar(SPAM, 5);
    expect(hits).toHaveLength(5);
    expect(hits.map((h) => h.paper.id)).toContain('adagc-improving-training-stability-for-large-language-model');
    for (const h of hits) expect(h.paper.topics.some((t) => ['optimizers', 'llm-training-stability'].includes(t)), h.paper.id).toBe(true);
  });

  it('returns normalization papers for Peri-LN', () => {
    const top = engine.similar(PERI_LN, 3).map((h) => h.paper.id);
    expect(top).toContain('powernorm-rethinking-batch-normalization-in-transformers');
  });

  it('orders by descending score, deterministically', () => {
    const hits = engine.similar(SPAM, 10);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    expect(engine.similar(SPAM, 10)).toEqual(hits);
  });

  it('returns an empty list for an unknown id', () => {
    expect(engine.similar('no-such-paper')).toEqual([]);
  });
});

describe('topicOverlap', () => {
  it('is the Jaccard overlap of curated topics, ignoring "other"', () => {
    const a = paper({ title: 'A', topics: ['optimizers', 'rl'] });
    const b = paper({ title: 'B', topics: ['rl', 'evaluation'] });
    expect(topicOverlap(a, b)).toBeCloseTo(1 / 3);
    expect(topicOverlap(paper({ title: 'C', topics: ['other'] }), paper({ title: 'D', topics: ['other'] }))).toBe(0);
  });
});
