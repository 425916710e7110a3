import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanCodeUrl, classifyCodeUrl, extractCodeLinks, stripLinkJunk } from '../../src/corpus/links.js';
import { cleanText } from '../../src/corpus/text.js';

const SOURCES = new URL('../../corpus/sources/', import.meta.url);
const A = '000_4b1891fe363cbf60.txt';
const B = '004_d814a5cb22766146.txt';

// Every URL occurrence in the seed captures, by file and line, as it must come out.
const SEED_LINKS: [file: string, line: number, url: string, kind: string][] = [
  [A, 4, 'https://github.com/liuxuannan/Stochastic-Gradient-Aggregation', 'github'],
  [A, 12, 'https://github.com/Tiny-Snow/IR-Benchmark', 'github'],
  [A, 14, 'https://anonymous.4open.science/r/SGBlend-6CBC', 'other'],
  [A, 18, 'https://github.com/yangalan123/FineTuningStability', 'github'],
  [A, 36, 'https://github.com/LucasPrietoAl/grokking-at-the-edge-of-numerical-stability', 'github'],
  [A, 42, 'https://huggingface.co/spaces/anonauthors/SecretLanguage', 'hf-space'],
  [A, 48, 'https://github.com/OPTML-Group/Unlearn-Saliency', 'github'],
  [A, 56, 'https://github.com/MingLiiii/Layer_Gradient', 'github'],
  [A, 72, 'https://github.com/complex-reasoning/RPG', 'github'],
  [A, 74, 'https://github.com/kookhh0827/SNN-MP-Init-TRSG', 'github'],
  [A, 78, 'https://github.com/kaihemo/SDD', 'github'],
  [A, 84, 'https://github.com/changyi7231/BNPO', 'github'],
  [A, 94, 'https://github.com/TianjinYellow/SPAM-Optimizer', 'github'],
  [A, 96, 'https://github.com/Probabilistic-and-Interactive-ML/hyper-rl', 'github'],
  [A, 118, 'https://github.com/OpenNLPLab/ETSC-Exact-Toeplitz-to-SSM-Conversion', 'github'],
  [A, 120, 'https://github.com/2ailesB/neural-parametric-solver', 'github'],
  [A, 132, 'https://github.com/xingy038/Dreamer-XL', 'github'],
  [A, 150, 'https://github.com/rbalestr-lab/lejepa', 'github'],
  [B, 39, 'https://github.com/TianjinYellow/SPAM-Optimizer', 'github'],
  [B, 47, 'https://github.com/au-clan/ReasonBench', 'github'],
  [B, 95, 'https://github.com/ML-GSAI/Understanding-GDA', 'github'],
  [B, 103, 'https://github.com/sIncerass/powernorm', 'github'],
  [B, 119, 'https://github.com/jameszhou-gl/gpt-4v-distribution-shift', 'github'],
  [B, 127, 'https://github.com/zz-haooo/STEER', 'github'],
  [B, 143, 'https://github.com/changyi7231/BNPO', 'github'],
  [B, 199, 'https://github.com/sail-sg/ScaleLong', 'github'],
  [B, 271, 'https://github.com/marsggbo/EAGAN', 'github'],
];

describe('code links in the seed captures', () => {
  it('finds every URL occurrence and cleans each one to the exact repository URL', () => {
    const found: [string, number, string, string][] = [];
    for (const file of [A, B]) {
      readFileSync(new URL(file, SOURCES), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const link of extractCodeLinks(line)) found.push([file, i + 1, link.url, link.kind]);
        });
    }
    expect(found).toEqual(SEED_LINKS);
  });
});

