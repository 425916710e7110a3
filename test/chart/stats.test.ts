// What the charts count: papers per period stacked by main topic, each paper once.
import { describe, expect, it } from 'vitest';
import { makeCorpus } from '../../src/corpus/corpus.js';
import { bucketFor, corpusChartData, MAX_TOPIC_SERIES, OTHER_TOPICS, weekBefore, weekChartData } from '../../src/chart/stats.js';
import { chartAltText, chartOption, CHART_HEIGHT, CHART_WIDTH } from '../../src/chart/spec.js';
import { paper } from '../daily/helpers.js';
import { realExportCorpus, sharedExportAvailable } from '../support/real-export.js';

const topic = (slug: string) => ({ slug, name: `Topic ${slug}`, description: '', patterns: [slug], exclude: [] });

describe('the week a digest covers', () => {
  it('is the 7 days before the run day', () => {
    expect(weekBefore('2025-11-26')).toEqual(['2025-11-19', '2025-11-20', '2025-11-21', '2025-11-22', '2025-11-23', '2025-11-24', '2025-11-25']);
    expect(weekBefore('2026-01-02')[0]).toBe('2025-12-26'); // across a year end
  });
});

describe('weekChartData', () => {
  const papers = [
    paper('a', { listedAt: '2025-11-19', topics: ['x', 'y'] }),
    paper('b', { listedAt: '2025-11-19', topics: ['y'] }),
    paper('c', { listedAt: '2025-11-21', topics: ['x'] }),
    paper('d', { publishedAt: '2025-11-25', topics: ['x'] }), // no listing day: its publication day counts
    paper('e', { listedAt: '2025-11-26', topics: ['x'] }), // the run day itself is next week's
    paper('f', { topics: ['x'] }), // undated
  ];
  const corpus = makeCorpus(papers, [topic('x'), topic('y')], 'h');
  const data = weekChartData(corpus, papers, weekBefore('2025-11-26'));

  it('has one bar per day, empty days included, labelled by weekday', () => {
    expect(data.labels).toEqual(['Wed 19', 'Thu 20', 'Fri 21', 'Sat 22', 'Sun 23', 'Mon 24', 'Tue 25']);
  });

  it('counts each paper once, under its main topic, so the stacks add up to the week total', () => {
    expect(data.total).toBe(4);
    expect(data.series).toEqual([
      { name: 'Topic x', counts: [1, 0, 1, 0, 0, 0, 1] },
      { name: 'Topic y', counts: [1, 0, 0, 0, 0, 0, 0] },
    ]);
    expect(data.subtitle).toMatch(/19–25 Nov 2025 · 4 papers/);
  });
});

describe('corpusChartData', () => {
  it('folds topics beyond the palette into "Other topics" and keeps the grand total', () => {
    const slugs = Array.from({ length: MAX_TOPIC_SERIES + 3 }, (_, i) => `t${i}`);
    const papers = slugs.flatMap((s, i) => Array.from({ length: 20 - i }, (_, j) => paper(`${s}-${j}`, { listedAt: '2025-03-0' + (1 + (j % 9)), topics: [s] })));
    const data = corpusChartData(makeCorpus(papers, slugs.map(topic), 'h'));
    expect(data.series).toHaveLength(MAX_TOPIC_SERIES);
    expect(data.series.at(-1)!.name).toBe(OTHER_TOPICS);
    expect(data.series.flatMap((s) => s.counts).reduce((a, b) => a + b, 0)).toBe(papers.length);
    expect(data.total).toBe(papers.length);
  });

  it('says so when no paper has a date', () => {
    const data = corpusChartData(makeCorpus([paper('a')], [topic('vision')], 'h'));
    expect(data).toMatchObject({ total: 0, undated: 1, labels: [] });
  });

  it('picks days, weeks or months so the bars stay readable', () => {
    expect(bucketFor('2025-01-01', '2025-01-31')).toBe('day');
    expect(bucketFor('2025-01-01', '2025-05-01')).toBe('week');
    expect(bucketFor('2024-01-01', '2026-01-01')).toBe('month');
  });

  it.skipIf(!sharedExportAvailable())('on the real export: months from the first to the last listing, every dated paper counted once', () => {
    const corpus = realExportCorpus();
    const data = corpusChartData(corpus);
    expect(data.bucket).toBe('month');
    const dated = corpus.papers.filter((p) => (p.listedAt ?? p.publishedAt) !== undefined).length;
    expect(data.total).toBe(dated);
    expect(data.series.flatMap((s) => s.counts).reduce((a, b) => a + b, 0)).toBe(dated);
    expect(data.labels.length).toBeGreaterThan(12);
    expect(data.labels.length).toBeLessThanOrEqual(48);
  }, 180_000); // building the real corpus takes a while on a loaded machine
});

describe('chartOption', () => {
  const corpus = makeCorpus([paper('a', { listedAt: '2025-11-19', topics: ['x'] })], [topic('x')], 'h');
  const data = weekChartData(corpus, corpus.papers, weekBefore('2025-11-26'));

  it('draws stacked bars with the labels and counts of the data, without animation', () => {
    const option = chartOption(data) as { animation: boolean; xAxis: { data: string[] }; series: { type: string; stack: string; data: number[] }[] };
    expect(option.animation).toBe(false);
    expect(option.xAxis.data).toEqual(data.labels);
    expect(option.series).toEqual([expect.objectContaining({ type: 'bar', stack: 'papers', data: [1, 0, 0, 0, 0, 0, 0] })]);
  });

  it('has alt text naming the chart and its largest topics', () => {
    expect(chartAltText(data)).toMatch(/^Papers this week: .*Largest topics: Topic x 1\.$/);
    expect(CHART_WIDTH).toBeGreaterThan(CHART_HEIGHT);
  });
});
