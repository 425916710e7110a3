// The /stats reply: the corpus chart as an attached PNG shown in the embed, with the numbers behind it
// as fields (so the facts are there as text too, for screen readers and for clients that hide images).
import { CARD_COLOR } from '../cards/paper-card.js';
import { LIMITS, truncate } from '../cards/limits.js';
import { safeInline } from '../cards/markdown.js';
import { payload, type ReplyFile, type ReplyPayload } from '../reply.js';
import { chartAltText } from './spec.js';
import type { ChartData } from './stats.js';

export const CORPUS_CHART_FILE = 'paperboy-corpus.png';

export interface StatsInfo {
  papers: number;
  withCode: number;
  topics: number;
  chart: ChartData;
  /** The rendered chart; null when there is nothing to draw (no dated papers). */
  png: Uint8Array | null;
}

export function statsCard(info: StatsInfo, opts: { ephemeral: boolean }): ReplyPayload {
  const { chart } = info;
  const largest = chart.series
    .map((s) => ({ name: s.name, n: s.counts.reduce((a, b) => a + b, 0) }))
    .map((t) => `${safeInline(t.name)}: ${t.n}`)
    .join('\n');
  const files: ReplyFile[] = info.png ? [{ name: CORPUS_CHART_FILE, data: info.png, description: truncate(chartAltText(chart), LIMITS.fieldValue) }] : [];
  return payload(
    {
      embeds: [
        {
          title: 'Paperboy corpus statistics',
          description: truncate(info.png ? chart.subtitle : `${chart.subtitle}, so there is no chart to draw.`, LIMITS.embedDescription),
          color: CARD_COLOR,
          fields: [
            { name: 'Papers', value: `${info.papers} (${info.withCode} with code)`, inline: true },
            { name: 'Topics', value: String(info.topics), inline: true },
            ...(largest ? [{ name: 'Papers per main topic', value: truncate(largest, LIMITS.fieldValue), inline: false }] : []),
          ],
          ...(info.png ? { image: { url: `attachment://${CORPUS_CHART_FILE}` } } : {}),
        },
      ],
      files,
    },
    { ephemeral: opts.ephemeral },
  );
}
