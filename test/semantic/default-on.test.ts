// The semantic layer is part of search by default (README "Semantic search"): an engine made with no
// semantic option expands queries with the committed model, and SEMANTIC_SEARCH=off or semantic: null
// gives the lexical ranking.
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { createSearchEngine } from '../../src/search/engine.js';
import { SEED_CORPUS_DIR } from '../../bench/eval/paths.js';
import { defaultSemanticModel } from '../../src/semantic/default.js';
import { SemanticRanker } from '../../src/semantic/rank.js';
import { semanticTerms } from '../../src/semantic/terms.js';

const corpus = loadCorpus(SEED_CORPUS_DIR);
// The issue's own example (the answers say memory-efficient, low-rank, 8-bit states).
const QUERY = 'make Adam use less memory';
const ranked = (engine: ReturnType<typeof createSearchEngine>) => engine.search(QUERY, {}, { limit: 10 }).map((h) => h.paper.id);

describe('semantic search by default', () => {
  const saved = process.env.SEMANTIC_SEARCH;
  afterEach(() => {
    if (saved === undefined) delete process.env.SEMANTIC_SEARCH;
    else process.env.SEMANTIC_SEARCH = saved;
  });

  it('ranks with the committed model unless told not to', () => {
    delete process.env.SEMANTIC_SEARCH;
    const byDefault = ranked(createSearchEngine(corpus));
    expect(byDefault).toEqual(ranked(createSearchEngine(corpus, { semantic: 'default' })));
    const lexical = ranked(createSearchEngine(corpus, { semantic: null }));
    // The learned neighbours (memory -> footprint, offload...) re-order the papers that match.
    expect(byDefault).not.toEqual(lexical);
  });

  it('SEMANTIC_SEARCH=off gives the lexical ranking', () => {
    process.env.SEMANTIC_SEARCH = 'off';
    expect(ranked(createSearchEngine(corpus))).toEqual(ranked(createSearchEngine(corpus, { semantic: null })));
  });
});

describe('paper vectors warm up in small steps', () => {
  it('computes every paper\'s vector across many steps, the same vectors a search computes on demand', () => {
    const model = defaultSemanticModel()!;
    const warmed = new SemanticRanker(model);
    let steps = 0;
    for (const _ of warmed.warmUpSteps(corpus.papers)) steps++;
    expect(steps).toBe(Math.floor(corpus.papers.length / 8));
    const onDemand = new SemanticRanker(model);
    for (const paper of corpus.papers.slice(0, 5)) expect(warmed.paperVector(paper)).toEqual(onDemand.paperVector(paper));
  });
});

describe('paper vectors are stored side by side, bounded', () => {
  const model = defaultSemanticModel()!;
  /** The vector as the model makes it for one term list: title twice, abstract, keywords. */
  const direct = (p: (typeof corpus.papers)[number]) => {
    const title = semanticTerms(p.title);
    return model.embedTerms([...title, ...title, ...semanticTerms(p.abstract), ...semanticTerms(p.keywords.join(' ; '))]);
  };

  it('holds the same floats as embedding the paper\'s terms in one list', () => {
    const ranker = new SemanticRanker(model);
    for (const paper of corpus.papers) expect(ranker.paperVector(paper)).toEqual(direct(paper));
  });

  it('keeps at most `capacity` papers, reusing the oldest slot, and recomputes an edited paper', () => {
    const papers = corpus.papers.slice(0, 7);
    const ranker = new SemanticRanker(model, undefined, undefined, 3);
    const query = model.embedText('training stability of large language models', { query: true })!;
    for (const paper of papers) expect(ranker.similarity(query, paper)).toBeCloseTo(dotOf(query, direct(paper)), 6);
    // Papers evicted long ago come back right, and pairs stay right when one evicts the other's slot.
    for (const a of papers) for (const b of papers) expect(ranker.paperSimilarity(a, b)).toBeCloseTo(dotOf(direct(a)!, direct(b)), 6);
    const first = papers[0]!;
    const edited = { ...first, title: 'Spiking neural networks on neuromorphic chips', abstract: 'We train spiking networks.' };
    expect(ranker.paperVector(edited)).toEqual(direct(edited));
    expect(ranker.paperVector(first)).toEqual(direct(first));
  });
});

function dotOf(a: Float32Array, b: Float32Array | undefined): number {
  return b ? a.reduce((s, x, i) => s + x * (b[i] as number), 0) : 0;
}
