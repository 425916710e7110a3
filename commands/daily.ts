// /daily: a server's automatic daily picks. Admin-only twice over: default_member_permissions hides it
// from members without Manage Server, and changes are re-checked here because server admins can
// override command permissions in their Integrations settings.
import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, type Choice, type Command, type CommandRequest } from '../src/command.js';
import type { Context } from '../src/context.js';
import type { PostOutcome } from '../src/daily/runner.js';
import type { DailyService, DailyStatus } from '../src/daily/types.js';
import { formatLocal, dayLabel } from '../src/daily/schedule.js';
import { MAX_COUNT } from '../src/daily/settings-input.js';
import { UserError } from '../src/errors.js';
import { message, type Reply } from '../src/reply.js';
import { LIMITS, truncate } from '../src/cards/limits.js';
import { paperUrl } from '../src/cards/links.js';
import { mdLink, safeInline } from '../src/cards/markdown.js';
import { CARD_COLOR } from '../src/cards/paper-card.js';
import { topicChoices } from './_shared.js';

export const ALL_TOPICS = 'all';

export const data = new SlashCommandBuilder()
  .setName('daily')
  .setDescription('Automatic daily paper picks for this server')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('set')
      .setDescription('Post daily picks in a channel (turns them on, or changes the settings)')
      .addChannelOption((o) =>
        o.setName('channel').setDescription('Where to post').setRequired(true).addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      )
      .addStringOption((o) => o.setName('time').setDescription('When, as 24-hour HH:MM (default 09:00)').setMinLength(3).setMaxLength(5))
      .addStringOption((o) => o.setName('timezone').setDescription('IANA time zone, e.g. Europe/Berlin (default: the bot’s)').setAutocomplete(true).setMaxLength(64))
      .addIntegerOption((o) => o.setName('count').setDescription(`Papers per day (default 3)`).setMinValue(1).setMaxValue(MAX_COUNT))
      .addStringOption((o) => o.setName('topic').setDescription('Only papers from this topic ("all" for every paper)').setAutocomplete(true).setMaxLength(100)),
  )
  .addSubcommand((s) => s.setName('off').setDescription('Stop posting daily picks in this server'))
  .addSubcommand((s) => s.setName('status').setDescription('Show the daily picks settings, next post and rotation'))
  .addSubcommand((s) => s.setName('preview').setDescription('See privately what the next daily post will contain'))
  .addSubcommand((s) => s.setName('now').setDescription('Post today’s picks right away (once per day)'))
  .toJSON();

/** The options /daily set and /weekly set share. */
export const ScheduleOptions = z.object({
  channel: z.string({ error: 'pick a text or announcement channel' }).regex(/^\d{17,20}$/, 'pick a text or announcement channel'),
  // The same bounds Discord is told (setMaxLength above), checked again: an oversized value is refused by
  // name instead of being quoted back in an error longer than a message may be.
  time: z.string().max(5, 'use 24-hour HH:MM, for example 09:00').optional(),
  timezone: z.string().max(64, 'use an IANA time zone name such as Europe/Berlin').optional(),
  count: z.number({ error: `must be a whole number from 1 to ${MAX_COUNT}` }).int().min(1).max(MAX_COUNT).optional(),
  topic: z.string().max(100, 'use a topic name from /topics, at most 100 characters').optional(),
});
const SetOptions = ScheduleOptions;

export const say = (content: string): Reply => message({ content }, { ephemeral: true });

/** Re-checked here because server admins can override command permissions in their Integrations settings. */
export function requireManageServer(req: CommandRequest, what = 'daily picks'): void {
  const perms = req.permissions ?? 0n;
  if ((perms & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) === 0n) {
    throw new UserError(`You need the **Manage Server** permission to change ${what}.`);
  }
}

/** /topic "all" means the whole corpus (null); anything else is resolved by the service; absent keeps the current one. */
export const topicInput = (topic: string | undefined): string | null | undefined =>
  topic === undefined ? undefined : topic.trim().toLowerCase() === ALL_TOPICS ? null : topic;

/** Autocomplete for the options both schedule commands share. */
export function scheduleAutocomplete(ctx: Context, focused: { name: string; value: string }): Choice[] {
  if (focused.name === 'timezone') return timezoneChoices(focused.value);
  if (focused.name === 'topic') return [{ name: 'All topics', value: ALL_TOPICS }, ...topicChoices(ctx.corpus, focused.value)].slice(0, LIMITS.autocompleteChoices);
  return [];
}

function describeSettings(s: DailyStatus['settings'], ctx: Context): string {
  const topic = s.topic ? (ctx.corpus.topicBySlug.get(s.topic)?.name ?? s.topic) : 'all topics';
  return `<#${s.channelId}> at **${s.time}** (${s.timezone}), ${s.count} paper${s.count === 1 ? '' : 's'} from ${safeInline(topic)}`;
}

