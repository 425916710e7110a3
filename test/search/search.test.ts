import { describe, expect, it } from 'vitest';
import { createSearchEngine } from '../../src/search/engine.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { fixtureCorpus, idOf, paper, PAPERS } from './fixtures.js';

const SPAM = idOf('SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training');
const ADAGC = idOf('AdaGC: Improving Training Stability for Large Language Model Pretraining');
const CLIPPING_TITLE = idOf('Improving Stability of Fine-Tuning Pretrained Language Models via Component-Wise Gradient Norm Clipping');
const DST = idOf('Distributional Semantics Tracing: A Framework for Explaining Hallucinations in Large Language Models');
const LOTTERY = idOf('Stabilizing the Lottery Ticket Hypothesis');
const SAM = idOf('SAM operates far from home: eigenvalue regularization as a dynamical phenomenon');
const PERI_LN = idOf('Peri-LN: Revisiting Layer Normalization in the Transformer Architecture');

const engine = createSearchEngine(fixtureCorpus());
const ids = (q: string, filters = {}) => engine.search(q, filters).map((h) => h.paper.id);

describe('search', () => {
  it('returns nothing for an empty or stop-word-only query', () => {
    expect(engine.search('')).toEqual([]);
    expect(engine.search('   ')).toEqual([]);
    expect(engine.search('which papers are about the?')).toEqual([]);
  });

  it('tolerates a typo and still finds the paper', () => {
    expect(ids('hallucnation')[0]).toBe(DST);
    expect(ids('lotery tiket')[0]).toBe(LOTTERY);
  });

  it('ranks a paper first for its exact title, typo tolerance notwithstanding', () => {
    for (const p of PAPERS) expect(ids(p.title)[0], p.title).toBe(p.id);
  });

  it('does not apply typo tolerance to words the corpus knows', () => {
    // "clipping" exists, so near-misses such as "clippin" or "shipping" must not join in.
    const hits = engine.search('clipping');
    expect(hits.map((h) => h.paper.id).sort()).toEqual([ADAGC, CLIPPING_TITLE, SPAM].sort());
  });

  it('ranks a title match above abstract-only matches', () => {
    // Only CLIPPING_TITLE has "clipping" in its title; AdaGC says it three times in its abstract.
    expect(ids('clipping')[0]).toBe(CLIPPING_TITLE);
    expect(ids('layer normalization')[0]).toBe(PERI_LN);
  });

  it('rewards query words that appear side by side', () => {
    // Same words, same lengths; only the order differs, and the id tie-break favours the other one.
    const adjacent = paper({ id: 'z-adjacent', title: 'A Study', abstract: 'We apply gradient clipping to noisy weights in deep models.' });
    const apart = paper({ id: 'a-apart', title: 'A Study', abstract: 'We apply clipping to noisy weights in deep gradient models.' });
    const order = createSearchEngine(fixtureCorpus([apart, adjacent, ...PAPERS])).search('gradient clipping').map((h) => h.paper.id);
    expect(order.indexOf('z-adjacent')).toBeLessThan(order.indexOf('a-apart'));
  });

  it('finds a paper by its id', () => {
    expect(ids(PERI_LN)[0]).toBe(PERI_LN);
  });

  it('is deterministic', () => {
    const first = engine.search('training stability');
    expect(engine.search('training stability')).toEqual(first);
    expect(first.length).toBeGreaterThan(3);
  });
});

describe('search filters', () => {
  it('keeps only papers with the topic', () => {
    const hits = engine.search('stability', { topic: 'optimizers' });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.paper.topics).toContain('optimizers');
    expect(hits.map((h) => h.paper.id)).not.toContain(PERI_LN);
  });

  it('hasCode: true keeps papers with code links, false keeps those without', () => {
    const withCode = engine.search('training', { hasCode: true });
    expect(withCode.map((h) => h.paper.id)).toEqual(expect.arrayContaining([SPAM, CLIPPING_TITLE]));
    for (const h of withCode) expect(h.paper.codeLinks.length).toBeGreaterThan(0);
    for (const h of engine.search('training', { hasCode: false })) expect(h.paper.codeLinks).toEqual([]);
  });

  it('filters by publication year and drops undated papers when a year bound is set', () => {
    const hits = engine.search('training stability networks', { yearFrom: 2025 });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(Number(h.paper.publishedAt?.slice(0, 4))).toBeGreaterThanOrEqual(2025);
    expect(ids('lottery ticket')).toContain(LOTTERY);
    expect(ids('lottery ticket', { yearTo: 2030 })).not.toContain(LOTTERY);
    const old = engine.search('training stability', { yearFrom: 2022, yearTo: 2023 });
    expect(old.map((h) => h.paper.id).sort()).toEqual([CLIPPING_TITLE, SAM].sort());
  });

  it('breaks score ties by upvotes, then by id', () => {
    const twin = (id: string, upvotes?: number) => paper({ id, title: 'Twin Paper On Gradient Noise', abstract: 'Identical text.', upvotes });
    const corpus = fixtureCorpus([twin('b-twin', 5), twin('a-twin'), twin('c-twin', 5), twin('d-twin', 9)]);
    const order = createSearchEngine(corpus).search('gradient noise').map((h) => h.paper.id);
    expect(order).toEqual(['d-twin', 'b-twin', 'c-twin', 'a-twin']);
  });
});

describe('number-only queries', () => {
  it('"4.5" finds the papers that mention it (its digits are too short to be words of their own)', () => {
    const engine = createSearchEngine(loadCorpus('corpus'));
    const titles = engine.search('4.5').map((h) => h.paper.title);
    expect(titles.some((t) => t.startsWith('SADA'))).toBe(true);
    expect(engine.search('SD3.5')[0]?.paper.title).toMatch(/^SD3\.5-Flash/);
  });
});
