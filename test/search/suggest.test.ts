import { describe, expect, it } from 'vitest';
import { createSearchEngine } from '../../src/search/engine.js';
import { CHOICE_NAME_MAX, choiceName, SuggestIndex } from '../../src/search/suggest.js';
import { runSteps } from '../../src/corpus/steps.js';
import type { Paper } from '../../src/corpus/schema.js';
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

describe('SuggestIndex.update (the next revision\'s index made from the live one)', () => {
  const base = [...realCorpus().papers].sort((a, b) => (a.id < b.id ? -1 : 1));
  const prefixes = (papers: readonly Paper[]) => {
    const out = new Set(['', '2', '25', 'a', 'l', 'st']);
    for (const p of papers.filter((_, i) => i % 3 === 0)) {
      for (const word of p.title.toLowerCase().split(/\s+/).slice(0, 4)) for (const n of [1, 2, 4]) out.add(word.slice(0, n));
      out.add(p.id.slice(0, 6));
    }
    return [...out];
  };
  const same = (a: SuggestIndex, b: SuggestIndex, papers: readonly Paper[]) => {
    for (const prefix of prefixes(papers)) expect(a.suggest(prefix).map((p) => p.id), prefix).toEqual(b.suggest(prefix).map((p) => p.id));
  };

  it('equals a build from scratch after papers were added, rewritten and dropped', () => {
    const previous = runSteps(SuggestIndex.build(base));
    const rewritten = (p: Paper) => ({ ...p, title: `${p.title} revisited`, upvotes: (p.upvotes ?? 0) + 50 });
    const next = [...base.filter((_, i) => i % 17 !== 5).map((p, i) => (i % 13 === 0 ? rewritten(p) : p)), paper({ title: 'Stability of live corpora', upvotes: 7 }), paper({ title: 'Aardvark attention', upvotes: 500 })].sort((a, b) => (a.id < b.id ? -1 : 1));
    const updated = runSteps(SuggestIndex.update(previous, next));
    same(updated, runSteps(SuggestIndex.build(next)), next);
    expect(updated.suggest('aardvark')[0]?.title).toBe('Aardvark attention');
    expect(updated.suggest('')[0]?.title).toBe('Aardvark attention');
    // The previous index still answers for its own revision.
    same(previous, runSteps(SuggestIndex.build(base)), base);
  });

  it('equals a build from scratch when the papers changed order (it builds anew)', () => {
    const previous = runSteps(SuggestIndex.build(base));
    const reversed = [...base].reverse();
    same(runSteps(SuggestIndex.update(previous, reversed)), runSteps(SuggestIndex.build(reversed)), reversed);
  });
});
