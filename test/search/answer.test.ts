import { describe, expect, it } from 'vitest';
import { createSearchEngine } from '../../src/search/engine.js';
import { fixtureCorpus, realCorpus } from './fixtures.js';

const DST = 'distributional-semantics-tracing-a-framework-for-explaining';

describe('answer (real corpus)', () => {
  const engine = createSearchEngine(realCorpus());

  it('quotes the hallucination paper for "why do LLMs hallucinate?"', () => {
    const answer = engine.answer('why do LLMs hallucinate?');
    expect(answer.question).toBe('why do LLMs hallucinate?');
    expect(answer.sentences.length).toBeGreaterThan(0);
    expect(answer.sentences[0]!.paper.id).toBe(DST);
    expect(answer.sentences[0]!.text).toMatch(/hallucinat/i);
    // Each quote is a sentence of its paper's abstract, verbatim.
    for (const s of answer.sentences) expect(s.paper.abstract).toContain(s.text);
  });

  it('answers questions phrased with acronyms or expansions', () => {
    expect(engine.answer('what is the stability gap in continual learning?').sentences[0]?.text).toMatch(/stability gap/);
    expect(engine.answer('does SGD generalize better than gradient descent?').sentences[0]?.text).toMatch(/SGD often generalizes better than GD/);
    expect(engine.answer('what causes entropy collapse in reinforcement learning with verifiable rewards?').sentences[0]?.text).toMatch(/entropy collapse/);
  });

  it('returns no sentences for an off-topic question', () => {
    expect(engine.answer('best pizza recipe in Naples').sentences).toEqual([]);
    expect(engine.answer('who won the football world cup?').sentences).toEqual([]);
  });

  it('returns no sentences for an empty or stop-word-only question', () => {
    expect(engine.answer('').sentences).toEqual([]);
    expect(engine.answer('what is it?').sentences).toEqual([]);
  });

  it('returns at most the requested number, best first, and at most two per paper', () => {
    const answer = engine.answer('how do optimizers stabilize LLM training?', 5);
    expect(answer.sentences.length).toBeGreaterThan(0);
    expect(answer.sentences.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < answer.sentences.length; i++) expect(answer.sentences[i - 1]!.score).toBeGreaterThanOrEqual(answer.sentences[i]!.score);
    const perPaper = new Map<string, number>();
    for (const s of answer.sentences) perPaper.set(s.paper.id, (perPaper.get(s.paper.id) ?? 0) + 1);
    for (const count of perPaper.values()) expect(count).toBeLessThanOrEqual(2);
    expect(engine.answer('how do optimizers stabilize LLM training?').sentences.length).toBeLessThanOrEqual(3);
  });
});

describe('answer (fixtures)', () => {
  it('does not split "e.g." or "et al." into separate quotes', () => {
    const engine = createSearchEngine(fixtureCorpus());
    for (const s of engine.answer('what are gradient spikes?').sentences) expect(s.text).toMatch(/[.!?]$/);
  });
});
