// How long charts take to draw on the real export (8,889 papers): counting, the first render (loading
// ECharts, the WASM and the font) and warm renders, medians of 7. Run: npx tsx scripts/chart-timing.ts
import { performance } from 'node:perf_hooks';
import { renderChartPng } from '../src/chart/render.ts';
import { chartOption } from '../src/chart/spec.ts';
import { corpusChartData, weekBefore, weekChartData } from '../src/chart/stats.ts';
import { realExportCorpus, sharedExportAvailable } from '../test/support/real-export.ts';
if (!sharedExportAvailable()) throw new Error('needs ../shared/data/hf-daily-papers');
const corpus = realExportCorpus();
const t0 = performance.now();
const data = corpusChartData(corpus);
const t1 = performance.now();
const first = await renderChartPng(chartOption(data));
const t2 = performance.now();
const times: number[] = [];
for (let i = 0; i < 7; i++) { const a = performance.now(); await renderChartPng(chartOption(corpusChartData(corpus))); times.push(performance.now() - a); }
times.sort((a, b) => a - b);
const last = corpus.papers.reduce((m, p) => (p.listedAt && p.listedAt > m ? p.listedAt : m), '');
const days = weekBefore(last);
const wk: number[] = [];
let wpng = new Uint8Array();
for (let i = 0; i < 7; i++) { const a = performance.now(); wpng = await renderChartPng(chartOption(weekChartData(corpus, corpus.papers, days))); wk.push(performance.now() - a); }
wk.sort((a, b) => a - b);
console.log(JSON.stringify({ papers: corpus.papers.length, countMs: +(t1 - t0).toFixed(1), coldRenderMs: +(t2 - t1).toFixed(0), warmCorpusMedianMs: +times[3]!.toFixed(0), corpusPngBytes: first.length, weekMedianMs: +wk[3]!.toFixed(0), weekPngBytes: wpng.length, bars: data.labels.length }));
