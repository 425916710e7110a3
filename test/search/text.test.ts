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

describe('names in other scripts', () => {
  const terms = (s: string) => tokenize(s).flatMap((t) => [...(t.compound ? [t.compound] : []), ...t.parts]);

  it('spells Greek symbols, so μP, µP (micro sign), muP and mu-p share the term "mup"', () => {
    for (const typed of ['μP', 'µP', 'muP', 'mu-p', 'MU-P']) expect(terms(typed)).toContain('mup');
  });

  it('finds β-VAE and α-entmax by their spelled names', () => {
    expect(tokenize('β-VAE')).toEqual(tokenize('beta-vae'));
    expect(tokenize('α-entmax')).toEqual(tokenize('Alpha-Entmax'));
    expect(stemSequence('ε-greedy exploration with a λ schedule')).toEqual(['epsilon', 'greedi', 'explor', 'lambda', 'schedul']);
  });

  it('joins a single letter to its name: k-means ~ kmeans, t-SNE ~ tsne, top-k ~ topk', () => {
    expect(terms('k-means')).toContain(terms('kmeans')[0]);
    expect(terms('t-SNE')).toContain('tsne');
    expect(terms('top-k')).toContain('topk');
    expect(tokenize('GPT-4')).toEqual([{ compound: 'gpt-4', parts: ['gpt'] }]); // digits are not letters: unchanged
  });

  it('indexes CJK runs as overlapping character bigrams, so a word inside a title matches', () => {
    expect(terms('大语言模型的推理')).toEqual(['大语', '语言', '言模', '模型', '型的', '的推', '推理']);
    expect(terms('推理')).toEqual(['推理']);
    expect(terms('強化学習')).toEqual(['強化', '化学', '学習']);
    expect(terms('한국어 언어 모델')).toEqual(['한국', '국어', '언어', '모델']);
  });

  it('keeps words of other scripts whole, and Latin letters NFKD cannot split', () => {
    expect(terms('Обучение нейронных сетей')).toEqual(['обучение', 'неиронных', 'сетеи']);
    expect(terms('Schrødinger')).toEqual(['schroding']);
  });

  it('leaves mixed titles in order, so phrases and proximity still work', () => {
    expect(terms('LLM 推理 benchmark')).toEqual(['llm', '推理', 'benchmark']);
  });
});
