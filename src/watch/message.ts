// The one message a watch posts for a sync: a header naming the watch, the best new papers as full
// cards (as many as fit Discord's limits, at most CARDS_MAX), a menu opening any of them as a private
// card with its link buttons, "and k more" opening the whole list privately, and (in a server channel)
// one row per card with its Cite and ▲ buttons, numbered to match the cards. Pure.
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { Paper } from '../corpus/schema.js';
import { encodeCustomId } from '../custom-id.js';
import { payload, type ActionRow, type ReplyPayload } from '../reply.js';
import { checked, LIMITS, payloadLimitViolations, truncate } from '../cards/limits.js';
import { safeInline } from '../cards/markdown.js';
import { paperEmbed, row, type TopicLookup } from '../cards/paper-card.js';
import { openMenu } from '../cards/result-list.js';
import { citeButton, voteButton } from '../cards/card-buttons.js';
import type { Watch } from './types.js';

/** Full cards per message: three cards of long abstracts already come near the 6,000-character embed total. */
export const CARDS_MAX = 3;
const QUERY_SHOWN = 80;

export function watchHeader(watch: Pick<Watch, 'kind' | 'query'>, total: number): string {
  const what = `${total} new paper${total === 1 ? '' : 's'}`;
  const query = `“${truncate(safeInline(watch.query), QUERY_SHOWN)}”`;
  return watch.kind === 'dm' ? `🔔 Your watch ${query}: ${what} from the latest sync.` : `🔔 Watch ${query}: ${what} from the latest sync.`;
}

/**
 * The delivery message for `papers` (best first, all new for this watch). `revision` identifies the
 * delivery, so the "and k more" button can list it later, on any shard, after restarts.
 */
/**
 * `votes` gives this server's ▲ count of a paper; pass it only for a channel watch (a DM has no server
 * to count votes in, so DM deliveries carry no ▲).
 */
export function watchMessage(
  watch: Pick<Watch, 'id' | 'kind' | 'query'>,
  revision: number,
  papers: readonly Paper[],
  topics: TopicLookup,
  votes?: (paper: Paper) => number,
): ReplyPayload {
  const content = watchHeader(watch, papers.length);
  const build = (shown: readonly Paper[]): ReplyPayload => {
    const rest = papers.length - shown.length;
    const components: ActionRow[] = [];
    if (shown.length > 0) components.push(openMenu(shown, 1, topics));
    if (rest > 0) {
      components.push(
        row([
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: truncate(`…and ${rest} more`, LIMITS.buttonLabel),
            // Page 0: open the list privately (the list's own Prev/Next use pages from 1 and edit it).
            custom_id: encodeCustomId({ action: 'watch-more', watchId: watch.id, revision, page: 0 }),
          },
        ]),
      );
    }
    // Per card, in card order: "Cite 1" beside its ▲ says which card the row belongs to. Within
    // Discord's 5 rows: menu + more + at most CARDS_MAX (3) card rows.
    shown.forEach((paper, i) => {
      const cite = citeButton(paper).map((b) => ({ ...b, label: `Cite ${i + 1}` }));
      const buttons = [...cite, ...(votes ? voteButton(paper, votes(paper)) : [])];
      if (buttons.length > 0) components.push(row(buttons));
    });
    return payload({ content, embeds: shown.map((p) => paperEmbed(p, topics)), components });
  };
  let shown: Paper[] = [];
  for (const paper of papers.slice(0, CARDS_MAX)) {
    const next = [...shown, paper];
    if (payloadLimitViolations(build(next)).length > 0) break;
    shown = next;
  }
  return checked(build(shown));
}
