import { describe, expect, it } from 'vitest';
import { stemSequence, stemWord, tokenize } from '../../src/search/text.js';
import { parseQuery } from '../../src/search/query.js';

describe('stemming', () => {
  it('maps inflections of one word to one stem', () => {
    expect(stemWord('hallucinate')).toBe(stemWord('hallucinations'));
    expect(stemWord('hallucination')).toBe(stemWord('hallucinated'));
    expect(stemWord('robots')).toBe(stemWord('robot'));
    expect(stemWord('optimizer')).toBe(stemWord('optimization'));
  });

  it('puts stable, stability, stabilizing and the British stabilise on one stem', () => {
    const stem = stemWord('stability');
    expect(['stable', 'stabilizing', 'stabilise', 'stabilised', 'stabilization'].map(stemWord)).toEqual(Array(5).fill(stem));
    expect(stemWord('instability')).toBe(stemWord('unstable'));
    expect(stemWord('instability')).not.toBe(stem);
  });

  it('keeps apart families Porter would merge', () => {
    expect(stemWord('generalization')).not.toBe(stemWord('generation'));
    expect(stemWord('generalization')).toBe(stemWord('generalize'));
    expect(stemWord('spiking')).not.toBe(stemWord('spikes'));
    expect(stemWord('continual')).not.toBe(stemWord('continuous'));
  });

  it('does not let the British-spelling rule split supervised from supervision', () => {
    expect(stemWord('supervised')).toBe(stemWord('supervision'));
    expect(stemWord('normalisation')).toBe(stemWord('normalization'));
  });
});

describe('tokenize', () => {
  it('keeps hyphenated names like gpt-4 and peri-ln whole, and also their parts', () => {
    const [gpt, peri] = tokenize('GPT-4 and Peri-LN');
    expect(gpt).toEqual({ compound: 'gpt-4', parts: ['gpt'] });
    expect(peri).toEqual({ compound: 'peri-ln', parts: ['peri', 'ln'] });
  });

  it('lowercases, strips accents and drops stop words and single letters', () => {
    expect(stemSequence('The Poincaré Ball of a model')).toEqual(['poincar', 'ball', 'model']);
  });

  it('treats a decimal point as part of a token but not a full stop', () => {
    // "layers.We" (a lost space after a full stop) must not become one token; "we" is a stop word.
    expect(tokenize('Qwen2.5 layers.We')).toEqual([{ compound: 'qwen2-5', parts: ['qwen2'] }, { parts: ['layer'] }]);
  });
});

describe('question words', () => {
  it('are ignored in queries: only the subject of the question remains', () => {
    expect(stemSequence('Which papers propose clipping gradients to stabilise training?', { query: true })).toEqual(['clip', 'gradient', 'stabil', 'train']);
    expect(parseQuery('why do LLMs hallucinate?').parts.map((p) => p.stem)).toEqual(['llm', 'hallucin']);
  });

  it('are kept when indexing, where "propose" is just a word', () => {
    expect(stemSequence('we propose a method')).toContain('propos');
  });

  it('leave nothing of a query made only of question and stop words', () => {
    expect(parseQuery('what is it and how does it work?').parts).toEqual([]);
  });
});