describe('cleanCodeUrl', () => {
  it.each([
    ['sentence full stop', 'https://github.com/kaihemo/SDD.', 'https://github.com/kaihemo/SDD'],
    ['.git suffix', 'https://github.com/TianjinYellow/SPAM-Optimizer.git', 'https://github.com/TianjinYellow/SPAM-Optimizer'],
    ['LaTeX glued on', 'https://github.com/rbalestr-lab/lejepa{GitHub', 'https://github.com/rbalestr-lab/lejepa'],
    ['closing parenthesis and full stop', 'https://github.com/a/b).', 'https://github.com/a/b'],
    ['comma, semicolon and quote', 'https://github.com/a/b";,', 'https://github.com/a/b'],
    ['.git followed by punctuation', 'https://github.com/a/b.git).', 'https://github.com/a/b'],
    ['trailing slash', 'https://github.com/a/b/', 'https://github.com/a/b'],
    ['balanced parentheses in a path', 'https://en.wikipedia.org/wiki/Adam_(optimizer)', 'https://en.wikipedia.org/wiki/Adam_(optimizer)'],
    ['LaTeX escapes inside the URL', 'https://github.com/a/my\\_repo', 'https://github.com/a/my_repo'],
  ])('strips %s', (_name, raw, clean) => {
    expect(cleanCodeUrl(raw)).toBe(clean);
  });

  it.each([
    ['a bare host', 'https://github.com.'],
    ['a paper link, which is not code', 'https://arxiv.org/abs/2501.06842'],
    ['a host without a dot', 'http://localhost/x'],
    ['a URL with a space in it', 'https://github.com/a/b c'],
    ['a URL with a tab in it', 'https://github.com/a/\tb'],
  ])('rejects %s rather than inventing a link', (_name, raw) => {
    expect(cleanCodeUrl(raw)).toBeUndefined();
  });
});

describe('classifyCodeUrl', () => {
  it('tells GitHub, Hugging Face Spaces and everything else apart', () => {
    expect(classifyCodeUrl('https://github.com/a/b')).toBe('github');
    expect(classifyCodeUrl('https://www.github.com/a/b')).toBe('github');
    expect(classifyCodeUrl('https://huggingface.co/spaces/anonauthors/SecretLanguage')).toBe('hf-space');
    expect(classifyCodeUrl('https://huggingface.co/datasets/x/y')).toBe('other');
    expect(classifyCodeUrl('https://anonymous.4open.science/r/SGBlend-6CBC')).toBe('other');
  });
});

describe('extractCodeLinks', () => {
  it('returns nothing for text without links, even when it promises code', () => {
    expect(extractCodeLinks('Source code will be released on GitHub.')).toEqual([]);
  });

  it('finds the URL inside \\url{...} and \\href{...}{...}, where cleanText keeps only the URL or the text', () => {
    const text = 'Code: \\url{https://github.com/a/one}. Demo: \\href{https://huggingface.co/spaces/a/demo}{our demo}; data \\href{https://github.com/a/my\\_data}{here}.';
    expect(extractCodeLinks(text)).toEqual([
      { url: 'https://github.com/a/one', kind: 'github' },
      { url: 'https://huggingface.co/spaces/a/demo', kind: 'hf-space' },
      { url: 'https://github.com/a/my_data', kind: 'github' },
    ]);
    expect(cleanText(text)).toBe('Code: https://github.com/a/one. Demo: our demo; data here.');
  });

  it('lists a repeated URL once, in order of appearance', () => {
    const text = 'See https://github.com/a/one. Mirror: https://github.com/a/two, and again https://github.com/a/one.git';
    expect(extractCodeLinks(text).map((l) => l.url)).toEqual(['https://github.com/a/one', 'https://github.com/a/two']);
  });
});

describe('stripLinkJunk: the abstract keeps its sentence, minus the LaTeX', () => {
  it('drops "{GitHub repo}" (LeJEPA)', () => {
    const raw = 'as a core pillar of AI research (https://github.com/rbalestr-lab/lejepa{GitHub repo}).';
    expect(cleanText(stripLinkJunk(raw))).toBe('as a core pillar of AI research (https://github.com/rbalestr-lab/lejepa).');
  });

  it('turns an unclosed "\\footnote{" into a sentence of its own (STEER)', () => {
    const raw = 'across various mathematical reasoning benchmarks \\footnote{Our code is available at https://github.com/zz-haooo/STEER.';
    expect(cleanText(stripLinkJunk(raw))).toBe(
      'across various mathematical reasoning benchmarks. Our code is available at https://github.com/zz-haooo/STEER.',
    );
  });

  it('drops a closed footnote wrapper too', () => {
    const raw = 'benchmarks.\\footnote{Code: https://github.com/a/b} More text.';
    expect(cleanText(stripLinkJunk(raw))).toBe('benchmarks. Code: https://github.com/a/b More text.');
  });
});
