// Option parsing and autocomplete shared by several commands (not a command itself: the registry in
// index.ts lists commands explicitly). Schemas that need the corpus are built per call from ctx, so
// "unknown topic" and "unknown paper" come out of parseOptions as the same friendly UserError.
import type { SlashCommandStringOption } from 'discord.js';
import { z } from 'zod';
import type { Choice } from '../src/command.js';
import type { Context } from '../src/context.js';
import type { Corpus } from '../src/corpus/corpus.js';
import type { Paper } from '../src/corpus/schema.js';
import { isUserError } from '../src/errors.js';
import { resolvePaper, resolveTopic } from '../src/lookup.js';
import type { Reply, ReplyPayload } from '../src/reply.js';
import { LIMITS, truncate } from '../src/cards/limits.js';
import { paperCard } from '../src/cards/paper-card.js';

/**
 * Longest topic slug the custom_id budgets allow (search-page ids carry the slug beside the query).
 * A test checks every corpus topic fits; a longer slug would shorten every search query.
 */
export const TOPIC_SLUG_MAX = 32;
export const YEAR_MIN = 1990;
export const YEAR_MAX = 2100;

export const PUBLIC_DESCRIPTION = 'Post the reply in the channel for everyone (default: only you see it)';

export const asMessage = (payload: ReplyPayload): Reply => ({ kind: 'message', payload });
/** Edits cannot change a message's visibility, so an update carries no flags. */
export function asUpdate(payload: ReplyPayload): Reply {
  const { flags: _visibility, ...rest } = payload;
  return { kind: 'update', payload: rest };
}

const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** Zod: a topic slug or name (any case, spacing; a part of the name) that exists in this corpus, parsed to its slug. */
export function topicSchema(corpus: Corpus) {
  return z.string().transform((text, issue) => {
    try {
      return resolveTopic(corpus, text).slug;
    } catch (e) {
      if (!isUserError(e)) throw e;
      issue.addIssue({ code: 'custom', message: e.message });
      return z.NEVER;
    }
  });
}

/** Zod: a paper id or a few title words, parsed to the paper (best search hit for words). */
export function paperSchema(ctx: Context) {
  return z.string().transform((text, issue) => {
    try {
      return resolvePaper(ctx.corpus, ctx.search, text);
    } catch (e) {
      if (!isUserError(e)) throw e;
      issue.addIssue({ code: 'custom', message: `${e.message}. Pick one from the suggestions, or try /search` });
      return z.NEVER;
    }
  });
}

export const yearSchema = z
  .number({ error: 'must be a year such as 2023' })
  .int('must be a whole year such as 2023')
  .min(YEAR_MIN, `must be ${YEAR_MIN} or later`)
  .max(YEAR_MAX, `must be ${YEAR_MAX} or earlier`);

export const flagSchema = z.boolean({ error: 'must be true or false' }).optional();

/** Autocomplete over topics: name or slug matches first, then topics whose description mentions the text. */
export function topicChoices(corpus: Corpus, typed: string): Choice[] {
  const wanted = plain(typed);
  const named = corpus.topics.filter((t) => !wanted || plain(t.name).includes(wanted) || plain(t.slug).includes(wanted));
  // Descriptions match at word starts only: "rl" must not find a topic because its description says "world".
  const described = wanted ? corpus.topics.filter((t) => !named.includes(t) && ` ${plain(t.description)}`.includes(` ${wanted}`)) : [];
  return [...named, ...described]
    .slice(0, LIMITS.autocompleteChoices)
    .map((t) => ({ name: truncate(`${t.name} (${corpus.papersByTopic.get(t.slug)?.length ?? 0})`, LIMITS.choiceName), value: t.slug }));
}

/** "Title · 2310.06825": the id helps tell same-titled papers apart; long slug ids would only crowd the title. */
export function paperChoice(p: Paper): Choice {
  const title = p.title.replace(/\s+/g, ' ').trim();
  const name = p.arxivId && p.id.length <= 20 ? `${truncate(title, LIMITS.choiceName - p.id.length - 3)} · ${p.id}` : truncate(title, LIMITS.choiceName);
  return { name, value: p.id };
}

/**
 * Autocomplete over papers: title-word and id prefixes first (the most upvoted when nothing is typed),
 * then search hits, so words from anywhere in a title or abstract still find the paper.
 */
export function paperChoices(ctx: Context, typed: string): Choice[] {
  const text = typed.trim();
  const prefixed = ctx.search.suggest(text, LIMITS.autocompleteChoices);
  const papers = !text || prefixed.length >= LIMITS.autocompleteChoices ? prefixed : [...new Set([...prefixed, ...ctx.search.search(text, {}, { limit: LIMITS.autocompleteChoices }).map((h) => h.paper)])];
  return papers
    .filter((p) => p.id.length <= LIMITS.choiceValue)
    .slice(0, LIMITS.autocompleteChoices)
    .map(paperChoice);
}

/**
 * The ▲ count a public card posted here starts with: this server's votes for the paper. Undefined (no
 * ▲ button) outside a server, where there are no server votes, and where no state store is open.
 */
export function publicVotes(ctx: Context, guildId: string | null, paper: Paper): number | undefined {
  return guildId && ctx.votes ? ctx.votes.count(guildId, paper, ctx.corpus) : undefined;
}

/** A paper opened from a button or menu: private, with Share. */
export function privateCard(ctx: Context, paper: Paper): Reply {
  return asMessage(paperCard(paper, ctx.corpus, { ephemeral: true }));
}

/** The required `paper` option of /paper and /similar: an id or title words, autocompleted. */
export function paperOption(o: SlashCommandStringOption): SlashCommandStringOption {
  return o.setName('paper').setDescription('Paper id or a few words of its title').setRequired(true).setAutocomplete(true).setMaxLength(200);
}
