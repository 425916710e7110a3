import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseLayoutB, parseListingDate } from '../../src/corpus/ingest/layout-b.js';
import { formatProblem } from '../../src/corpus/problems.js';

const ABSTRACT = 'Large Language Models (LLMs) have demonstrated exceptional performance across diverse tasks, yet their training remains highly resource-intensive and susceptible to critical challenges such as training instability from gradient and loss spikes.';
const HEADER = ['new', '', 'Get trending papers in your email inbox!', '', 'Subscribe', '', 'Daily Papers', '', 'byAK and the research community', '', 'Dec 16', ''];

function paper(title: string, who: string, date: string): string[] {
  return [title, '', ABSTRACT, '', who, '·', date, ''];
}

const parse = (lines: string[]) => parseLayoutB(lines.join('\n'), 'b.txt', { defaultYear: 2025 });

describe('layout B: daily-papers listing', () => {
  it('reads author counts, dates with a year, and cites the title line', () => {
    const { records, problems } = parse([...HEADER, ...paper('Distributional Soft Actor-Critic with Three Refinements', '  • 9 authors', 'Oct 9, 2023')]);
    expect(problems).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      rawTitle: 'Distributional Soft Actor-Critic with Three Refinements',
      rawAbstract: ABSTRACT,
      authorCount: 9,
      publishedAt: '2023-10-09',
      source: { file: 'b.txt', line: 13 },
    });
    expect(records[0]?.upvotes).toBeUndefined();
  });

  it('reads an organisation line as the organisation display name', () => {
    const { records } = parse([...HEADER, ...paper('Parrot: A Sycophancy Robustness Benchmark for LLMs', 'newmindai NewMind AI', 'Nov 21 4')]);
    expect(records[0]).toMatchObject({ organization: 'NewMind AI', publishedAt: '2025-11-21', upvotes: 4 });
    expect(records[0]?.authorCount).toBeUndefined();
  });

  it('puts yearless dates in the capture year, with or without upvotes', () => {
    const { records } = parse([
      ...HEADER,
      ...paper('SimpleTIR: End-to-End Reinforcement Learning', '  • 7 authors', 'Sep 2 2'),
      ...paper('ReasonBENCH: Benchmarking the (In)Stability of LLM Reasoning', '  • 3 authors', 'Dec 8'),
      ...paper('Small-scale proxies for large-scale Transformer training instabilities', '  • 16 authors', 'Sep 25, 2023 2'),
    ]);
    expect(records.map((r) => [r.publishedAt, r.upvotes])).toEqual([
      ['2025-09-02', 2],
      ['2025-12-08', undefined],
      ['2023-09-25', 2],
    ]);
  });

  it('reports a bad date with file:line but keeps the paper', () => {
    const { records, problems } = parse([...HEADER, ...paper('A Paper With a Bad Date', '  • 2 authors', 'Feb 30, 2024')]);
    expect(records).toHaveLength(1);
    expect(records[0]?.publishedAt).toBeUndefined();
    expect(problems.map(formatProblem)).toEqual(['b.txt:19: impossible date "Feb 30, 2024"']);
  });

  it('reports a paper that lost its author/date lines and still parses the next one', () => {
    const lines = [...HEADER, 'Orphan Title Without Metadata', '', ABSTRACT, '', ...paper('BNPO: Beta Normalization Policy Optimization', '  • 3 authors', 'Jun 3')];
    const { records, problems } = parse(lines);
    expect(records.map((r) => r.rawTitle)).toEqual(['Orphan Title Without Metadata', 'BNPO: Beta Normalization Policy Optimization']);
    expect(records[1]).toMatchObject({ authorCount: 3, publishedAt: '2025-06-03' });
    expect(problems.map(formatProblem)).toEqual(['b.txt:13: paper has no author/date lines']);
  });

  it('reports stray text and a metadata block with nothing before it', () => {
    const lines = [...HEADER, ...paper('Good Paper', '  • 1 authors', 'May 21'), 'Stray line', '', '  • 2 authors', '·', 'Jan 3, 2024'];
    const { records, problems } = parse(lines);
    expect(records).toHaveLength(1);
    expect(problems.map(formatProblem)).toEqual([
      'b.txt:21: unrecognised text "Stray line" (skipped)',
      'b.txt:23: author/date lines without a title and abstract (skipped)',
    ]);
  });

  it('reports an unreadable author line and a yearless date when the source declares no year', () => {
    const text = [...HEADER, ...paper('Some Paper', '  • many authors', 'Sep 2')].join('\n');
    const { records, problems } = parseLayoutB(text, 'b.txt');
    expect(records).toHaveLength(1);
    expect(problems.map(formatProblem)).toEqual([
      'b.txt:17: unrecognised author line "• many authors"',
      'b.txt:19: date "Sep 2" has no year and the source declares no default year',
    ]);
  });

  it('parses the whole seed capture: 34 papers, no problems', async () => {
    const text = await readFile(new URL('../../corpus/sources/004_d814a5cb22766146.txt', import.meta.url), 'utf8');
    const { records, problems } = parseLayoutB(text, '004_d814a5cb22766146.txt', { defaultYear: 2025 });
    expect(problems).toEqual([]);
    expect(records).toHaveLength(34);
    expect(records.every((r) => r.publishedAt !== undefined)).toBe(true);
    expect(records.filter((r) => r.organization !== undefined).map((r) => r.organization)).toEqual(['NewMind AI']);
  });
});

describe('parseListingDate', () => {
  it('separates the date from the upvote count', () => {
    expect(parseListingDate('Sep 2 2', 2025)).toEqual({ date: '2025-09-02', upvotes: 2 });
    expect(parseListingDate('Sep 25, 2023 2', 2025)).toEqual({ date: '2023-09-25', upvotes: 2 });
    expect(parseListingDate('Oct 9, 2023', 2025)).toEqual({ date: '2023-10-09' });
    expect(parseListingDate('Jul 27', 2025)).toEqual({ date: '2025-07-27' });
  });

  it('explains what is wrong with an unparseable date', () => {
    expect(parseListingDate('yesterday', 2025)).toBe('unrecognised date "yesterday"');
    expect(parseListingDate('Foo 3, 2024', 2025)).toBe('unknown month in date "Foo 3, 2024"');
  });
});
