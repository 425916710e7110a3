// /stats: the corpus at a glance, with a chart of papers over time per main topic (a PNG rendered on the
// server, attached to the reply). Rendering takes a moment on first use (loading the chart library), so
// the reply is deferred.
import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, type Command } from '../src/command.js';
import type { Context } from '../src/context.js';
import { renderChartPng } from '../src/chart/render.js';
import { chartOption } from '../src/chart/spec.js';
import { statsCard } from '../src/chart/stats-card.js';
import { corpusChartData } from '../src/chart/stats.js';
import type { Corpus } from '../src/corpus/corpus.js';
import { PUBLIC_DESCRIPTION, asMessage, flagSchema } from './_shared.js';

export const data = new SlashCommandBuilder()
  .setName('stats')
  .setDescription('Corpus statistics with a chart of papers over time per topic')
  .addBooleanOption((o) => o.setName('public').setDescription(PUBLIC_DESCRIPTION))
  .toJSON();

const Options = z.object({ public: flagSchema });

/** One chart per corpus revision: the corpus is immutable, so the PNG can be reused until a sync swaps it. */
const cache = new WeakMap<Corpus, Promise<Uint8Array | null>>();

export function corpusChartPng(corpus: Corpus): Promise<Uint8Array | null> {
  let png = cache.get(corpus);
  if (!png) {
    const chart = corpusChartData(corpus);
    png = chart.total === 0 ? Promise.resolve(null) : renderChartPng(chartOption(chart));
    png.catch(() => cache.delete(corpus)); // a failed render is tried again next time
    cache.set(corpus, png);
  }
  return png;
}

export async function execute(ctx: Context, req: { options: Record<string, string | number | boolean> }) {
  const o = parseOptions(Options, req.options);
  const { corpus } = ctx;
  return asMessage(
    statsCard(
      {
        papers: corpus.papers.length,
        withCode: corpus.papers.filter((p) => p.codeLinks.length > 0).length,
        topics: corpus.topics.length,
        chart: corpusChartData(corpus),
        png: await corpusChartPng(corpus),
      },
      { ephemeral: !o.public },
    ),
  );
}

export const statsCommand: Command = {
  data,
  execute,
  defer: (req) => ({ ephemeral: req.options.public !== true }),
};
