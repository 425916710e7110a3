import { describe, expect, it } from 'vitest';
import { mergeRecords } from '../../src/corpus/merge.js';
import { compileTopics } from '../../src/corpus/topics.js';
import type { RawRecord } from '../../src/corpus/ingest/record.js';
import { emptyRecord } from '../../src/corpus/ingest/record.js';

const ABSTRACT = 'We study gradient spikes in large language model training and propose a fix.';
const topics = compileTopics([{ slug: 'optimizers', name: 'Optimizers', description: 'x', patterns: ['\\bspikes?\\b'], exclude: [] }]);

function record(file: string, line: number, title: string, facts: Partial<RawRecord> = {}): RawRecord {
  return { ...emptyRecord({ file, line }, title, ABSTRACT), ...facts };
}

describe('mergeRecords', () => {
  it('merges records whose titles differ only in case and punctuation, keeping the union of facts', () => {
    const { papers, mergedRecords } = mergeRecords(
      [
        record('b.txt', 37, 'SPAM: Spike-Aware Adam', { authorCount: 6, publishedAt: '2025-01-12', upvotes: 2 }),
        record('a.txt', 93, 'SPAM - spike-aware ADAM', {
          rawAbstract: `${ABSTRACT} Code is available at https://github.com/x/spam.git`,
          upvotes: 1,
          publishedAt: '2025-02-01',
        }),
      ],
      topics,
    );
    expect(mergedRecords).toBe(1);
    expect(papers).toHaveLength(1);
    expect(papers[0]).toMatchObject({
      id: 'spam-spike-aware-adam',
      title: 'SPAM: Spike-Aware Adam',
      authorCount: 6,
      publishedAt: '2025-01-12',
      upvotes: 2,
      abstract: `${ABSTRACT} Code is available at https://github.com/x/spam.git`,
      codeLinks: [{ url: 'https://github.com/x/spam', kind: 'github' }],
      topics: ['optimizers'],
      sources: [
        { file: 'a.txt', line: 93 },
        { file: 'b.txt', line: 37 },
      ],
    });
  });

  it('gives a title-only record the arXiv id of the record it merges with', () => {
    const { papers } = mergeRecords(
      [
        record('a.txt', 1, 'SPAM: Spike-Aware Adam'),
        record('imports/hf.json', 2, 'SPAM: Spike-Aware Adam', { arxivId: '2501.06842', authors: ['A', 'B'], authorCount: 2, githubStars: 5 }),
      ],
      topics,
    );
    expect(papers).toHaveLength(1);
    expect(papers[0]).toMatchObject({ id: '2501.06842', arxivId: '2501.06842', authors: ['A', 'B'], authorCount: 2, githubStars: 5 });
  });

  it('merges by arXiv id even when the titles were revised', () => {
    const { papers } = mergeRecords(
      [record('a.json', 1, 'Old Title', { arxivId: '2401.00001' }), record('b.json', 1, 'New Title', { arxivId: '2401.00001' })],
      topics,
    );
    expect(papers.map((p) => [p.id, p.title, p.sources.length])).toEqual([['2401.00001', 'Old Title', 2]]);
  });

  it('keeps papers apart when equal titles carry different arXiv ids, and says so', () => {
    const { papers, problems } = mergeRecords(
      [record('a.json', 1, 'Same Title', { arxivId: '2401.00001' }), record('b.json', 4, 'Same Title', { arxivId: '2401.00002' })],
      topics,
    );
    expect(papers.map((p) => p.id)).toEqual(['2401.00001', '2401.00002']);
    expect(problems).toEqual([{ file: 'b.json', line: 4, message: 'same title as a.json:1 but a different arXiv id; kept apart' }]);
  });

  describe('ids stay put as the corpus grows', () => {
    const long = 'A Very Long Title About Gradient Clipping That Keeps Going Well Past The Slug Limit';
    const base = 'a-very-long-title-about-gradient-clipping-that-keeps-going-well';
    const idsByTitle = (records: RawRecord[]) => Object.fromEntries(mergeRecords(records, topics).papers.map((p) => [p.title, p.id]));

    it('gives a shared truncated slug to the paper that appeared first, and -2, -3 to later ones', () => {
      const ids = idsByTitle([record('a.txt', 1, `${long} Part Two`), record('a.txt', 3, `${long} Part One`), record('b.txt', 1, `${long} Part Zero`)]);
      expect(ids).toEqual({ [`${long} Part Two`]: base, [`${long} Part One`]: `${base}-2`, [`${long} Part Zero`]: `${base}-3` });
    });

    it('does not hand an existing id to a newly imported paper whose title sorts first', () => {
      const seed = [record('a.txt', 1, `${long} Part Two`)];
      const before = idsByTitle(seed);
      const after = idsByTitle([...seed, record('imports/new.json', 2, `${long} Part One`)]);
      expect(before).toEqual({ [`${long} Part Two`]: base });
      expect(after).toEqual({ [`${long} Part Two`]: base, [`${long} Part One`]: `${base}-2` });
    });

    it("keeps a paper's old slug reserved once an import gives it an arXiv id, so a later paper cannot take it", () => {
      const ids = idsByTitle([
        record('a.txt', 1, `${long} Part Two`),
        record('imports/one.json', 2, `${long} Part Two`, { arxivId: '2501.00001' }),
        record('imports/two.json', 2, `${long} Part One`),
      ]);
      expect(ids).toEqual({ [`${long} Part Two`]: '2501.00001', [`${long} Part One`]: `${base}-2` });
    });
  });

  it('reports a record whose title is empty once cleaned', () => {
    const { papers, problems } = mergeRecords([record('a.txt', 7, '$$ {} $$')], topics);
    expect(papers).toEqual([]);
    expect(problems).toEqual([{ file: 'a.txt', line: 7, message: 'title "$$ {} $$" is empty after cleanup (skipped)' }]);
  });

  it('keeps titles in other scripts (CJK, Cyrillic, Greek), with stable ASCII ids, instead of dropping them', () => {
    const titles = ['大语言模型的推理能力研究', '大语言模型的训练稳定性', 'Обучение нейронных сетей', '강화 학습', 'Μάθηση μηχανής'];
    const first = mergeRecords(titles.map((t, i) => record('cjk.json', i + 1, t)), topics);
    expect(first.problems).toEqual([]);
    expect(first.papers.map((p) => p.title).sort()).toEqual([...titles].sort());
    for (const p of first.papers) expect(p.id).toMatch(/^t-[0-9a-f]{12}$/);
    expect(new Set(first.papers.map((p) => p.id)).size).toBe(titles.length); // distinct titles never merge
    // The same titles imported again (another order, another file) keep their ids.
    const again = mergeRecords([...titles].reverse().map((t, i) => record('later.json', i + 1, t)), topics);
    const idOf = (r: typeof first, t: string) => r.papers.find((p) => p.title === t)?.id;
    for (const t of titles) expect(idOf(again, t)).toBe(idOf(first, t));
  });

  it('merges two captures of one CJK title, and keeps mixed titles on their Latin slug', () => {
    const { papers } = mergeRecords([record('a.json', 1, '大语言模型的推理'), record('b.json', 1, '大语言模型的推理 '), record('c.json', 1, 'LLM 推理: 综述')], topics);
    expect(papers).toHaveLength(2);
    expect(papers.find((p) => p.title === 'LLM 推理: 综述')?.id).toBe('llm');
    expect(papers.find((p) => p.title === '大语言模型的推理')).toMatchObject({ id: expect.stringMatching(/^t-/), sources: [expect.anything(), expect.anything()] });
  });

  it('sorts papers by id and files unmatched ones under "other"', () => {
    const { papers } = mergeRecords([record('a.txt', 1, 'Zeta'), record('a.txt', 3, 'Alpha', { rawAbstract: 'Nothing relevant.' })], topics);
    expect(papers.map((p) => [p.id, p.topics])).toEqual([
      ['alpha', ['other']],
      ['zeta', ['other']],
    ]);
  });
});
