import { describe, expect, it } from 'vitest';
import { createSearchEngine } from '../src/search/engine.js';
import { closestPaper, pickRandom, resolvePaper, resolveTopic } from '../src/lookup.js';
import { fixtureCorpus, makePaper, testContext } from './support/context.js';

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

describe('topics from what a person typed (one resolver for /search, /topic, /random, /daily set and the CLI)', () => {
  const seed = testContext().corpus;
  const slug = (text: string) => resolveTopic(seed, text).slug;

  it('takes a slug or a name in any case, spacing and punctuation', () => {
    expect(slug('OPTIMIZERS')).toBe('optimizers');
    expect(slug('  Optimizers & Learning Rates ')).toBe('optimizers');
    expect(slug('deep-rl-control')).toBe('deep-rl-control');
    expect(slug('deep rl control')).toBe('deep-rl-control');
  });

  it('takes a part of a name on its own ("deep rl"), and a prefix that names one topic', () => {
    expect(slug('deep rl')).toBe('deep-rl-control');
    expect(slug('Deep RL')).toBe('deep-rl-control');
    expect(slug('continual')).toBe('continual-learning');
    expect(() => slug('optim')).toThrow(/"optim" could be optimizers \(Optimizers & learning rates\) or optimization-theory/);
  });

  it('suggests the closest slug for a typo, and says where to look', () => {
    expect(() => slug('optimisers')).toThrow('there is no topic "optimisers". Did you mean optimizers (Optimizers & learning rates)? Pick one from the suggestions, or see /topics');
    expect(() => slug('generative-model')).not.toThrow(); // a prefix of the slug
    expect(() => slug('contnual learning')).toThrow(/Did you mean continual-learning/);
    expect(() => resolveTopic(seed, 'astrology', 'list them with: paperboy topics')).toThrow('there is no topic "astrology". Pick one from the suggestions, or list them with: paperboy topics');
  });
});

describe('did you mean, for papers', () => {
  it('names the paper an id or title typo was meant for ("spma" -> SPAM)', () => {
    expect(() => resolvePaper(corpus, search, 'spma')).toThrow(`no paper matches "spma". Did you mean "${spam.title}" (${spam.id})?`);
    expect(() => resolvePaper(corpus, search, '2501.06482')).toThrow(/Did you mean "SPAM/);
    expect(closestPaper(corpus, 'peri-nl')?.id).toBe(peri.id);
    expect(closestPaper(corpus, 'zzqx-no-such-paper-qqq')).toBeUndefined();
  });
});
