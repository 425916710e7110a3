import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { createSearchEngine } from '../../src/search/engine.js';
import { compactQuery } from '../../src/search/text.js';
import type { SearchFilters } from '../../src/search/types.js';

const corpus = loadCorpus('corpus');
const engine = createSearchEngine(corpus);
const judged = (JSON.parse(readFileSync('bench/queries.json', 'utf8')) as { queries: { query: string }[] }).queries.map((q) => q.query);
const questions = [
  'which papers propose clipping gradients to stabilise the training of large language models?',
  'What are the papers that study how entropy collapse happens in RLVR for LLM reasoning',
  'is there any work on the stability of SGD at the edge of stability',
  'papers about off-policy PPO for multi-turn agents',
  'peri-ln-revisiting-layer-normalization-in-the-transformer',
  'how do I unlearn concepts from diffusion mod',
];

const ranking = (q: string, f: SearchFilters = {}) => engine.search(q, f).map((h) => `${h.paper.id}:${h.score.toFixed(6)}`);

describe('compact queries (what search pages carry in their custom_id)', () => {
  it('drop the words search ignores and keep the rest in order', () => {
    expect(compactQuery('Which papers propose clipping gradients to stabilise training?')).toBe('clipping gradients stabilise training.');
    expect(compactQuery('off-policy PPO')).toBe('off-policy ppo');
  });

  it.each([...judged, ...questions])('rank exactly like the query they came from: %s', (q) => {
    expect(ranking(compactQuery(q))).toEqual(ranking(q));
    expect(ranking(compactQuery(q), { hasCode: true })).toEqual(ranking(q, { hasCode: true }));
  });

  it('are much shorter for natural questions', () => {
    expect(compactQuery(questions[0]!).length).toBeLessThan(questions[0]!.length * 0.75);
  });
});
