// /top: the papers this server voted for, and the ▲ button that votes. A press toggles the presser's vote
// (one per user per paper per server) and updates the count in place on the message it was pressed on.
import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, type Command, type ComponentHandler, type MessageSnapshot } from '../src/command.js';
import type { Context } from '../src/context.js';
import { UserError } from '../src/errors.js';
import { payload } from '../src/reply.js';
import { votedPapers, withVoteCounts } from '../src/cards/card-buttons.js';
import { topList } from '../src/cards/top-list.js';
import type { Shown } from '../src/votes/settle.js';
import { rankTop, TOP_PERIODS, type TopPeriod } from '../src/votes/top.js';
import { asMessage, flagSchema, PUBLIC_DESCRIPTION, topicChoices, topicSchema } from './_shared.js';

/** One embed's worth: ten lines read at a glance, and the menu opens any of them. */
export const TOP_LIMIT = 10;

const PERIOD_LABELS: Record<TopPeriod, string> = { week: 'the last 7 days', month: 'the last 30 days', all: 'all time' };

export const data = new SlashCommandBuilder()
  .setName('top')
  .setDescription("The papers this server voted for most (▲ on shared cards), then Hugging Face's upvotes")
  .addStringOption((o) =>
    o
      .setName('period')
      .setDescription('Papers listed in the last 7 days (default), 30 days, or all time')
      .addChoices({ name: 'week', value: 'week' }, { name: 'month', value: 'month' }, { name: 'all', value: 'all' }),
  )
  .addStringOption((o) => o.setName('topic').setDescription('Only papers in this topic').setAutocomplete(true).setMaxLength(100))
  .addBooleanOption((o) => o.setName('public').setDescription(PUBLIC_DESCRIPTION))
  .toJSON();

const schema = (ctx: Context) =>
  z.object({
    period: z.enum(TOP_PERIODS, { error: 'must be week, month or all' }).default('week'),
    topic: topicSchema(ctx.corpus).optional(),
    public: flagSchema,
  });

export function execute(ctx: Context, req: Parameters<Command['execute']>[1]) {
  const o = parseOptions(schema(ctx), req.options);
  const pool = o.topic ? (ctx.corpus.papersByTopic.get(o.topic) ?? []) : ctx.corpus.papers;
  const votes = req.guildId && ctx.votes ? ctx.votes.tally(req.guildId, ctx.corpus) : new Map<string, number>();
  const entries = rankTop(pool, votes, { period: o.period, now: ctx.now(), limit: TOP_LIMIT });
  const where = o.topic ? ' in this topic' : '';
  const wider = o.period === 'week' ? 'Try `period:month` or `period:all`.' : o.period === 'month' ? 'Try `period:all`.' : 'Try another topic.';
  return asMessage(
    topList({
      entries,
      periodLabel: PERIOD_LABELS[o.period],
      ...(o.topic ? { topicName: ctx.corpus.topicBySlug.get(o.topic)?.name ?? o.topic } : {}),
      inServer: req.guildId !== null,
      empty: `No papers${where} were listed in ${PERIOD_LABELS[o.period]}. ${wider}`,
      topics: ctx.corpus,
      ephemeral: !o.public,
    }),
  );
}

/** The message with every ▲ relabelled from the counts as they are now; the key names those counts. */
function shownWithCounts(ctx: Context, guildId: string, message: MessageSnapshot): Shown {
  const votes = ctx.votes!;
  const counts = new Map<string, number>();
  for (const id of votedPapers(message.components)) {
    const paper = ctx.corpus.byId.get(id);
    counts.set(id, paper ? votes.count(guildId, paper, ctx.corpus) : 0);
  }
  const components = withVoteCounts(message.components, (id) => counts.get(id) ?? 0);
  return {
    key: [...counts].map(([id, n]) => `${id}=${n}`).join(','),
    payload: payload({ ...(message.content ? { content: message.content } : {}), embeds: message.embeds, components }),
  };
}

const onVote: ComponentHandler = (ctx, req) => {
  if (req.action.action !== 'vote') throw new UserError('That button does not vote.');
  const guildId = req.guildId;
  if (!guildId) throw new UserError('Votes are counted per server, so there is nothing to vote on in a DM.');
  if (!ctx.votes) throw new UserError('Voting needs the state database, which is not open here.');
  const paper = ctx.corpus.byId.get(req.action.paperId);
  if (!paper) throw new UserError('That paper is no longer in the corpus, so it cannot be voted for.');
  const message = req.message;
  if (!message) throw new UserError('This vote button can only be pressed on its message.');
  ctx.votes.toggle(guildId, req.user.id, paper, ctx.corpus);
  const shown = shownWithCounts(ctx, guildId, message);
  return { kind: 'update', payload: shown.payload, settle: ctx.votes.settles.settle(message.id, shown.key, () => shownWithCounts(ctx, guildId, message)) };
};

export const topCommand: Command = {
  data,
  execute,
  autocomplete: (ctx, req) => (req.focused.name === 'topic' ? topicChoices(ctx.corpus, req.focused.value) : []),
  components: { vote: onVote },
};
