// /topic: one topic's papers, newest first, paginated with stateless topic-page buttons.
import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, type Command, type ComponentHandler } from '../src/command.js';
import type { Context } from '../src/context.js';
import type { Paper } from '../src/corpus/schema.js';
import { encodeCustomId } from '../src/custom-id.js';
import { UserError } from '../src/errors.js';
import type { ReplyPayload } from '../src/reply.js';
import { truncate } from '../src/cards/limits.js';
import { safeInline } from '../src/cards/markdown.js';
import { resultList } from '../src/cards/result-list.js';
import { PUBLIC_DESCRIPTION, asMessage, asUpdate, flagSchema, topicChoices, topicSchema } from './_shared.js';

export const data = new SlashCommandBuilder()
  .setName('topic')
  .setDescription("Browse one topic's papers, newest first")
  .addStringOption((o) => o.setName('topic').setDescription('The topic (see /topics)').setRequired(true).setAutocomplete(true).setMaxLength(100))
  .addBooleanOption((o) => o.setName('public').setDescription(PUBLIC_DESCRIPTION))
  .toJSON();

const schema = (ctx: Context) => z.object({ topic: topicSchema(ctx.corpus), public: flagSchema });

/** Newest first; undated papers last; ties by upvotes, then id, so pages never shuffle between clicks. */
export function byRecency(a: Paper, b: Paper): number {
  return (
    (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || (b.upvotes ?? 0) - (a.upvotes ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function topicPage(ctx: Context, slug: string, page: number, ephemeral: boolean): ReplyPayload {
  const topic = ctx.corpus.topicBySlug.get(slug);
  if (!topic) throw new UserError('That topic no longer exists. See /topics.');
  const papers = [...(ctx.corpus.papersByTopic.get(slug) ?? [])].sort(byRecency);
  return resultList({
    title: `Topic: ${truncate(safeInline(topic.name), 200)}`,
    intro: truncate(safeInline(topic.description), 400),
    papers,
    page,
    pageCustomId: (p) => encodeCustomId({ action: 'topic-page', slug, page: Math.max(0, p) }),
    empty: 'No papers in this topic yet.',
    topics: ctx.corpus,
    ephemeral,
  });
}

const onPage: ComponentHandler = (ctx, req) => {
  if (req.action.action !== 'topic-page') throw new UserError('That button does not belong to a topic list.');
  return asUpdate(topicPage(ctx, req.action.slug, req.action.page, false));
};

export const topicCommand: Command = {
  data,
  execute(ctx, req) {
    const o = parseOptions(schema(ctx), req.options);
    return asMessage(topicPage(ctx, o.topic, 1, !o.public));
  },
  autocomplete: (ctx, req) => (req.focused.name === 'topic' ? topicChoices(ctx.corpus, req.focused.value) : []),
  components: { 'topic-page': onPage },
};
