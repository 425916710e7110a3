import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HfDailyItemSchema, isCanonicalItem, parseHfDaily } from '../../src/corpus/ingest/hf-daily.js';
import { mulberry32 as prng } from '../../src/prng.js';
import { formatProblem } from '../../src/corpus/problems.js';
import { SPAM_EXPORT_FACTS, SPAM_TITLE } from './seed-corpus.js';

const FIXTURE = readFileSync(new URL('../fixtures/hf-daily-sample.json', import.meta.url), 'utf8');

function item(paper: Record<string, unknown>): Record<string, unknown> {
  return { paper: { title: 'A Paper', summary: 'An abstract.', ...paper }, numComments: 0 };
}

describe('Hugging Face daily-papers export', () => {
  const { records, problems } = parseHfDaily(FIXTURE, 'imports/hf-daily-sample.json');

  it('keeps every valid item and reports the malformed one at its line instead of dropping it silently', () => {
    expect(records.map((r) => r.arxivId)).toEqual(['2501.06842', '2512.99901', '2512.99902', '2512.99903', '2512.99904']);
    expect(problems.map(formatProblem)).toEqual([
      'imports/hf-daily-sample.json:214: item 6: paper.upvotes: expected number, received string (skipped)',
    ]);
  });

  it('keeps the arXiv id, authors, date, upvotes, GitHub repo and stars, and keywords', () => {
    expect(records[0]).toMatchObject({
      source: { file: 'imports/hf-daily-sample.json', line: 2 },
      rawTitle: SPAM_TITLE,
      authors: ['Tianjin Huang', 'Ziquan Zhu', 'Gaojie Jin', 'Lu Liu', 'Zhangyang Wang', 'Shiwei Liu'],
      ...SPAM_EXPORT_FACTS,
    });
  });

  it('reads the organisation display name and tolerates null or missing optional fields', () => {
    const explorer = records.find((r) => r.arxivId === '2512.99903');
    expect(explorer).toMatchObject({ organization: 'Example Research', codeLinks: [], keywords: ['RLVR', 'reward hacking', 'GRPO', 'rollouts'] });
    expect(explorer?.githubStars).toBeUndefined();
    const minimal = records.find((r) => r.arxivId === '2512.99904');
    expect(minimal).toMatchObject({ authors: ['Jonas Weber'], keywords: [], codeLinks: [] });
    expect(minimal?.upvotes).toBeUndefined();
  });

  it('reports a missing title by field name', () => {
    const text = JSON.stringify([item({}), { paper: { summary: 'no title here' } }], null, 2);
    const result = parseHfDaily(text, 'x.json');
    expect(result.records).toHaveLength(1);
    expect(result.problems.map((p) => p.message)).toEqual(['item 2: paper.title is missing (skipped)']);
  });

  it('accepts an item without an arXiv id but rejects an id that is not one', () => {
    const result = parseHfDaily(JSON.stringify([item({}), item({ id: 'hep-th/9901001' })]), 'x.json');
    expect(result.records[0]?.arxivId).toBeUndefined();
    expect(result.problems.map((p) => p.message)).toEqual(['item 2: paper.id: expected an arXiv id like 2501.06842 (skipped)']);
  });

  it('keeps a paper whose githubRepo is unusable, and says so', () => {
    const result = parseHfDaily(JSON.stringify([item({ githubRepo: 'not a url' })]), 'x.json');
    expect(result.records[0]?.codeLinks).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual(['paper.githubRepo "not a url" is not a usable URL (ignored)']);
  });

  it('keeps a paper whose date is no real day, without a date, and says so', () => {
    const result = parseHfDaily(JSON.stringify([item({ publishedAt: '2025-13-45T10:00:00.000Z' }), item({ publishedAt: '2025-02-29' })]), 'x.json');
    expect(result.records).toHaveLength(2);
    expect(result.records.map((r) => r.publishedAt)).toEqual([undefined, undefined]);
    expect(result.problems.map((p) => p.message)).toEqual([
      'paper.publishedAt "2025-13-45T10:00:00.000Z" is not a real date (ignored)',
      'paper.publishedAt "2025-02-29" is not a real date (ignored)',
    ]);
  });

  it("falls back to the listing date when the paper's own date is no real day", () => {
    const text = JSON.stringify([{ ...item({ publishedAt: '2024-02-30T00:00:00.000Z' }), publishedAt: '2024-02-29T08:00:00.000Z' }]);
    const result = parseHfDaily(text, 'x.json');
    expect(result.records[0]?.publishedAt).toBe('2024-02-29');
    expect(result.problems.map((p) => p.message)).toEqual(['paper.publishedAt "2024-02-30T00:00:00.000Z" is not a real date (ignored)']);
  });

  it('does not store a githubRepo with whitespace in it, and says so', () => {
    const result = parseHfDaily(JSON.stringify([item({ githubRepo: 'https://github.com/a/b c' })]), 'x.json');
    expect(result.records[0]?.codeLinks).toEqual([]);
    expect(result.problems.map((p) => p.message)).toEqual(['paper.githubRepo "https://github.com/a/b c" is not a usable URL (ignored)']);
  });

  it('joins a githubRepo wrapped by a raw line break (as two real papers have it)', () => {
    const result = parseHfDaily(JSON.stringify([item({ githubRepo: 'https://github.com/\nFightingFighting/NeuroAda.git' })]), 'x.json');
    expect(result.records[0]?.codeLinks).toEqual([{ url: 'https://github.com/FightingFighting/NeuroAda', kind: 'github' }]);
    expect(result.problems).toEqual([]);
  });

  it('keeps only code hosts as code: a project site becomes the project page, a video or dataset nothing', () => {
    const parse = (githubRepo: string, projectPage?: string) => parseHfDaily(JSON.stringify([item({ githubRepo, ...(projectPage ? { projectPage } : {}) })]), 'x.json');
    expect(parse('https://gitlab.com/a/b').records[0]?.codeLinks).toEqual([{ url: 'https://gitlab.com/a/b', kind: 'other' }]);
    const site = parse('https://lab.github.io/proj/').records[0];
    expect([site?.codeLinks, site?.projectPage]).toEqual([[], 'https://lab.github.io/proj']);
    expect(parse('https://lab.github.io/proj', 'https://proj.example.org').records[0]?.projectPage).toBe('https://proj.example.org');
    for (const url of ['https://youtu.be/abc', 'https://huggingface.co/datasets/a/b', 'https://huggingface.co/collections/a/b-123']) {
      const r = parse(url);
      expect([r.records[0]?.codeLinks, r.records[0]?.projectPage, r.problems]).toEqual([[], undefined, []]);
    }
  });

  it('reads a file that starts with a UTF-8 byte-order mark, at the same lines', () => {
    const result = parseHfDaily(`\uFEFF${FIXTURE}`, 'imports/hf-daily-sample.json');
    expect(result.records.map((r) => [r.arxivId, r.source.line])).toEqual(records.map((r) => [r.arxivId, r.source.line]));
    expect(result.problems).toEqual(problems);
  });

  it('finds each item\'s line past strings holding quotes, backslashes, brackets and commas', () => {
    const tricky = (id: string, title: string) => item({ id, title, summary: 'a "quoted" [x], {y} \\ and \\"' });
    const text = ['[', JSON.stringify(tricky('2501.00001', 'Ends in a backslash \\')), ',', '', JSON.stringify(tricky('2501.00002', 'Ends in a quote "')), ',  ' + JSON.stringify(tricky('2501.00003', '[, {')), ']'].join('\n');
    expect(parseHfDaily(text, 'x.json').records.map((r) => [r.arxivId, r.source.line])).toEqual([
      ['2501.00001', 2],
      ['2501.00002', 5],
      ['2501.00003', 6],
    ]);
  });

  it('drops the version from a versioned arXiv id', () => {
    const result = parseHfDaily(JSON.stringify([item({ id: '2501.06842v2' })]), 'x.json');
    expect(result.records[0]?.arxivId).toBe('2501.06842');
  });

  it('rejects text that is not JSON, naming the line where the parser stopped', () => {
    // A truncated download: the array never closes.
    const result = parseHfDaily('[\n  {"paper": {"title": "A"}},\n  {"paper": {"title": "B"}}\n', 'x.json');
    expect(result.records).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.line).toBe(4);
    expect(result.problems[0]?.message).toMatch(/^not valid JSON: /);
  });

  it('rejects JSON that is not an array of items', () => {
    const result = parseHfDaily('{"papers": []}', 'x.json');
    expect(result.problems.map(formatProblem)).toEqual(['x.json:1: expected a JSON array of daily-paper items']);
  });
});

