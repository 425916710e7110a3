import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LiteralScanner, mayMatch, requiredLiterals } from '../../src/corpus/regex-literals.js';
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
  const scanner = new LiteralScanner(required.flatMap((r) => r ?? []));

  it('finds exactly the literals that occur, overlapping ones included', () => {
    const s = new LiteralScanner(['training', 'training stability', 'rl', 'a']);
    expect([...s.scan('pre-training stability of rl')].sort()).toEqual(['a', 'rl', 'training', 'training stability']);
    expect([...s.scan('')]).toEqual([]);
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
          expect(mayMatch(required[i], found), `/${src}/ on "${text}"`).toBe(true);
        }
      });
    }
    expect(matched).toBeGreaterThan(1000);
  });
});
