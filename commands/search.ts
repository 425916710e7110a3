// /search: ranked results as a paginated list. Pages are rebuilt from the custom_id (query and
// filters travel in it), so the query length is capped to what always fits beside the filters.
import { SlashCommandBuilder } from 'discord.js';
import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord-api-types/v10';
import { z } from 'zod';
import { parseOptions, type Command, type CommandRequest, type ComponentHandler } from '../src/command.js';
import type { Context } from '../src/context.js';
import { CUSTOM_ID_MAX, encodeCustomId, fitsCustomId } from '../src/custom-id.js';
import { UserError } from '../src/errors.js';
import type { SearchFilters } from '../src/search/types.js';
import { tokenize } from '../src/search/text.js';
import { hasSearchText, isStructured, parseStructuredQuery, searchText } from '../src/search/query-syntax.js';
import { searchQuery } from '../src/search-query.js';
import { completeQuery } from '../src/query-complete.js';
import { suggestQuery } from '../src/did-you-mean.js';
import type { ReplyPayload } from '../src/reply.js';
import { LIMITS, truncate } from '../src/cards/limits.js';
import { safeInline } from '../src/cards/markdown.js';
import { PAGE_SIZE, resultList } from '../src/cards/result-list.js';
import {
  PUBLIC_DESCRIPTION,
  TOPIC_SLUG_MAX,
  YEAR_MAX,
  YEAR_MIN,
  asMessage,
  asUpdate,
  flagSchema,
  privateCard,
  topicChoices,
  topicSchema,
  yearSchema,
} from './_shared.js';

/** Pages beyond this are not offered (nobody pages past 495 results): it bounds the page digits in the custom_id. */
export const MAX_PAGES = 99;

/** What a person may type: Discord shows the limit in the option. */
export const QUERY_INPUT_MAX = 100;

/**
 * The longest compact query (see compactQuery) whose search-page custom_id fits even with the worst-case
 * page, topic and years. Longer ones page when their actual filters leave room; otherwise they still get
 * page 1 and the open menu, just no Prev/Next.
 */
export const QUERY_MAX =
  CUSTOM_ID_MAX -
  encodeCustomId({
    action: 'search-page',
    page: MAX_PAGES + 1, // Next on the last page points one past it
    query: '',
    filters: { topic: 'x'.repeat(TOPIC_SLUG_MAX), hasCode: true, yearFrom: YEAR_MAX, yearTo: YEAR_MAX },
  }).length;

/** Also what /help shows for /search (help is generated from the command definitions). */
export const SEARCH_DESCRIPTION = 'Search papers by words, "a phrase", -word, author:, org:, topic:, year:, after:, before:, has:code';

/** The query language in full, for per-command help and the README (examples run on the seed corpus). */
export const SEARCH_SYNTAX_HELP = [
  '`words` ranked by relevance; the last word may be unfinished',
  '`"exact phrase"` must appear in the title or abstract',
  '`-word` / `-"a phrase"` leave out papers that mention it',
  '`author:"Tri Dao"` / `author:dao` full or last name, any case or accents',
  '`org:"NewMind AI"` organisation (from a word of its name)',
  '`topic:"deep rl"` topic name or slug',
  '`year:2025` / `year:2023..2025`, `after:2025-06`, `before:2024` publication date',
  '`has:code` (or `-has:code`) papers with a code link',
  'Only filters (`org:"NewMind AI"`) lists those papers, newest first.',
].join('\n');

export const data = new SlashCommandBuilder()
  .setName('search')
  .setDescription(SEARCH_DESCRIPTION)
  .addStringOption((o) =>
    o
      .setName('query')
      .setDescription('Words, "a phrase", -exclude, author:"Tri Dao", org:, topic:, year:2025, after:2025-06, has:code')
      .setRequired(true)
      .setMaxLength(QUERY_INPUT_MAX)
      // Completes author:, org: and topic: values as they are typed; offers nothing for plain words.
      .setAutocomplete(true),
  )
  .addStringOption((o) => o.setName('topic').setDescription('Only papers in this topic').setAutocomplete(true).setMaxLength(100))
  .addBooleanOption((o) => o.setName('has_code').setDescription('Only papers with a code link'))
  .addIntegerOption((o) => o.setName('year_from').setDescription('Published in or after this year').setMinValue(YEAR_MIN).setMaxValue(YEAR_MAX))
  .addIntegerOption((o) => o.setName('year_to').setDescription('Published in or before this year').setMinValue(YEAR_MIN).setMaxValue(YEAR_MAX))
  .addBooleanOption((o) => o.setName('public').setDescription(PUBLIC_DESCRIPTION))
  .toJSON();

function optionsSchema(ctx: Context) {
  return z
    .object({
      query: z
        .string({ error: 'type a few words to search for' })
        .trim()
        .min(1, 'type a few words to search for')
        .max(QUERY_INPUT_MAX, `keep it to ${QUERY_INPUT_MAX} characters`)
        // Only stop words ("the", "of which") would match everything and rank nothing. A query of only
        // filters (author:"Tri Dao") is fine: it lists those papers.
        .refine(searchable, 'those words are too common to search for; add a specific term'),
      topic: topicSchema(ctx.corpus).optional(),
      has_code: flagSchema,
      year_from: yearSchema.optional(),
      year_to: yearSchema.optional(),
      public: flagSchema,
    })
    .refine((o) => o.year_from === undefined || o.year_to === undefined || o.year_from <= o.year_to, {
      message: 'must not be after year_to',
      path: ['year_from'],
    });
}

