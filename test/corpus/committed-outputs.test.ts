import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { loadOrBuildIndex } from '../../src/search/index.js';

describe('the committed corpus outputs', () => {
  it('ship a search index that matches papers.json, so start-up loads it without rebuilding', () => {
    const corpus = loadCorpus('corpus');
    const warnings: string[] = [];
    const index = loadOrBuildIndex(corpus, 'corpus', (w) => warnings.push(w));
    expect(warnings).toEqual([]);
    expect(index.documentCount).toBe(corpus.papers.length);
  });
});
