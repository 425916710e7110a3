// ChartData -> an ECharts option: the whole look of a chart, as data. Pure, so tests can read what
// will be drawn (labels, stacks, sizes) without rendering.
import type { EChartsOption } from 'echarts';
import { OTHER_TOPICS, type ChartData } from './stats.js';

/** Discord shows attached images up to about 550 px wide in chat; 2x that stays sharp when opened. */
export const CHART_WIDTH = 1100;
export const CHART_HEIGHT = 520;

/** Okabe–Ito (plus Tol's wine): readable for the common kinds of colour blindness; grey for "Other topics". */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#882255', '#F0E442'];
const OTHER_COLOR = '#999999';
const TEXT = '#23272a';
/** The one font the renderer loads (DejaVu Sans, shipped by an npm package): no system fonts involved. */
export const CHART_FONT = 'DejaVu Sans';

/** Room for the legend column: about LEGEND_CHARS characters of 13 px DejaVu Sans plus the colour key. */
const LEGEND_CHARS = 28;
const LEGEND_WIDTH = 340;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export function chartOption(data: ChartData): EChartsOption {
  const many = data.labels.length > 16;
  return {
    animation: false,
    backgroundColor: '#ffffff',
    color: PALETTE,
    textStyle: { fontFamily: CHART_FONT, color: TEXT },
    title: {
      text: data.title,
      subtext: data.subtitle,
      left: 'center',
      top: 12,
      textStyle: { fontSize: 22, fontWeight: 'bold', color: TEXT },
      subtextStyle: { fontSize: 14, color: '#4f545c' },
    },
    // A column on the right, anchored at its left edge: ECharts lays text out by its own width estimate,
    // which long topic names outgrow once drawn in the real font; one name per line cannot collide.
    legend: { orient: 'vertical', left: CHART_WIDTH - LEGEND_WIDTH + 20, top: 'middle', itemGap: 12, textStyle: { fontSize: 13 }, formatter: (name: string) => shorten(name, LEGEND_CHARS) },
    grid: { left: 64, right: LEGEND_WIDTH, top: 96, bottom: many ? 80 : 48 },
    xAxis: {
      type: 'category',
      data: data.labels,
      axisLabel: { fontSize: 12, rotate: many ? 45 : 0, interval: many ? Math.ceil(data.labels.length / 24) - 1 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1, name: 'papers', nameTextStyle: { fontSize: 12 }, axisLabel: { fontSize: 12 } },
    series: data.series.map((s) => ({
      name: s.name, type: 'bar', stack: 'papers', data: s.counts, barMaxWidth: 64,
      ...(s.name === OTHER_TOPICS ? { itemStyle: { color: OTHER_COLOR } } : {}),
    })),
  };
}

/** One line for screen readers and the console: the alt text of the image. */
export function chartAltText(data: ChartData): string {
  const top = data.series
    .map((s) => ({ name: s.name, n: s.counts.reduce((a, b) => a + b, 0) }))
    .slice(0, 3)
    .map((t) => `${t.name} ${t.n}`)
    .join(', ');
  return `${data.title}: ${data.subtitle}.${top ? ` Largest topics: ${top}.` : ''}`.slice(0, 1024);
}
