// /watch: saved searches that post new papers after each sync. A channel watch is the server's
// (Manage Server to add or remove, checked here because admins can override command permissions);
// a DM watch (dm:true) is anyone's own and is delivered by direct message. Delivery itself lives in
// src/watch/service.ts; this file only parses, checks who may do what, and answers.
import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, type Choice, type Command, type CommandRequest, type ComponentHandler } from '../src/command.js';
import type { Context } from '../src/context.js';
import { UserError } from '../src/errors.js';
import { message, type Reply } from '../src/reply.js';
import { LIMITS, truncate } from '../src/cards/limits.js';
import { safeInline } from '../src/cards/markdown.js';
import { resultList } from '../src/cards/result-list.js';
import { encodeCustomId } from '../src/custom-id.js';
import { completeQuery } from '../src/query-complete.js';
import { WATCH_LIMITS, type Watch, type WatchService } from '../src/watch/types.js';
import { asMessage, asUpdate, flagSchema } from './_shared.js';
import { searchable } from './search.js';

export const data = new SlashCommandBuilder()
  .setName('watch')
  .setDescription('Get new papers matching a search posted after each sync (in a channel, or by DM)')
  .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
  .addSubcommand((s) =>
    s
      .setName('add')
      .setDescription('Watch a search: new papers that match are posted after each sync')
      .addStringOption((o) =>
        o
          .setName('query')
          .setDescription('Anything /search accepts: words, "a phrase", author:"Tri Dao", topic:, has:code')
          .setRequired(true)
          .setMaxLength(WATCH_LIMITS.queryLength)
          .setAutocomplete(true),
      )
      .addChannelOption((o) =>
        o.setName('channel').setDescription('Where to post (Manage Server; default: this channel)').addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      )
      .addBooleanOption((o) => o.setName('dm').setDescription('Send them to you by direct message instead (anyone can)')),
  )
  .addSubcommand((s) => s.setName('list').setDescription('This server’s watches and your own DM watches'))
  .addSubcommand((s) =>
    s
      .setName('remove')
      .setDescription('Stop a watch')
      .addStringOption((o) => o.setName('watch').setDescription('The watch to remove').setRequired(true).setAutocomplete(true).setMaxLength(100)),
  )
  .toJSON();

const AddOptions = z.object({
  query: z
    .string({ error: 'type what to watch for' })
    .trim()
    .min(1, 'type what to watch for')
    .max(WATCH_LIMITS.queryLength, `keep it to ${WATCH_LIMITS.queryLength} characters`)
    .refine(searchable, 'those words are too common to watch for; add a specific term'),
  channel: z.string().regex(/^[\w-]{1,32}$/, 'pick a text or announcement channel').optional(),
  dm: flagSchema,
});

