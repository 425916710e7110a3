// /topics: every topic with its paper count and description in one embed. Descriptions share the
// embed's budget evenly, so a growing topic list shortens them instead of breaking the 4096/6000 limits.
import type { Topic } from '../corpus/schema.js';
import { payload, type ReplyPayload } from '../reply.js';
import { checked, LIMITS, truncate } from './limits.js';
import { safeInline } from './markdown.js';
import { CARD_COLOR } from './paper-card.js';

export interface TopicSummary {
  topic: Topic;
  count: number;
}

const FOOTER = 'Use /topic to browse one, or /search … topic:<slug> to search within it.';

export function topicList(summaries: readonly TopicSummary[], opts: { ephemeral?: boolean } = {}): ReplyPayload {
  const heads = summaries.map(({ topic, count }) => `**${safeInline(topic.name)}** · \`${topic.slug}\` · ${count} paper${count === 1 ? '' : 's'}`);
  const headLength = heads.reduce((n, h) => n + h.length + 1, 0);
  // Room left for descriptions (one line each), keeping a margin for separators.
  const budget = LIMITS.embedDescription - headLength - summaries.length * 2 - 16;
  const perTopic = Math.max(0, Math.floor(budget / Math.max(1, summaries.length)));
  const blocks = summaries.map(({ topic }, i) => {
    const desc = perTopic >= 20 ? `\n${truncate(safeInline(topic.description), perTopic)}` : '';
    return `${heads[i]}${desc}`;
  });
  const description = summaries.length ? truncate(blocks.join('\n\n'), LIMITS.embedDescription) : 'No topics yet: the corpus is empty.';
  return checked(
    payload(
      {
        embeds: [
          {
            title: `Topics (${summaries.length})`,
            description,
            color: CARD_COLOR,
            footer: { text: FOOTER },
          },
        ],
      },
      { ephemeral: opts.ephemeral ?? true },
    ),
  );
}
