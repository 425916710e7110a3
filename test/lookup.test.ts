import { describe, expect, it } from 'vitest';
import { createSearchEngine } from '../src/search/engine.js';
import { pickRandom, resolvePaper } from '../src/lookup.js';
import { fixtureCorpus, makePaper } from './support/context.js';

const spam = makePaper({ id: '2501.06842', arxivId: '2501.06842', title: 'SPAM: Spike-Aware Adam with Momentum Reset', topics: ['optimizers'], codeLinks: [{ url: 'https://github.com/TianjinYellow/SPAM-Optimizer', kind: 'github' }] });
const peri = makePaper({ id: 'peri-ln-revisiting-layer-normalization', title: 'Peri-LN: Revisiting Layer Normalization in the Transformer', topics: ['normalization'] });
const corpus = fixtureCorpus([spam, peri]);
const search = createSearchEngine(corpus);

describe('finding a paper from what a person typed', () => {
  it('takes an exact id, in any case, and an arXiv id with a version', () => {
    expect(resolvePaper(corpus, search, 'PERI-LN-revisiting-layer-normalization').id).toBe(peri.id);
    expect(resolvePaper(corpus, search, '2501.06842v2').id).toBe(spam.id);
    expect(search.search('2501.06842v3')[0]?.paper.id).toBe(spam.id);
  });

  it('still finds a paper by the slug id it had before an import gave it an arXiv id', () => {
    const oldId = 'spam-spike-aware-adam-with-momentum-reset';
    expect(resolvePaper(corpus, search, oldId).id).toBe(spam.id);
    expect(search.similar(oldId).map((h) => h.paper.id)).toEqual(search.similar(spam.id).map((h) => h.paper.id));
  });

  it('takes title words when they really describe one paper', () => {
    expect(resolvePaper(corpus, search, 'spike aware adam').id).toBe(spam.id);
  });

  it('says there is no such paper rather than guessing from a weak fuzzy match', () => {
    expect(() => resolvePaper(corpus, search, 'zzqx-no-such-paper-qqq')).toThrow(/no paper matches/);
    expect(() => resolvePaper(corpus, search, '   ')).toThrow(/name a paper/);
  });

  it('picks at random within the filters, and explains an empty pool', () => {
    expect(pickRandom(corpus, { hasCode: true }, () => 0.99).id).toBe(spam.id);
    expect(pickRandom(corpus, { topic: 'normalization' }, () => 0).id).toBe(peri.id);
    expect(() => pickRandom(corpus, { topic: 'normalization', hasCode: true }, Math.random)).toThrow(/no paper matches those filters/);
  });
});