function statusText(ctx: Context, st: DailyStatus): string {
  const s = st.settings;
  const lines = [
    s.enabled ? `**Daily picks are on:** ${describeSettings(s, ctx)}.` : `**Daily picks are off.** ${s.disabledReason ?? ''}`.trim(),
    ...(!s.enabled ? [`Last settings: ${describeSettings(s, ctx)}.`] : []),
    `Next post: ${st.nextRunAt ? formatLocal(st.nextRunAt, s.timezone) : 'none scheduled (use `/daily set` to turn them on)'}.`,
    `Last post: ${st.lastPost ? `${dayLabel(st.lastPost.localDate)} in <#${st.lastPost.channelId}>` : 'none yet'}.`,
    `Papers left before repeats: ${st.papersLeftBeforeRepeat} of ${st.poolSize}.`,
  ];
  if (st.today?.state === 'failed') lines.push(`Today's attempt failed: ${st.today.error ?? 'unknown reason'}`);
  if (st.today?.state === 'sending') lines.push('Today’s post is being sent (or will be finished on the next start).');
  return truncate(lines.join('\n'), LIMITS.content);
}

function outcomeText(guildId: string, o: PostOutcome): Reply {
  const link = (channelId: string, ids: string[]) => (ids[0] ? `https://discord.com/channels/${guildId}/${channelId}/${ids[0]}` : `<#${channelId}>`);
  switch (o.kind) {
    case 'posted':
      return say(`📰 ${o.resumed ? 'Finished' : 'Posted'} today’s picks (${o.messageIds.length}) in <#${o.channelId}>.`);
    case 'already-posted':
      return say(`Today’s picks (${dayLabel(o.localDate)}) are already posted: ${link(o.channelId, o.messageIds)}`);
    case 'in-progress':
      return say('Today’s picks are being posted right now.');
    case 'failed':
      throw new UserError(
        o.disabled ? `${o.reason} Daily picks are now off; fix that and run \`/daily set\` again.` : `Could not post today’s picks: ${o.reason} Try again later.`,
      );
  }
}

function previewReply(ctx: Context, daily: DailyService, guildId: string): Reply {
  const p = daily.preview(guildId);
  const lines = p.papers.map((paper, i) => {
    const extras = [paper.upvotes !== undefined ? `▲ ${paper.upvotes}` : '', paper.codeLinks.length ? 'code' : ''].filter(Boolean).join(' · ');
    return `${i + 1}. ${mdLink(truncate(safeInline(paper.title), 200), paperUrl(paper))}${extras ? ` — ${extras}` : ''}`;
  });
  const description = truncate(lines.join('\n') || 'No papers to pick.', LIMITS.embedDescription);
  return message(
    { content: `Preview of the next post (${dayLabel(p.localDate)}); nothing was posted.`, embeds: [{ title: truncate(p.header, LIMITS.embedTitle), description, color: CARD_COLOR }] },
    { ephemeral: true },
  );
}

export async function execute(ctx: Context, req: CommandRequest): Promise<Reply> {
  if (!req.guildId) throw new UserError('Daily picks belong to a server: run `/daily` in a server channel.');
  const daily = ctx.daily;
  if (!daily) throw new UserError('Daily picks are not available here (no state store is open).');
  const guildId = req.guildId;
  switch (req.subcommand) {
    case 'set': {
      requireManageServer(req);
      const o = parseOptions(SetOptions, req.options);
      const st = await daily.configure(guildId, { channelId: o.channel, time: o.time, timezone: o.timezone, count: o.count, topic: topicInput(o.topic) });
      const next = st.nextRunAt ? ` Next post: ${formatLocal(st.nextRunAt, st.settings.timezone)}.` : '';
      return say(`✅ Daily picks: ${describeSettings(st.settings, ctx)}.${next}`);
    }
    case 'off':
      requireManageServer(req);
      return say(daily.disable(guildId) ? 'Daily picks are off. `/daily set` turns them back on, and the rotation continues where it stopped.' : 'Daily picks were not set up in this server.');
    case 'status': {
      const st = daily.status(guildId);
      return say(st ? statusText(ctx, st) : 'Daily picks are not set up in this server. Use `/daily set` to choose a channel.');
    }
    case 'preview':
      return previewReply(ctx, daily, guildId);
    case 'now':
      requireManageServer(req);
      return outcomeText(guildId, await daily.postNow(guildId));
    default:
      throw new UserError('Unknown /daily subcommand. Try `/daily status`.');
  }
}

const TIMEZONES = ['UTC', ...Intl.supportedValuesOf('timeZone')];

export function timezoneChoices(typed: string): Choice[] {
  const wanted = typed.trim().toLowerCase().replace(/\s+/g, '_');
  return TIMEZONES.filter((tz) => tz.toLowerCase().includes(wanted))
    .slice(0, LIMITS.autocompleteChoices)
    .map((tz) => ({ name: tz, value: tz }));
}

export const dailyCommand: Command = {
  data,
  execute,
  autocomplete: (ctx, req) => scheduleAutocomplete(ctx, req.focused),
  // Posting can take a while (retries), and every /daily answer is private anyway.
  defer: { ephemeral: true },
};
