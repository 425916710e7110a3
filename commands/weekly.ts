// /weekly: a server's weekly digest: the week's best papers (server votes, then HF upvotes) with a chart
// of the week attached. A command of its own rather than `/daily set frequency:weekly`: a server can keep
// its daily picks AND get the weekly round-up (different content, often different channels), and neither
// command grows options that mean nothing to the other. Admin-only like /daily (Manage Server, re-checked).
import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, type Command, type CommandRequest } from '../src/command.js';
import type { Context } from '../src/context.js';
import { dayLabel, formatLocal } from '../src/daily/schedule.js';
import { MAX_COUNT } from '../src/daily/settings-input.js';
import type { WeeklyOutcome, WeeklyStatus } from '../src/daily/weekly-service.js';
import { UserError } from '../src/errors.js';
import { payload, type Reply } from '../src/reply.js';
import { LIMITS, truncate } from '../src/cards/limits.js';
import { safeInline } from '../src/cards/markdown.js';
import { requireManageServer as requireAdmin, say, ScheduleOptions, scheduleAutocomplete, topicInput } from './daily.js';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const DAY_NAMES = WEEKDAYS.map((d) => d[0]!.toUpperCase() + d.slice(1));

export const data = new SlashCommandBuilder()
  .setName('weekly')
  .setDescription('A weekly digest of the week’s best papers, with a chart of the week')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('set')
      .setDescription('Post the weekly digest in a channel (turns it on, or changes the settings)')
      .addChannelOption((o) =>
        o.setName('channel').setDescription('Where to post').setRequired(true).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      )
      .addStringOption((o) =>
        o.setName('day').setDescription('Day of the week (default Monday)').addChoices(...WEEKDAYS.map((d, i) => ({ name: DAY_NAMES[i] as string, value: d }))),
      )
      .addStringOption((o) => o.setName('time').setDescription('When, as 24-hour HH:MM (default 09:00)').setMinLength(3).setMaxLength(5))
      .addStringOption((o) => o.setName('timezone').setDescription('IANA time zone, e.g. Europe/Berlin (default: the bot’s)').setAutocomplete(true).setMaxLength(64))
      .addIntegerOption((o) => o.setName('count').setDescription('How many papers to list (default 5)').setMinValue(1).setMaxValue(MAX_COUNT))
      .addStringOption((o) => o.setName('topic').setDescription('Only papers from this topic ("all" for every paper)').setAutocomplete(true).setMaxLength(100)),
  )
  .addSubcommand((s) => s.setName('off').setDescription('Stop posting the weekly digest in this server'))
  .addSubcommand((s) => s.setName('status').setDescription('Show the weekly digest settings and next post'))
  .addSubcommand((s) => s.setName('preview').setDescription('See privately what a digest posted now would contain'))
  .addSubcommand((s) => s.setName('now').setDescription('Post this week’s digest right away (once per day)'))
  .toJSON();

const SetOptions = ScheduleOptions.extend({
  day: z.enum(WEEKDAYS, { error: `must be one of ${DAY_NAMES.join(', ')}` }).optional(),
});

const requireManageServer = (req: CommandRequest) => requireAdmin(req, 'the weekly digest');

function describe(s: WeeklyStatus['settings'], ctx: Context): string {
  const topic = s.topic ? (ctx.corpus.topicBySlug.get(s.topic)?.name ?? s.topic) : 'all topics';
  return `<#${s.channelId}> every **${DAY_NAMES[s.weekday]}** at **${s.time}** (${s.timezone}), the ${s.count} best paper${s.count === 1 ? '' : 's'} from ${safeInline(topic)}`;
}

function statusText(ctx: Context, st: WeeklyStatus): string {
  const s = st.settings;
  const lines = [
    s.enabled ? `**The weekly digest is on:** ${describe(s, ctx)}.` : `**The weekly digest is off.** ${s.disabledReason ?? ''}`.trim(),
    ...(!s.enabled ? [`Last settings: ${describe(s, ctx)}.`] : []),
    `Next digest: ${st.nextRunAt ? formatLocal(st.nextRunAt, s.timezone) : 'none scheduled (use `/weekly set` to turn it on)'}.`,
    `Last digest: ${st.lastPost ? `${dayLabel(st.lastPost.localDate)} in <#${st.lastPost.channelId}>` : 'none yet'}.`,
  ];
  return truncate(lines.join('\n'), LIMITS.content);
}

function outcomeReply(guildId: string, o: WeeklyOutcome): Reply {
  switch (o.kind) {
    case 'posted':
      return say(`🗞️ ${o.resumed ? 'Finished' : 'Posted'} this week’s digest in <#${o.channelId}>.`);
    case 'already-posted':
      return say(`Today’s digest (${dayLabel(o.localDate)}) is already posted: ${o.messageId ? `https://discord.com/channels/${guildId}/${o.channelId}/${o.messageId}` : `<#${o.channelId}>`}`);
    case 'in-progress':
      return say('This week’s digest is being posted right now.');
    case 'failed':
      throw new UserError(
        o.disabled ? `${o.reason} The weekly digest is now off; fix that and run \`/weekly set\` again.` : `Could not post the digest: ${o.reason} Try again later.`,
      );
  }
}

export async function execute(ctx: Context, req: CommandRequest): Promise<Reply> {
  if (!req.guildId) throw new UserError('The weekly digest belongs to a server: run `/weekly` in a server channel.');
  const weekly = ctx.weekly;
  if (!weekly) throw new UserError('The weekly digest is not available here (no state store is open).');
  const guildId = req.guildId;
  switch (req.subcommand) {
    case 'set': {
      requireManageServer(req);
      const o = parseOptions(SetOptions, req.options);
      const topic = topicInput(o.topic);
      const weekday = o.day === undefined ? undefined : WEEKDAYS.indexOf(o.day);
      const st = await weekly.configure(guildId, { channelId: o.channel, weekday, time: o.time, timezone: o.timezone, count: o.count, topic });
      const next = st.nextRunAt ? ` First digest: ${formatLocal(st.nextRunAt, st.settings.timezone)}.` : '';
      return say(`✅ Weekly digest: ${describe(st.settings, ctx)}.${next}`);
    }
    case 'off':
      requireManageServer(req);
      return say(weekly.disable(guildId) ? 'The weekly digest is off. `/weekly set` turns it back on.' : 'The weekly digest was not set up in this server.');
    case 'status': {
      const st = weekly.status(guildId);
      return say(st ? statusText(ctx, st) : 'The weekly digest is not set up in this server. Use `/weekly set` to choose a channel.');
    }
    case 'preview': {
      const p = await weekly.preview(guildId);
      const note = 'Preview of a digest posted now; nothing was posted.';
      return { kind: 'message', payload: payload({ ...p, content: truncate(`${note}\n${p.content ?? ''}`, LIMITS.content) }, { ephemeral: true }) };
    }
    case 'now':
      requireManageServer(req);
      return outcomeReply(guildId, await weekly.postNow(guildId));
    default:
      throw new UserError('Unknown /weekly subcommand. Try `/weekly status`.');
  }
}

export const weeklyCommand: Command = {
  data,
  execute,
  autocomplete: (ctx, req) => scheduleAutocomplete(ctx, req.focused),
  // Rendering the chart and posting (retries) can take a while, and every /weekly answer is private.
  defer: { ephemeral: true },
};
