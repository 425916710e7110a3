import { describe, expect, it } from 'vitest';
import { makeCorpus } from '../../src/corpus/corpus.js';
import type { Paper, Topic } from '../../src/corpus/schema.js';

const TOPICS: Topic[] = [{ slug: 'optimizers', name: 'Optimizers', description: 'x', patterns: ['adam'], exclude: [] }];

function paper(id: string, title: string, arxivId?: string): Paper {
  return {
    id,
    ...(arxivId !== undefined ? { arxivId } : {}),
    title,
    rawTitle: title,
    abstract: '',
    authors: [],
    codeLinks: [],
    keywords: [],
    topics: ['optimizers'],
    sources: [{ file: 'a.txt', line: 1 }],
  };
}

describe('makeCorpus: ids and aliases', () => {
  it('finds an arXiv paper by its title slug too, the id it had before its arXiv id was known', () => {
    const spam = paper('2501.06842', 'SPAM: Spike-Aware Adam', '2501.06842');
    const corpus = makeCorpus([spam], TOPICS, 'h');
    expect(corpus.byId.get('2501.06842')).toBe(spam);
    expect(corpus.byId.get('spam-spike-aware-adam')).toBe(spam);
    expect(corpus.aliases).toEqual(new Map([['spam-spike-aware-adam', '2501.06842']]));
    expect(corpus.papers).toEqual([spam]);
  });

  it("never lets an alias shadow another paper's real id", () => {
    const withArxiv = paper('2501.00001', 'Adam Revisited', '2501.00001');
    const slugOnly = paper('adam-revisited', 'Adam  Revisited');
    const corpus = makeCorpus([withArxiv, slugOnly], TOPICS, 'h');
    expect(corpus.byId.get('adam-revisited')).toBe(slugOnly);
    expect(corpus.aliases.size).toBe(0);
  });

  it('registers no alias that two arXiv papers share, rather than guess', () => {
    const a = paper('2501.00001', 'Adam Revisited', '2501.00001');
    const b = paper('2501.00002', 'Adam: Revisited', '2501.00002');
    const corpus = makeCorpus([a, b], TOPICS, 'h');
    expect(corpus.byId.has('adam-revisited')).toBe(false);
    expect([...corpus.byId.keys()]).toEqual(['2501.00001', '2501.00002']);
  });

  it('gives papers without an arXiv id no alias: their id already is their slug', () => {
    const corpus = makeCorpus([paper('adam-revisited', 'Adam Revisited')], TOPICS, 'h');
    expect([...corpus.byId.keys()]).toEqual(['adam-revisited']);
    expect(corpus.aliases.size).toBe(0);
  });
});