describe('items used without a zod copy (isCanonicalItem)', () => {
  /** `raw` cut down to the keys `data` has, recursively: what a reader of the named fields sees. */
  function project(data: unknown, raw: unknown): unknown {
    if (Array.isArray(data)) return Array.isArray(raw) ? data.map((d, i) => project(d, raw[i])) : raw;
    if (typeof data === 'object' && data !== null && typeof raw === 'object' && raw !== null) {
      return Object.fromEntries(Object.keys(data).map((k) => [k, project((data as Record<string, unknown>)[k], (raw as Record<string, unknown>)[k])]));
    }
    return raw;
  }
  const real = ['2024', '2025', '2026'].flatMap((y) => {
    try {
      return JSON.parse(readFileSync(new URL(`../../../shared/data/hf-daily-papers/export-${y}.json`, import.meta.url), 'utf8')) as unknown[];
    } catch {
      return [];
    }
  });
  const fixture = JSON.parse(FIXTURE) as unknown[];
  const base = [...fixture, ...real.slice(0, 3000)];
  const odd: unknown[] = [undefined, null, '', ' x', 'x ', 'x', '2501.06842', '2025-01-01T00:00:00Z', 'nope', 0, -0, -1, 1.5, 2 ** 53, 7, true, [], ['a'], [1], {}, { name: ' A' }, { name: 'A' }, [{ name: 'A' }], [{ name: '' }], [{}]];
  const paperKeys = ['id', 'title', 'summary', 'authors', 'publishedAt', 'upvotes', 'githubRepo', 'githubStars', 'ai_keywords', 'organization', 'ai_summary', 'projectPage'];
  const itemKeys = ['publishedAt', 'title', 'numComments', 'paper'];

  it('accepts only what the schema accepts, with the same value in every field it keeps', () => {
    const random = prng(41);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    let accepted = 0;
    let rejected = 0;
    const check = (value: unknown) => {
      const parsed = HfDailyItemSchema.safeParse(value);
      if (isCanonicalItem(value)) {
        accepted++;
        expect(parsed.success, JSON.stringify(value)).toBe(true);
        if (parsed.success) expect(project(parsed.data, value), JSON.stringify(value)).toEqual(parsed.data);
      } else rejected++;
    };
    for (const item of base) check(item);
    for (let n = 0; n < 20000; n++) {
      const item = structuredClone(pick(base)) as Record<string, unknown>;
      const paper = item.paper as Record<string, unknown>;
      for (let k = 1 + Math.floor(random() * 2); k > 0; k--) {
        if (random() < 0.8) {
          const key = pick(paperKeys);
          if (random() < 0.15) delete paper[key];
          else paper[key] = structuredClone(pick(odd));
        } else {
          const key = pick(itemKeys);
          if (random() < 0.2) delete item[key];
          else item[key] = structuredClone(pick(odd));
        }
      }
      check(item);
    }
    expect(accepted).toBeGreaterThan(base.length / 2);
    expect(rejected).toBeGreaterThan(10000);
  });

  it('gives the same records through either path: real items, and the same items with a title zod must trim', () => {
    const sample = (real.length > 0 ? real.filter((_v, i) => i % 3 === 0) : fixture) as { paper: { title: string } }[];
    const valid = sample.filter((v) => HfDailyItemSchema.safeParse(v).success);
    expect(valid.length).toBeGreaterThan(0);
    expect(valid.every(isCanonicalItem)).toBe(true); // the real feed takes the path without a copy
    const untrimmed = valid.map((v) => ({ ...v, paper: { ...v.paper, title: ` ${v.paper.title} ` } }));
    expect(untrimmed.some(isCanonicalItem)).toBe(false);
    const fast = parseHfDaily(JSON.stringify(valid, null, 1), 'x.json');
    const viaZod = parseHfDaily(JSON.stringify(untrimmed, null, 1), 'x.json');
    expect(fast).toEqual(viaZod);
    expect(fast.records).toHaveLength(valid.length);
  });
});