/** Something to rank by or filter on; invalid syntax passes here and is named by the search itself. */
export function searchable(text: string): boolean {
  const parsed = parseStructuredQuery(text);
  if (parsed.ok && isStructured(parsed.query) && !hasSearchText(parsed.query)) return true;
  const words = parsed.ok && isStructured(parsed.query) ? searchText(parsed.query) : text;
  return !parsed.ok || tokenize(words, { query: true }).some((t) => t.parts.length > 0 || t.compound);
}

export function filtersOf(o: { topic?: string; has_code?: boolean; year_from?: number; year_to?: number }): SearchFilters {
  return {
    ...(o.topic ? { topic: o.topic } : {}),
    ...(o.has_code ? { hasCode: true } : {}),
    ...(o.year_from !== undefined ? { yearFrom: o.year_from } : {}),
    ...(o.year_to !== undefined ? { yearTo: o.year_to } : {}),
  };
}

/** "topic: Reinforcement Learning · with code · 2020–2024", or undefined with no filters. */
function describeFilters(ctx: Context, f: SearchFilters): string | undefined {
  const years = f.yearFrom !== undefined || f.yearTo !== undefined ? `${f.yearFrom ?? '…'}–${f.yearTo ?? '…'}` : undefined;
  const topic = f.topic ? `topic: ${safeInline(ctx.corpus.topicBySlug.get(f.topic)?.name ?? f.topic)}` : undefined;
  const parts = [topic, f.hasCode ? 'with code' : undefined, years].filter(Boolean);
  return parts.length ? `Filters: ${parts.join(' · ')}` : undefined;
}

/** The list for one page of a search; shared by the command and its Prev/Next buttons. */
export function searchPage(ctx: Context, query: string, filters: SearchFilters, page: number, ephemeral: boolean) {
  // Pages re-run the search from their custom_id, which carries the compact form (same results).
  const { hits, carried, listing } = searchQuery(ctx.corpus, ctx.search, query, filters, { limit: MAX_PAGES * PAGE_SIZE });
  const papers = hits.map((h) => h.paper);
  const filtered = describeFilters(ctx, filters);
  const lastPage = Math.ceil(papers.length / PAGE_SIZE) + 1; // Next on the last page points one past it
  const pageable = fitsCustomId({ action: 'search-page', page: lastPage, query: carried, filters });
  const intro = [
    filtered,
    listing && papers.length > 0 ? 'Newest first.' : undefined,
    pageable || papers.length <= PAGE_SIZE ? undefined : 'Showing the first page only: use fewer words to page through all results.',
  ]
    .filter(Boolean)
    .join('\n');
  const suggestion = papers.length === 0 ? suggestQuery(ctx.corpus, ctx.search, query, filters) : undefined;
  const retry = suggestion ? `Did you mean **${safeInline(truncate(suggestion, 100))}**? ` : '';
  const empty =
    retry +
    (filtered
      ? 'No papers match with these filters. Try removing some of them (topic, has_code, years), or use fewer words.'
      : 'No papers match. Try fewer or more general words, a synonym, or browse /topics.');
  const list = resultList({
    title: `Search: “${truncate(safeInline(query), LIMITS.embedTitle - 12)}”`,
    ...(intro ? { intro } : {}),
    papers: pageable ? papers : papers.slice(0, PAGE_SIZE),
    page,
    ...(pageable ? { pageCustomId: (p: number) => encodeCustomId({ action: 'search-page', page: Math.max(0, p), query: carried, filters }) } : {}),
    empty,
    topics: ctx.corpus,
    ephemeral,
  });
  return suggestion ? withRetryButton(list, suggestion, filters) : list;
}

/** A button under "no results" that runs the suggested query (when its page id fits). */
function withRetryButton(list: ReplyPayload, suggestion: string, filters: SearchFilters): ReplyPayload {
  const action = { action: 'search-page' as const, page: 1, query: suggestion, filters };
  if (!fitsCustomId(action)) return list;
  const button: APIButtonComponent = {
    type: ComponentType.Button,
    style: ButtonStyle.Primary,
    label: truncate(`Search “${suggestion}”`, LIMITS.buttonLabel),
    custom_id: encodeCustomId(action),
  };
  return { ...list, components: [...(list.components ?? []), { type: ComponentType.ActionRow, components: [button] }] };
}

export function execute(ctx: Context, req: CommandRequest) {
  const o = parseOptions(optionsSchema(ctx), req.options);
  return asMessage(searchPage(ctx, o.query, filtersOf(o), 1, !o.public));
}

const onPage: ComponentHandler = (ctx, req) => {
  if (req.action.action !== 'search-page') throw new UserError('That button does not belong to a search.');
  const { query, filters, page } = req.action;
  return asUpdate(searchPage(ctx, query, filters, page, false));
};

/** The "open" menu under any paper list (search, topic, similar): the chosen paper as a private card. */
const onOpen: ComponentHandler = (ctx, req) => {
  const id = req.values[0];
  const paper = id ? ctx.corpus.byId.get(id) : undefined;
  if (!paper) throw new UserError('That paper is no longer in the corpus. Run the search again.');
  return privateCard(ctx, paper);
};

export const searchCommand: Command = {
  data,
  execute,
  autocomplete: (ctx, req) =>
    req.focused.name === 'topic' ? topicChoices(ctx.corpus, req.focused.value) : req.focused.name === 'query' ? completeQuery(ctx.corpus, req.focused.value) : [],
  components: { 'search-page': onPage, open: onOpen },
};
