// A small hand-rolled SVG chart for BENCHMARKS.md: p99 latency and retained heap against corpus
// size, one line per engine, both axes logarithmic. No charting dependency for two line plots.
import type { EnginesReport } from './engines.js';

const COLORS: Record<string, string> = { paperboy: '#d62728', minisearch: '#1f77b4', flexsearch: '#2ca02c', orama: '#9467bd', lunr: '#ff7f0e' };
const W = 420;
const H = 300;
const PAD = { left: 58, right: 16, top: 34, bottom: 46 };

interface Series {
  engine: string;
  points: Array<[number, number]>;
}

const log10 = Math.log10;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function ticks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(log10(min)); e <= Math.ceil(log10(max)); e++) out.push(10 ** e);
  return out;
}

function panel(title: string, unit: string, series: Series[], dx: number): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter((y) => y > 0);
  const xt = ticks(Math.min(...xs), Math.max(...xs));
  const yt = ticks(Math.min(...ys), Math.max(...ys));
  const [x0, x1] = [log10(xt[0] as number), log10(xt.at(-1) as number)];
  const [y0, y1] = [log10(yt[0] as number), log10(yt.at(-1) as number)];
  const px = (x: number) => dx + PAD.left + ((log10(x) - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right);
  const py = (y: number) => PAD.top + (1 - (log10(Math.max(y, yt[0] as number)) - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [`<text x="${dx + W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(title)}</text>`];
  for (const t of xt) parts.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#ddd"/><text x="${px(t)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${t.toLocaleString('en-US')}</text>`);
  for (const t of yt) parts.push(`<line x1="${dx + PAD.left}" x2="${dx + W - PAD.right}" y1="${py(t)}" y2="${py(t)}" stroke="#ddd"/><text x="${dx + PAD.left - 6}" y="${py(t) + 4}" text-anchor="end">${t}</text>`);
  parts.push(`<text x="${dx + W / 2}" y="${H - 10}" text-anchor="middle">papers (log)</text>`);
  parts.push(`<text transform="translate(${dx + 14},${H / 2}) rotate(-90)" text-anchor="middle">${esc(unit)} (log)</text>`);
  for (const s of series) {
    const color = COLORS[s.engine] ?? '#333';
    const pts = s.points.filter((p) => p[1] > 0);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="${s.engine === 'paperboy' ? 3 : 1.5}" points="${pts.map((p) => `${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) parts.push(`<circle cx="${px(p[0]).toFixed(1)}" cy="${py(p[1]).toFixed(1)}" r="3" fill="${color}"/>`);
  }
  return parts.join('\n');
}

export function renderChart(report: EnginesReport): string {
  const engines = [...new Set(report.corpora.flatMap((c) => c.engines.map((e) => e.engine)))];
  const series = (pick: (e: EnginesReport['corpora'][number]['engines'][number]) => number): Series[] =>
    engines.map((engine) => ({
      engine,
      points: report.corpora.flatMap((c) => {
        const e = c.engines.find((x) => x.engine === engine);
        const y = e ? pick(e) : NaN;
        return Number.isFinite(y) ? [[c.papers, y] as [number, number]] : [];
      }),
    }));
  const legend = engines.map((e, i) => `<rect x="${20 + i * 120}" y="${H + 8}" width="14" height="4" fill="${COLORS[e] ?? '#333'}"/><text x="${40 + i * 120}" y="${H + 14}">${esc(e)}</text>`).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 40}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel('Warm search p99 (top 10)', 'ms', series((e) => e.all.p99), 0),
    panel('Retained memory after build (heap + buffers)', 'MiB', series((e) => e.heapMb), W),
    legend,
    `<text x="${2 * W - 10}" y="${H + 30}" text-anchor="end" fill="#666">${esc(`${report.machine.cores} cores, load ${report.machine.loadBefore[0]?.toFixed(1)} at start; ${report.startedAt.slice(0, 10)}`)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
