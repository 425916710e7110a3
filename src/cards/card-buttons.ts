// The action buttons a paper card carries besides its links: Cite on every card, and on public cards in
// a server the ▲ vote button with that server's count. Pure: other posters (daily picks, watch digests)
// call publicCardButtons, and a vote press relabels a message's buttons with withVoteCounts.
import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord-api-types/v10';
import type { Paper } from '../corpus/schema.js';
import { decodeCustomId, encodeCustomId, fitsCustomId, type ComponentAction } from '../custom-id.js';
import type { ActionRow } from '../reply.js';

export const VOTE_MARK = '▲';

/** "▲ 3": the count is this server's votes (the card's Upvotes field says "on Hugging Face" for HF's). */
export function voteLabel(count: number): string {
  return `${VOTE_MARK} ${count}`;
}

/** A button for a paper action, or none if the id could not fit a custom_id (never crash a card over it). */
function actionButton(action: ComponentAction, label: string, style: ButtonStyle.Primary | ButtonStyle.Secondary): APIButtonComponent[] {
  if (!fitsCustomId(action)) return [];
  return [{ type: ComponentType.Button, style, label, custom_id: encodeCustomId(action) }];
}

/** Share: posts a private card for the channel. */
export function shareButton(paper: Paper): APIButtonComponent[] {
  return actionButton({ action: 'share', paperId: paper.id }, 'Share', ButtonStyle.Primary);
}

export function citeButton(paper: Paper): APIButtonComponent[] {
  return actionButton({ action: 'cite', paperId: paper.id }, 'Cite', ButtonStyle.Secondary);
}

export function voteButton(paper: Paper, count: number): APIButtonComponent[] {
  return actionButton({ action: 'vote', paperId: paper.id }, voteLabel(count), ButtonStyle.Secondary);
}

/**
 * The buttons of a public card: Cite, and ▲ with the server's count when `votes` is given. Pass
 * `votes` only for a message in a server channel (votes are per server; a DM has none to count).
 */
export function publicCardButtons(paper: Paper, votes?: number): APIButtonComponent[] {
  return [...citeButton(paper), ...(votes === undefined ? [] : voteButton(paper, votes))];
}

function votedPaperId(component: { type: number; custom_id?: string }): string | undefined {
  if (component.type !== ComponentType.Button || !component.custom_id) return undefined;
  const action = decodeCustomId(component.custom_id);
  return action?.action === 'vote' ? action.paperId : undefined;
}

/** The paper ids of every ▲ button on a message, in order (a digest can carry several). */
export function votedPapers(rows: readonly ActionRow[]): string[] {
  return rows.flatMap((r) => r.components.flatMap((c) => votedPaperId(c) ?? []));
}

/** The message's rows with every ▲ label set to `count(paperId)`; everything else is left as it was. */
export function withVoteCounts(rows: readonly ActionRow[], count: (paperId: string) => number): ActionRow[] {
  return rows.map((r) => ({
    ...r,
    components: r.components.map((c) => {
      const paperId = votedPaperId(c);
      return paperId === undefined ? c : { ...c, label: voteLabel(count(paperId)) };
    }),
  })) as ActionRow[];
}
