// The per-revision cache of papers' stem sequences (proximity scoring): a ~10k corpus fits whole, a larger
// one stays within a fixed bound and keeps the papers used most recently.
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/corpus/schema.js';
import { DOC_TEXT_CAPACITY, DocTextCache } from '../../src/search/doc-text.js';

/** The cache reads a paper's id, title and abstract only. */
const paper = (n: number) => ({ id: `p${n}`, title: `Scaling study number ${n}`, abstract: `We train ${n} models and measure their loss.` }) as Paper;

describe('DocTextCache', () => {
  it('keeps every paper of a corpus the size of the real export (8,982): a second pass stems nothing again', () => {
    const cache = new DocTextCache();
    const papers = Array.from({ length: 9_000 }, (_, n) => paper(n));
    const first = papers.map((p) => cache.get(p));
    expect(first[123]).toEqual({ title: ['scale', 'studi', 'number', '123'], abstract: ['train', '123', 'model', 'measur', 'loss'] });
    const again = papers.map((p) => cache.get(p));
    expect(again.filter((t, n) => t !== first[n])).toHaveLength(0);
  });

  it('never holds more than its bound, however many distinct papers pass through', () => {
    const cache = new DocTextCache();
    for (let n = 0; n < DOC_TEXT_CAPACITY + 5_000; n++) cache.get(paper(n));
    expect(cache.size).toBe(DOC_TEXT_CAPACITY);
  });

  it('evicts the least recently used paper, not the first one stored', () => {
    const cache = new DocTextCache(3);
    const [a, b, c, d] = [paper(1), paper(2), paper(3), paper(4)];
    const textOfA = cache.get(a);
    cache.get(b);
    cache.get(c);
    cache.get(a); // a is used again: b is now the oldest
    cache.get(d);
    expect(cache.size).toBe(3);
    expect(cache.get(a)).toBe(textOfA);
  });
});
