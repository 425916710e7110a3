// ECharts option -> PNG bytes, with no browser and no native build: ECharts renders SVG on the server
// (its SSR mode: a string, no DOM) and resvg (compiled to WebAssembly) rasterises it with DejaVu Sans
// loaded from the dejavu-fonts-ttf package, so the result is the same on every machine, fonts included.
// Everything is imported on first use: commands that draw nothing never load ECharts (~60 MB on disk).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { EChartsOption } from 'echarts';
import { CHART_FONT, CHART_HEIGHT, CHART_WIDTH } from './spec.js';

const require = createRequire(import.meta.url);

interface Renderer {
  svg(option: EChartsOption, width: number, height: number): string;
  png(svg: string): Uint8Array;
}

let loading: Promise<Renderer> | undefined;

async function load(): Promise<Renderer> {
  const [echarts, resvg, wasm, font] = await Promise.all([
    import('echarts'),
    import('@resvg/resvg-wasm'),
    readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm')),
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
  ]);
  await resvg.initWasm(wasm);
  const fontBuffers = [new Uint8Array(font)];
  return {
    svg(option, width, height) {
      const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
      try {
        chart.setOption(option);
        return chart.renderToSVGString();
      } finally {
        chart.dispose();
      }
    },
    png(svg) {
      const r = new resvg.Resvg(svg, { font: { fontBuffers, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT }, background: '#ffffff' });
      try {
        return r.render().asPng();
      } finally {
        r.free();
      }
    },
  };
}

function renderer(): Promise<Renderer> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined; // a failed load (e.g. a missing package) is retried next time instead of cached
    throw err;
  });
  return loading;
}

export async function renderChartSvg(option: EChartsOption, width = CHART_WIDTH, height = CHART_HEIGHT): Promise<string> {
  return (await renderer()).svg(option, width, height);
}

export async function renderChartPng(option: EChartsOption, width = CHART_WIDTH, height = CHART_HEIGHT): Promise<Uint8Array> {
  const r = await renderer();
  return r.png(r.svg(option, width, height));
}
