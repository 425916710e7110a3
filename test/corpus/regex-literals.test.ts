import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LiteralScanner, requiredLiterals } from '../../src/corpus/regex-literals.js';
import { parseTopicsFile } from '../../src/corpus/topics.js';
import { mulberry32 as prng } from '../../src/prng.js';

describe('requiredLiterals: strings one of which every match contains', () => {
  it('reads literal runs, groups and alternations, lower-cased', () => {
    expect(requiredLiterals('\\bgradient (?:norm )?clipping\\b')).toEqual(['gradient norm clipping', 'gradient clipping']);
    expect(requiredLiterals('\\b(?:Adam|LAMB)\\b|\\bSGD\\b')).toEqual(['adam', 'lamb', 'sgd']);
    expect(requiredLiterals('\\bpass@(?:1|k)\\b')).toEqual(['pass@1', 'pass@k']);
    expect(requiredLiterals('\\bgradient descent \\(GD\\)')).toEqual(['gradient descent (gd)']);
  });

  it('never requires what an optional, repeated or class part may leave out', () => {
    expect(requiredLiterals('\\boptimi[sz]ers?\\b')).toEqual(['optimi']);
    expect(requiredLiterals('(?:abc)?')).toBeUndefined();
    expect(requiredLiterals('x*')).toBeUndefined();
    expect(requiredLiterals('\\w+|foo')).toBeUndefined(); // one branch requires nothing
    expect(requiredLiterals('(?=.*\\bLLM\\b).*\\btraining')).toEqual(['training']); // lookarounds are skipped
    expect(requiredLiterals('caf\u00e9')).toEqual(['caf']); // non-ASCII letters fold differently: left out
  });

  it('gives up (no filter) on what it cannot read', () => {
    expect(requiredLiterals('(unclosed')).toBeUndefined();
    expect(requiredLiterals('a)b')).toBeUndefined();
  });
});

describe('the literal pre-check never hides a match', () => {
  const topics = parseTopicsFile(JSON.parse(readFileSync('corpus/topics.json', 'utf8')));
  const sources = topics.flatMap((t) => [...t.patterns, ...t.exclude, ...(t.titlePatterns ?? [])]);
  const required = sources.map(requiredLiterals);
  const scanner = new LiteralScanner(required);

  it('passes the regexes one of whose literals occurs, overlapping ones included, and those that require nothing', () => {
    const s = new LiteralScanner([['training stability'], ['training'], ['rl', 'ppo'], ['zzz'], undefined, ['a']]);
    expect([...s.scan('pre-training stability of rl')]).toEqual([1, 1, 1, 0, 1, 1]);
    expect([...s.scan('')]).toEqual([0, 0, 0, 0, 1, 0]);
  });

  it('passes exactly the regexes one of whose literals occurs, by a plain `includes`, on texts of literal pieces, overlaps and other characters', () => {
    const random = prng(29);
    const literals = [...new Set(required.flatMap((r) => r ?? []))];
    const pieces = ['é', '\u2028', ' ', '-', 'ﬁ', '\t', 'a', 'b'];
    for (let n = 0; n < 2000; n++) {
      let text = '';
      while (text.length < 80) {
        const literal = literals[Math.floor(random() * literals.length)] as string;
        // Whole literals, their tails and heads (partial matches that must not count), and characters no literal has.
        text += random() < 0.5 ? literal.slice(Math.floor(random() * 3)) : random() < 0.5 ? literal.slice(0, -1) : (pieces[Math.floor(random() * pieces.length)] as string);
      }
      const expected = required.map((r) => (r === undefined || r.some((l) => text.includes(l)) ? 1 : 0));
      expect([...scanner.scan(text)], text).toEqual(expected);
    }
  });

  it('on texts made of the patterns\' own words in random case, every regex that matches passes the check', () => {
    const random = prng(13);
    const words = [...new Set(required.flatMap((r) => r ?? []).flatMap((l) => l.split(/(\s+)/)))];
    let matched = 0;
    for (let n = 0; n < 400; n++) {
      const text = Array.from({ length: 30 }, () => {
        const w = words[Math.floor(random() * words.length)] as string;
        return random() < 0.5 ? w.toUpperCase() : w;
      }).join(random() < 0.5 ? ' ' : '-');
      const found = scanner.scan(text.toLowerCase());
      sources.forEach((src, i) => {
        if (new RegExp(src, 'i').test(text)) {
          matched++;
          expect(found[i], `/${src}/ on "${text}"`).toBe(1);
        }
      });
    }
    expect(matched).toBeGreaterThan(1000);
  });
});
