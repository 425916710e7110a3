import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_TOPICS, assignTopics, compileTopics, parseTopicsFile } from '../../src/corpus/topics.js';
import type { Topic } from '../../src/corpus/schema.js';
import { buildSeedCorpus, byTitle } from './seed-corpus.js';

const topic = (slug: string, patterns: string[], exclude: string[] = []): Topic => ({ slug, name: slug, description: slug, patterns, exclude });

describe('topic rules', () => {
  it('titlePatterns count in the title only: words every abstract uses in passing do not file a paper', () => {
    const [bench] = compileTopics([{ ...topic('benchmarks', ['\\bleaderboard\\b']), titlePatterns: ['\\bbenchmark\\w*'] }]);
    expect(assignTopics({ title: 'FooBench: a benchmark for bars', abstract: '' }, [bench!])).toEqual(['benchmarks']);
    expect(assignTopics({ title: 'Faster bars', abstract: 'On three benchmarks... strong benchmark results.' }, [bench!])).toEqual(['other']);
  });

  const rules = compileTopics([topic('optimizers', ['\\bAdam\\b', '\\blearning rates?\\b']), topic('diffusion', ['\\bdiffusion\\b'], ['\\breaction-diffusion\\b'])]);

  it('files a paper under a topic its title names', () => {
    expect(assignTopics({ title: 'Adam Revisited', abstract: 'We study an optimizer.' }, rules)).toEqual(['optimizers']);
  });

  it('needs more than one passing mention in the abstract', () => {
    expect(assignTopics({ title: 'A Study', abstract: 'We tune the learning rate once.' }, rules)).toEqual(['other']);
    expect(assignTopics({ title: 'A Study', abstract: 'We tune the learning rate of Adam.' }, rules)).toEqual(['optimizers']);
  });

  it('counts source keywords as abstract evidence', () => {
    expect(assignTopics({ title: 'A Study', abstract: 'Nothing here.', keywords: ['Adam', 'learning rate'] }, rules)).toEqual(['optimizers']);
  });

  it('lets an exclude pattern veto a topic', () => {
    expect(assignTopics({ title: 'Diffusion in Reaction-Diffusion Systems', abstract: '' }, rules)).toEqual(['other']);
  });

  it('orders topics by evidence, ties in file order, and is deterministic', () => {
    const text = { title: 'Diffusion with Adam', abstract: 'diffusion diffusion' };
    expect(assignTopics(text, rules)).toEqual(['diffusion', 'optimizers']);
    expect(assignTopics(text, rules)).toEqual(assignTopics(text, rules));
  });
});

describe('parseTopicsFile', () => {
  const file = (topics: Topic[]) => ({ version: 1, topics });

  it('accepts the committed taxonomy', () => {
    const topics = parseTopicsFile(JSON.parse(readFileSync(new URL('../../corpus/topics.json', import.meta.url), 'utf8')));
    // Enough topics to file the real feed (see topics-real-export.test.ts), few enough to scan in one
    // /topics card and to find by typing (autocomplete shows 25).
    expect(topics.length).toBeGreaterThanOrEqual(10);
    expect(topics.length).toBeLessThanOrEqual(40);
  });

  it('names the topic and pattern of an invalid regular expression', () => {
    expect(() => parseTopicsFile(file([topic('broken', ['(unclosed'])]))).toThrow(/topics\.json: topic "broken" patterns\[0\]: invalid regular expression/);
  });

  it('rejects duplicate slugs, the reserved "other", and schema violations', () => {
    expect(() => parseTopicsFile(file([topic('a', ['x']), topic('a', ['y'])]))).toThrow('topics.json: topic "a" is defined twice');
    expect(() => parseTopicsFile(file([topic('other', ['x'])]))).toThrow(/reserved/);
    expect(() => parseTopicsFile(file([topic('Bad Slug', ['x'])]))).toThrow(/topics\.json: topics\.0\.slug/);
  });
});

describe('the curated taxonomy on the seed corpus', () => {
  it.each([
    ['SPAM: Spike-Aware Adam', ['optimizers', 'llm-training-stability']],
    ['SalUn: Empowering Machine Unlearning', ['unlearning-safety-alignment']],
    ['SAEs Can Improve Unlearning', ['unlearning-safety-alignment']],
    ['AdaGC: Improving Training Stability', ['llm-training-stability', 'optimizers']],
    ['BNPO: Beta Normalization Policy Optimization', ['rl-for-llms']],
    ['Rethinking Entropy Interventions in RLVR', ['rl-for-llms']],
    ['Distributional Soft Actor-Critic', ['deep-rl-control']],
    ['Improved Training of Wasserstein GANs', ['generative-models']],
    ['Peri-LN: Revisiting Layer Normalization', ['normalization-activations']],
    ['Second-order regression models exhibit progressive sharpening', ['optimization-theory']],
    ['Continual evaluation for lifelong learning', ['continual-learning']],
    ['Enhancing Generalization of Universal Adversarial Perturbation', ['adversarial-robustness-privacy']],
    ['Stabilizing the Lottery Ticket Hypothesis', ['efficient-models']],
    ['Regression Discontinuity Design', ['statistics-scientific-ml']],
  ])('%s... is filed under %j', async (title, expected) => {
    const { corpus } = await buildSeedCorpus();
    const paper = byTitle(corpus.papers, title);
    expect(paper.topics.slice(0, expected.length).sort()).toEqual([...expected].sort());
  });

  it('gives every paper at least one and at most a few topics, keeping "other" under 10%', async () => {
    const { corpus } = await buildSeedCorpus();
    for (const paper of corpus.papers) {
      expect(paper.topics.length).toBeGreaterThanOrEqual(1);
      expect(paper.topics.length).toBeLessThanOrEqual(MAX_TOPICS);
    }
    const other = corpus.papers.filter((p) => p.topics.includes('other'));
    expect(other.length / corpus.papers.length).toBeLessThan(0.1);
  });

  // The seed corpus (106 training-stability papers) was curated for these topics; the topics added for the
  // real feed (MoE, agents, video, ...) are checked for dead rules on the real export instead.
  const SEED_TOPICS = [
    'llm-training-stability', 'optimizers', 'normalization-activations', 'rl-for-llms', 'deep-rl-control', 'generative-models',
    'adversarial-robustness-privacy', 'unlearning-safety-alignment', 'optimization-theory', 'continual-learning',
    'evaluation-reliability', 'distribution-shift', 'efficient-models', 'architectures-representations', 'statistics-scientific-ml',
  ];

  it('has no dead seed topics: each one files at least three seed papers', async () => {
    const { corpus } = await buildSeedCorpus();
    const topics = parseTopicsFile(JSON.parse(readFileSync(new URL('../../corpus/topics.json', import.meta.url), 'utf8')));
    expect(topics.map((t) => t.slug).slice(0, SEED_TOPICS.length)).toEqual(SEED_TOPICS);
    for (const t of topics.filter((t) => SEED_TOPICS.includes(t.slug))) {
      expect(corpus.papers.filter((p) => p.topics.includes(t.slug)).length, t.slug).toBeGreaterThanOrEqual(3);
    }
  });
});
