// The weekly digest message: a header line, one embed listing the week's best (with HF upvotes, server
// votes and code), and the week's chart attached as a PNG and shown in the same embed. One message, so
// the whole digest is sent (and deduplicated by its nonce) in a single request. Pure.
import { createHash } from 'node:crypto';
import { LIMITS, truncate } from '../cards/limits.js';
import { paperUrl } from '../cards/links.js';
import { mdLink, safeInline } from '../cards/markdown.js';
import { CARD_COLOR } from '../cards/paper-card.js';
import { chartAltText } from '../chart/spec.js';
import type { ChartData } from '../chart/stats.js';
import { payload, type ReplyPayload } from '../reply.js';
import { dayLabel } from './schedule.js';
import type { WeeklyPick } from './weekly-picker.js';

/** Deterministic per (server, run day, channel), 24 chars (Discord allows 25); 'w' keeps it apart from daily nonces. */
export function weeklyNonce(guildId: string, localDate: string, channelId: string): string {
  return `w${createHash('sha256').update(`weekly|${guildId}|${localDate}|${channelId}`).digest('hex').slice(0, 23)}`;
}

export const weekChartFile = (firstDay: string) => `paperboy-week-${firstDay}.png`;

export interface WeeklyMessageInput {
  days: readonly string[];
  picks: readonly WeeklyPick[];
  /** Papers listed that week (in the server's pool), for the header. */
  weekTotal: number;
  topicName: string | null;
  chart: ChartData;
  /** Null when the week has no papers: nothing to draw. */
  png: Uint8Array | null;
}

export function weeklyHeader(days: readonly string[], topicName: string | null, weekTotal: number): string {
  const first = days[0] ?? '';
  const last = days[days.length - 1] ?? '';
  const scope = topicName ? ` · ${safeInline(topicName)}` : '';
  return `🗞️ Weekly digest: ${dayLabel(first)} – ${dayLabel(last)}${scope} · ${weekTotal === 0 ? 'no' : weekTotal} new paper${weekTotal === 1 ? '' : 's'}`;
}

function pickLine(p: WeeklyPick, i: number): string {
  const bits = [
    p.paper.upvotes !== undefined ? `▲ ${p.paper.upvotes} on HF` : '',
    p.votes ? `${p.votes} vote${p.votes === 1 ? '' : 's'} here` : '',
    p.paper.codeLinks.length ? 'code' : '',
  ].filter(Boolean);
  return `**${i + 1}.** ${mdLink(truncate(safeInline(p.paper.title), 180), paperUrl(p.paper))}${bits.length ? `\n  ${bits.join(' · ')}` : ''}`;
}

export function weeklyMessage(m: WeeklyMessageInput): ReplyPayload {
  const file = weekChartFile(m.days[0] ?? 'week');
  const description = m.picks.length
    ? m.picks.map(pickLine).join('\n')
    : 'No new papers were listed this week. The next digest comes next week.';
  return payload({
    content: truncate(weeklyHeader(m.days, m.topicName, m.weekTotal), LIMITS.content),
    embeds: [
      {
        title: m.picks.length ? 'The week’s best' : 'A quiet week',
        description: truncate(description, LIMITS.embedDescription),
        color: CARD_COLOR,
        footer: { text: 'Ranked by this server’s votes, then Hugging Face upvotes.' },
        ...(m.png ? { image: { url: `attachment://${file}` } } : {}),
      },
    ],
    ...(m.png ? { files: [{ name: file, data: m.png, description: truncate(chartAltText(m.chart), 1024) }] } : {}),
  });
}
