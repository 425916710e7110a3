import { describe, expect, it } from 'vitest';
import { createSearchEngine } from '../../src/search/engine.js';
import { conceptsIn } from '../../src/search/synonyms.js';
import { fixtureCorpus, idOf } from './fixtures.js';

const RL_ONLY = idOf('Hyperbolic Agents in Procedurally Generated Games');
const SPELLED_OUT = idOf('Curriculum Selection for Efficient Reasoning Models');

describe('acronyms and expansions', () => {
  it('name the same concept in both directions', () => {
    const pairs: Array<[string, string]> = [
      ['RL', 'reinforcement learning'],
      ['LLMs', 'large language models'],
      ['SGD', 'stochastic gradient descent'],
      ['RLVR', 'reinforcement learning with verifiable rewards'],
      ['GRPO', 'group relative policy optimization'],
      ['KL', 'Kullback-Leibler'],
      ['ViT', 'vision transformer'],
      ['SAEs', 'sparse autoencoders'],
      ['PDE', 'partial differential equations'],
      ['LN', 'layer normalization'],
      ['BN', 'batch normalisation'],
      ['MoE', 'mixture-of-experts'],
    ];
    for (const [acronym, expansion] of pairs) {
      const fromAcronym = conceptsIn(acronym);
      expect(fromAcronym.length, acronym).toBeGreaterThan(0);
      for (const concept of fromAcronym) expect(conceptsIn(expansion), `${acronym} ~ ${expansion}`).toContain(concept);
    }
  });

  it('keep the two meanings of BNN apart when spelled out', () => {
    expect(conceptsIn('BNNs')).toEqual(['bnn-bayes', 'bnn-binary']);
    expect(conceptsIn('binary neural networks')).toEqual(['bnn-binary']);
    expect(conceptsIn('Bayesian neural networks')).toEqual(['bnn-bayes']);
  });

  it('do not fire on unrelated words', () => {
    expect(conceptsIn('a sample of galaxies')).toEqual([]);
  });
});

describe('search with synonyms', () => {
  const engine = createSearchEngine(fixtureCorpus());
  const ids = (q: string) => engine.search(q).map((h) => h.paper.id);

  it('finds an abstract that only says "RL" when asked for reinforcement learning', () => {
    expect(ids('reinforcement learning')).toContain(RL_ONLY);
  });

  it('finds an abstract that only says "reinforcement learning" when asked for RL', () => {
    expect(ids('RL')).toContain(SPELLED_OUT);
  });

  it('ranks the literal form above the expansion', () => {
    const rl = ids('RL');
    expect(rl.indexOf(RL_ONLY)).toBeLessThan(rl.indexOf(SPELLED_OUT));
    const spelled = ids('reinforcement learning');
    expect(spelled.indexOf(SPELLED_OUT)).toBeLessThan(spelled.indexOf(RL_ONLY));
  });

  it('expands acronyms inside natural questions', () => {
    expect(ids('why do large language models hallucinate?')[0]).toBe(idOf('Distributional Semantics Tracing: A Framework for Explaining Hallucinations in Large Language Models'));
    expect(ids('sharpness aware minimization')[0]).toBe(idOf('SAM operates far from home: eigenvalue regularization as a dynamical phenomenon'));
  });
});
