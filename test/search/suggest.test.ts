import { describe, expect, it } from 'vitest';
import { createSearchEngine } from '../../src/search/engine.js';
import { CHOICE_NAME_MAX, choiceName } from '../../src/search/suggest.js';
import { fixtureCorpus, idOf, paper, realCorpus } from './fixtures.js';

const PERI_LN = 'peri-ln-revisiting-layer-normalization-in-the-transformer';

describe('suggest (real corpus)', () => {
  const corpus = realCorpus();
  const engine = createSearchEngine(corpus);

  it('returns at most 25 papers, fewer when asked', () => {
    expect(engine.suggest('').length).toBe(25);
    expect(engine.suggest('s').length).toBeLessThanOrEqual(25);
    expect(engine.suggest('', 5)).toHaveLength(5);
    expect(engine.suggest('stab', 100).length).toBeLessThanOrEqual(25);
  });

  it('with an empty prefix lists the most upvoted papers, then by id', () => {
    const top = engine.suggest('');
    for (let i = 1; i < top.length; i++) {
      const [a, b] = [top[i - 1]!, top[i]!];
      expect((a.upvotes ?? 0) > (b.upvotes ?? 0) || ((a.upvotes ?? 0) === (b.upvotes ?? 0) && a.id < b.id)).toBe(true);
    }
  });

  it('matches word prefixes anywhere in the title, case-insensitively', () => {
    expect(engine.suggest('PERI')[0]?.id).toBe(PERI_LN);
    expect(engine.suggest('peri-ln rev')[0]?.id).toBe(PERI_LN);
    expect(engine.suggest('layer norm').map((p) => p.id)).toContain(PERI_LN);
    for (const p of engine.suggest('stabiliz')) expect(p.title.toLowerCase()).toMatch(/\bstabiliz/);
  });

  it('ranks titles that start with the prefix before titles that merely contain it', () => {
    const starts = engine.suggest('stab').map((p) => p.title.toLowerCase().startsWith('stab'));
    expect(starts).toContain(true);
    expect(starts).toContain(false);
    expect(starts).toEqual([...starts].sort((a, b) => Number(b) - Number(a)));
  });

  it('matches ids as well as titles, and nothing for a prefix that fits no paper', () => {
    expect(engine.suggest('8-bit-optim')[0]?.id).toBe('8-bit-optimizers-via-block-wise-quantization');
    expect(engine.suggest('zzzz')).toEqual([]);
  });

  it('produces choice names that fit Discord (1-100 characters)', () => {
    for (const p of corpus.papers) {
      const name = choiceName(p);
      expect(name.length).toBeGreaterThan(0);
      expect(name.length).toBeLessThanOrEqual(CHOICE_NAME_MAX);
    }
  });
});

describe('suggest (fixtures)', () => {
  it('cuts long titles on a word boundary with an ellipsis', () => {
    const long = paper({ title: `${'Very long title words '.repeat(8)}end` });
    const name = choiceName(long);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name.endsWith('…')).toBe(true);
    expect(name.slice(0, -1).endsWith(' ')).toBe(false);
  });

  it('stays well under a millisecond per call on a small corpus', () => {
    const engine = createSearchEngine(fixtureCorpus());
    expect(engine.suggest('sp')[0]?.id).toBe(idOf('SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training'));
    const start = performance.now();
    for (let i = 0; i < 1000; i++) engine.suggest(['s', 'st', 'sta', 'peri', 'l'][i % 5]!);
    expect((performance.now() - start) / 1000).toBeLessThan(1);
  });
});
