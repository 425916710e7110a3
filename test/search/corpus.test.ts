import { describe, expect, it } from 'vitest';
import { createSearchEngine } from '../../src/search/engine.js';
import { realCorpus } from './fixtures.js';

describe('search over the real corpus', () => {
  const corpus = realCorpus();
  const engine = createSearchEngine(corpus);
  const top = (q: string) => engine.search(q)[0]?.paper.id;

  it('ranks every paper first for its own title', () => {
    for (const p of corpus.papers) expect(top(p.title), p.title).toBe(p.id);
  });

  it('finds papers through typos', () => {
    expect(top('hallucnation')).toBe('distributional-semantics-tracing-a-framework-for-explaining');
    expect(top('spikng neural netwroks')).toBe('stabilizing-direct-training-of-spiking-neural-networks-membrane');
    expect(top('wasserstien gans')).toBe('improved-training-of-wasserstein-gans');
  });

  it('finds expansions for acronyms and acronyms for expansions', () => {
    // This abstract writes "Reinforcement Learning with Verifiable Rewards" and "RLVR" once each.
    expect(top('RLVR entropy collapse')).toBe('rethinking-entropy-interventions-in-rlvr-an-entropy-change');
    // The DARTS abstract says "neural architecture search (NAS)"; EAGAN says both.
    const nas = engine.search('NAS stability').slice(0, 3).map((h) => h.paper.id);
    expect(nas).toContain('stabilizing-darts-with-amended-gradient-estimation-on');
    // The SAM paper's title says only "SAM"; "Sharpness Aware Minimization" is in its abstract.
    expect(top('sharpness-aware minimization')).toBe('sam-operates-far-from-home-eigenvalue-regularization-as-a');
    expect(top('SAM')).toBe('sam-operates-far-from-home-eigenvalue-regularization-as-a');
  });

  it('answers natural questions with the paper that proposes the method', () => {
    const hits = engine.search('which papers propose clipping gradients to stabilise training?').slice(0, 3).map((h) => h.paper.id);
    expect(hits).toEqual(
      expect.arrayContaining(['adagc-improving-training-stability-for-large-language-model', 'spam-spike-aware-adam-with-momentum-reset-for-stable-llm']),
    );
  });

  it('filters by topic, code and year on real metadata', () => {
    const rl = engine.search('stability', { topic: 'rl-for-llms' });
    expect(rl.length).toBeGreaterThan(5);
    for (const h of rl) expect(h.paper.topics).toContain('rl-for-llms');
    for (const h of engine.search('stability', { hasCode: true })) expect(h.paper.codeLinks.length).toBeGreaterThan(0);
    const recent = engine.search('training', { yearFrom: 2025, yearTo: 2025 });
    for (const h of recent) expect(h.paper.publishedAt?.startsWith('2025')).toBe(true);
    expect(engine.search('stability', { topic: 'no-such-topic' })).toEqual([]);
  });
});