const RemoveOptions = z.object({
  watch: z
    .string({ error: 'pick one of your watches' })
    .trim()
    .transform((s) => s.replace(/^#/, ''))
    .pipe(z.string().regex(/^\d{1,12}$/, 'pick one of the suggested watches (or give its number, e.g. 3)').transform(Number)),
});

const say = (content: string): Reply => message({ content: truncate(content, LIMITS.content) }, { ephemeral: true });

function canManage(req: CommandRequest): boolean {
  return ((req.permissions ?? 0n) & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n;
}

function service(ctx: Context): WatchService {
  if (!ctx.watches) throw new UserError('Watches are not available here (no state store is open).');
  return ctx.watches;
}

const where = (w: Watch) => (w.kind === 'dm' ? 'by DM' : `in <#${w.channelId}>`);
const quoted = (query: string, max = 80) => `“${truncate(safeInline(query), max)}”`;

// The reason is paperboy's own sentence (with a channel mention that must stay a mention); nothing can
// ping anyway, since allowed_mentions is empty.
/** What a person may see and remove here: the server's channel watches and their own DM watches. */
function scope(req: CommandRequest) {
  return { guildId: req.guildId, userId: req.user.id, includeServer: req.guildId !== null };
}

function deliveryNote(ctx: Context, watches: WatchService): string {
  return watches.delivering
    ? 'New papers that match are posted after each sync of the Hugging Face feed.'
    : ctx.live && ctx.config.discordToken
      ? 'Deliveries start once the bot is connected.'
      : 'This local console does not sync or post: run the bot (DISCORD_TOKEN) and it delivers after each sync of the Hugging Face feed.';
}

async function add(ctx: Context, req: CommandRequest): Promise<Reply> {
  const o = parseOptions(AddOptions, req.options);
  const watches = service(ctx);
  if (o.dm) {
    if (o.channel) throw new UserError('Choose either a channel or `dm:true`, not both.');
    const w = watches.add({ kind: 'dm', guildId: req.guildId, channelId: null, userId: req.user.id, query: o.query });
    return say(`✅ Watching ${quoted(w.query)} for you (watch #${w.id}): matching new papers come by direct message. ${deliveryNote(ctx, watches)}`);
  }
  if (!req.guildId) throw new UserError('Here a watch can only be delivered to you: add `dm:true` (or run `/watch add` in a server channel).');
  if (!canManage(req)) throw new UserError('You need the **Manage Server** permission to add a channel watch. Add `dm:true` to get the papers by direct message instead.');
  const channelId = o.channel ?? req.channelId;
  if (!channelId) throw new UserError('Pick a channel for the watch.');
  await watches.checkChannel(req.guildId, channelId);
  const w = watches.add({ kind: 'channel', guildId: req.guildId, channelId, userId: req.user.id, query: o.query });
  return say(`✅ Watching ${quoted(w.query)} in <#${channelId}> (watch #${w.id}). ${deliveryNote(ctx, watches)}`);
}

function listLine(w: Watch): string {
  const state = w.enabled ? (w.lastSentAt ? `last sent ${w.lastSentAt.toISOString().slice(0, 10)}` : 'nothing sent yet') : `**off**: ${truncate(w.disabledReason ?? 'switched off', 300)}`;
  return `**#${w.id}** ${quoted(w.query)} ${where(w)} · ${state}`;
}

function list(ctx: Context, req: CommandRequest): Reply {
  const mine = service(ctx).list(scope(req));
  if (mine.length === 0) return say('No watches here yet. Try `/watch add query:"mixture of experts"` (or add `dm:true` to get them by direct message).');
  const server = mine.filter((w) => w.kind === 'channel').length;
  const own = mine.length - server;
  const limits = [
    req.guildId ? `${server}/${WATCH_LIMITS.perServer} channel watches in this server` : undefined,
    `${own}/${WATCH_LIMITS.perUser} DM watches of yours`,
  ].filter(Boolean);
  return say([`**Watches** (${limits.join(', ')})`, ...mine.map(listLine)].join('\n'));
}

function remove(ctx: Context, req: CommandRequest): Reply {
  const { watch: id } = parseOptions(RemoveOptions, req.options);
  const watches = service(ctx);
  const w = watches.get(id);
  const visible = w && (w.kind === 'dm' ? w.userId === req.user.id : w.guildId === req.guildId);
  if (!w || !visible) throw new UserError(`There is no watch #${id} here. \`/watch list\` shows the ones you can remove.`);
  if (w.kind === 'channel' && !canManage(req)) throw new UserError('You need the **Manage Server** permission to remove a channel watch.');
  watches.remove(id);
  return say(`Removed watch #${w.id} ${quoted(w.query)} ${where(w)}.`);
}

export async function execute(ctx: Context, req: CommandRequest): Promise<Reply> {
  switch (req.subcommand) {
    case 'add':
      return add(ctx, req);
    case 'list':
      return list(ctx, req);
    case 'remove':
      return remove(ctx, req);
    default:
      throw new UserError('Unknown /watch subcommand. Try `/watch list`.');
  }
}

/** The watches a person could remove here, matching what they typed (number or words of the query). */
export function watchChoices(ctx: Context, req: CommandRequest, typed: string): Choice[] {
  if (!ctx.watches) return [];
  const wanted = typed.trim().replace(/^#/, '').toLowerCase();
  return ctx.watches
    .list(scope(req))
    .filter((w) => w.kind === 'dm' || canManage(req))
    .filter((w) => !wanted || String(w.id).startsWith(wanted) || w.query.toLowerCase().includes(wanted))
    .slice(0, LIMITS.autocompleteChoices)
    .map((w) => ({ name: truncate(`#${w.id} · ${w.query.replace(/\s+/g, ' ')} · ${w.kind === 'dm' ? 'DM' : 'channel'}${w.enabled ? '' : ' (off)'}`, LIMITS.choiceName), value: String(w.id) }));
}

/** "…and k more" on a delivery: its whole list, privately, paged (page 0 opens it, Prev/Next edit it). */
const onMore: ComponentHandler = (ctx, req) => {
  if (req.action.action !== 'watch-more') throw new UserError('That button does not belong to a watch.');
  const { watchId, revision, page } = req.action;
  const batch = ctx.watches?.batch(watchId, revision);
  if (!batch) throw new UserError('That watch was removed, so its list is gone. `/search` finds the papers again.');
  const papers = batch.paperIds.flatMap((id) => ctx.corpus.byId.get(id) ?? []);
  const list = resultList({
    title: truncate(`Watch ${quoted(batch.watch.query, 200)}: new papers`, LIMITS.embedTitle),
    intro: 'The papers one sync brought for this watch, best match first.',
    papers,
    page: Math.max(1, page),
    pageCustomId: (p) => encodeCustomId({ action: 'watch-more', watchId, revision, page: Math.max(1, p) }),
    empty: 'None of these papers are in the corpus any more.',
    topics: ctx.corpus,
    ephemeral: true,
  });
  return page === 0 ? asMessage(list) : asUpdate(list);
};

export const watchCommand: Command = {
  data,
  execute,
  autocomplete(ctx, req) {
    if (req.focused.name === 'query') return completeQuery(ctx.corpus, req.focused.value);
    if (req.focused.name === 'watch') return watchChoices(ctx, req, req.focused.value);
    return [];
  },
  components: { 'watch-more': onMore },
};
