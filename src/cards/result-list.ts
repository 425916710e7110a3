// One compact, paginated list of papers for /search, /topic and /similar: numbered entries, Prev/Next
// buttons whose custom_ids carry everything needed to rebuild any page, and a menu that opens a
// result as a full card. One builder, so the three commands look and behave the same.
import { ButtonStyle, ComponentType, type APIButtonComponent, type APISelectMenuOption } from 'discord-api-types/v10';
import type { Paper } from '../corpus/schema.js';
import { encodeCustomId } from '../custom-id.js';
import { payload, type ActionRow, type ReplyPayload } from '../reply.js';
import { checked, LIMITS, truncate } from './limits.js';
import { paperUrl, publishedYear } from './links.js';
import { mdLink, safeInline } from './markdown.js';
import { CARD_COLOR, row, topicNames, type TopicLookup } from './paper-card.js';

export const PAGE_SIZE = 5;
const TITLE_IN_LIST_MAX = 120;

export interface ResultListOptions {
  /** Embed title, already safe (callers escape user text such as the query). */
  title: string;
  /** Safe text shown above the entries: active filters, a topic's description. */
  intro?: string;
  /** Every result, best first; the builder slices the page. */
  papers: readonly Paper[];
  /** 1-based; clamped into range, so stale buttons land on a real page. */
  page?: number;
  pageSize?: number;
  /** custom_id of page n's button; without it the list is a single unpaginated page. */
  pageCustomId?: (page: number) => string;
  /** Safe text shown when there are no results: say what to try instead. */
  empty: string;
  topics: TopicLookup;
  ephemeral?: boolean;
}

export function pageCount(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export function clampPage(page: number, total: number, pageSize = PAGE_SIZE): number {
  return Math.min(Math.max(1, Math.trunc(page) || 1), pageCount(total, pageSize));
}

function entryLine(paper: Paper, rank: number, topics: TopicLookup): string {
  const bits = [
    `**${rank}.** ${mdLink(truncate(safeInline(paper.title), TITLE_IN_LIST_MAX), paperUrl(paper))}`,
    publishedYear(paper),
    topicNames(paper, topics).map(safeInline).join(', '),
    paper.codeLinks.length > 0 ? '💻 code' : undefined,
  ];
  return bits.filter(Boolean).join(' · ');
}

function menuOption(paper: Paper, rank: number, topics: TopicLookup): APISelectMenuOption {
  // Menu labels are plain text (no markdown), so the raw title reads best here.
  const description = [publishedYear(paper), topicNames(paper, topics).join(', ')].filter(Boolean).join(' · ');
  return {
    label: truncate(`${rank}. ${paper.title.replace(/\s+/g, ' ').trim()}`, LIMITS.optionLabel),
    value: paper.id,
    ...(description ? { description: truncate(description, LIMITS.optionDescription) } : {}),
  };
}

function navButton(label: string, customId: string, disabled: boolean): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: customId, disabled };
}

/** A select menu opening one of `papers` as a full card (custom_id "open"; the value is the paper id). */
export function openMenu(papers: readonly Paper[], firstRank: number, topics: TopicLookup): ActionRow {
  const options = papers.slice(0, LIMITS.selectOptions).map((p, i) => menuOption(p, firstRank + i, topics));
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.StringSelect, custom_id: encodeCustomId({ action: 'open' }), placeholder: 'Open a paper as a full card…', options }],
  };
}

export function resultList(opts: ResultListOptions): ReplyPayload {
  const size = opts.pageSize ?? PAGE_SIZE;
  const total = opts.papers.length;
  const ephemeral = { ephemeral: opts.ephemeral ?? false };
  const title = truncate(opts.title, LIMITS.embedTitle);
  if (total === 0) {
    const description = truncate([opts.intro, opts.empty].filter(Boolean).join('\n\n'), LIMITS.embedDescription);
    return checked(payload({ embeds: [{ title, description, color: CARD_COLOR }], components: [] }, ephemeral));
  }
  const pages = pageCount(total, size);
  const page = clampPage(opts.page ?? 1, total, size);
  const first = (page - 1) * size;
  const slice = opts.papers.slice(first, first + size);
  const lines = slice.map((p, i) => entryLine(p, first + i + 1, opts.topics));
  const description = truncate([opts.intro, lines.join('\n')].filter(Boolean).join('\n\n'), LIMITS.embedDescription);
  const counted = `${total} result${total === 1 ? '' : 's'}`;
  const footer = pages > 1 ? `Page ${page}/${pages} · ${counted}` : counted;
  const components: ActionRow[] = [];
  if (opts.pageCustomId && pages > 1) {
    // Disabled buttons still need distinct ids, hence page 0 / pages+1 at the ends.
    components.push(row([navButton('◀ Prev', opts.pageCustomId(page - 1), page <= 1), navButton('Next ▶', opts.pageCustomId(page + 1), page >= pages)]));
  }
  components.push(openMenu(slice, first + 1, opts.topics));
  return checked(payload({ embeds: [{ title, description, color: CARD_COLOR, footer: { text: footer } }], components }, ephemeral));
}
