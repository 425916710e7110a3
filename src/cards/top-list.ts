// /top's leaderboard: numbered papers with this server's votes and Hugging Face upvotes, and a menu that
// opens any of them as a full card (whose Cite button, or ▲ once shared, works from there).
import type { Paper } from '../corpus/schema.js';
import { payload, type ReplyPayload } from '../reply.js';
import { VOTE_MARK } from './card-buttons.js';
import { checked, LIMITS, truncate } from './limits.js';
import { formatDate, paperUrl } from './links.js';
import { mdLink, safeInline } from './markdown.js';
import { CARD_COLOR, type TopicLookup } from './paper-card.js';
import { openMenu } from './result-list.js';

const TITLE_IN_LIST_MAX = 120;

export interface TopListOptions {
  entries: readonly { paper: Paper; votes: number }[];
  /** "this week", "the last 30 days", "all time". */
  periodLabel: string;
  /** Topic name, already resolved from the slug. */
  topicName?: string;
  /** False in a DM: there is no server whose votes could rank, so only HF upvotes do. */
  inServer: boolean;
  /** Safe text for an empty period: what to try instead. */
  empty: string;
  topics: TopicLookup;
  ephemeral: boolean;
}

function entryLine(paper: Paper, votes: number, rank: number, inServer: boolean): string {
  const day = paper.listedAt ?? paper.publishedAt;
  return [
    `**${rank}.** ${mdLink(truncate(safeInline(paper.title), TITLE_IN_LIST_MAX), paperUrl(paper))}`,
    inServer ? `${VOTE_MARK} ${votes} here` : undefined,
    `${paper.upvotes ?? 0} on HF`,
    day ? formatDate(day) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function topList(o: TopListOptions): ReplyPayload {
  const title = truncate(`${VOTE_MARK} Top papers · ${o.periodLabel}${o.topicName ? ` · ${safeInline(o.topicName)}` : ''}`, LIMITS.embedTitle);
  const how = o.inServer
    ? "Ranked by this server's votes, then Hugging Face upvotes. Vote with ▲ on a shared card or a daily pick."
    : 'Votes are counted per server, so in a DM this ranks by Hugging Face upvotes alone.';
  if (o.entries.length === 0) {
    return checked(payload({ embeds: [{ title, description: o.empty, color: CARD_COLOR, footer: { text: how } }], components: [] }, { ephemeral: o.ephemeral }));
  }
  const lines = o.entries.map((e, i) => entryLine(e.paper, e.votes, i + 1, o.inServer));
  const voted = o.entries.filter((e) => e.votes > 0).length;
  const note = o.inServer && voted === 0 ? '\n\nNo votes here yet for these papers, so Hugging Face upvotes decide the order.' : '';
  return checked(
    payload(
      {
        embeds: [{ title, description: truncate(`${lines.join('\n')}${note}`, LIMITS.embedDescription), color: CARD_COLOR, footer: { text: how } }],
        components: [openMenu(o.entries.map((e) => e.paper), 1, o.topics)],
      },
      { ephemeral: o.ephemeral },
    ),
  );
}
