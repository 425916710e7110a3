// The renderer's output is a real PNG of the requested size with the text drawn (not blank), made with
// no browser and no system fonts.
import { describe, expect, it } from 'vitest';
import { makeCorpus } from '../../src/corpus/corpus.js';
import { renderChartPng, renderChartSvg } from '../../src/chart/render.js';
import { chartOption } from '../../src/chart/spec.js';
import { weekBefore, weekChartData } from '../../src/chart/stats.js';
import { paper } from '../daily/helpers.js';

const corpus = makeCorpus(
  [paper('a', { listedAt: '2025-11-19', topics: ['x'] }), paper('b', { listedAt: '2025-11-20', topics: ['x'] })],
  [{ slug: 'x', name: 'Topic x', description: '', patterns: ['x'], exclude: [] }],
  'h',
);
const option = chartOption(weekChartData(corpus, corpus.papers, weekBefore('2025-11-26')));

describe('renderChartPng', () => {
  it('returns a PNG of the chart size', async () => {
    const png = Buffer.from(await renderChartPng(option, 400, 240));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([400, 240]);
  }, 60_000);

  it('draws text with the bundled font (without a font, resvg silently draws no text at all)', async () => {
    const blank = { animation: false, backgroundColor: '#fff' };
    const text = Buffer.from(await renderChartPng({ ...blank, title: { text: 'Hello papers' } }, 400, 240));
    const none = Buffer.from(await renderChartPng({ ...blank, title: { text: '' } }, 400, 240));
    expect(text.equals(none)).toBe(false);
  }, 60_000);

  it('renders SVG text for the labels (what the PNG is rasterised from)', async () => {
    const svg = await renderChartSvg(option, 400, 240);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Wed 19');
    expect(svg).toContain('Papers this week');
  }, 60_000);
});
