// Discord interaction -> transport-neutral request -> dispatch -> reply. Every interaction is answered:
// handler errors become friendly ephemeral replies (src/dispatch.ts), slow handlers are deferred before
// Discord's 3 s window closes, and transport failures are logged with context (never the token).
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type MessageComponentInteraction,
  ApplicationCommandOptionType,
  MessageFlags,
} from 'discord.js';
import type { APIEmbed } from 'discord-api-types/v10';
import type { CommandRequest, Invocation, MessageSnapshot, OptionValue } from '../command.js';
import type { Context } from '../context.js';
import { deferralFor, runAutocomplete, runCommand, runComponent, type Registry } from '../dispatch.js';
import { errorReply, isEphemeral, type ActionRow, type Reply, type Settle } from '../reply.js';
import { ArrivalDelay, monotonicNow } from './arrival.js';
import { toReplyOptions, toUpdateOptions } from './payload-options.js';

/**
 * Past this since the interaction was created, a still-running handler gets a deferral so the interaction
 * token stays valid; one that reached us this late (it queued behind a stall) is deferred before it runs.
 */
export const DEFER_AFTER_MS = 1200;
/** Discord refuses a first response later than this after the interaction was created. */
export const RESPONSE_DEADLINE_MS = 3000;
/** At most one log line per this long about interactions that arrived too late to answer. */
const EXPIRED_LOG_EVERY_MS = 10_000;
export const SHUTTING_DOWN = 'Paperboy is restarting. Please try again in a few seconds.';

function invocation(i: Interaction | MessageComponentInteraction): Invocation {
  const member = i.member && 'displayName' in i.member ? i.member.displayName : undefined;
  return {
    user: { id: i.user.id, name: member ?? i.user.displayName ?? i.user.username },
    guildId: i.guildId,
    channelId: i.channelId,
    permissions: i.inGuild() ? (i.memberPermissions?.bitfield ?? null) : null,
  };
}

/**
 * An embed as received, reduced to the fields a message may send: Discord adds read-only ones (type,
 * proxy URLs, sizes) that have no business in an edit that only means to change a button label.
 */
function sendableEmbed(e: APIEmbed): APIEmbed {
  const { title, description, url, timestamp, color, fields, footer, author, image, thumbnail } = e;
  return {
    ...(title !== undefined ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(timestamp !== undefined ? { timestamp } : {}),
    ...(color !== undefined ? { color } : {}),
    ...(fields?.length ? { fields: fields.map(({ name, value, inline }) => ({ name, value, ...(inline !== undefined ? { inline } : {}) })) } : {}),
    ...(footer ? { footer: { text: footer.text, ...(footer.icon_url ? { icon_url: footer.icon_url } : {}) } } : {}),
    ...(author ? { author: { name: author.name, ...(author.url ? { url: author.url } : {}), ...(author.icon_url ? { icon_url: author.icon_url } : {}) } } : {}),
    ...(image ? { image: { url: image.url } } : {}),
    ...(thumbnail ? { thumbnail: { url: thumbnail.url } } : {}),
  };
}

/** The message a component sits on, as the handler sees it (a vote press rewrites its ▲ labels). */
function messageSnapshot(i: MessageComponentInteraction): MessageSnapshot {
  const m = i.message;
  return {
    id: m.id,
    ...(m.content ? { content: m.content } : {}),
    embeds: m.embeds.map((e) => sendableEmbed(e.toJSON())),
    components: m.components.map((c) => c.toJSON()) as ActionRow[],
  };
}

function flattenOptions(data: readonly CommandInteractionOption[]): { subcommand: string | null; options: Record<string, OptionValue> } {
  let subcommand: string | null = null;
  const options: Record<string, OptionValue> = {};
  const walk = (list: readonly CommandInteractionOption[]) => {
    for (const o of list) {
      if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
        subcommand = subcommand ? `${subcommand} ${o.name}` : o.name;
        walk(o.options ?? []);
      } else if (o.value !== undefined) {
        options[o.name] = o.value;
      }
    }
  };
  walk(data);
  return { subcommand, options };
}

/** Resolves to the reply, or to 'slow' if the handler is still running after `ms`. */
function raceSlow(work: Promise<Reply>, ms: number): Promise<Reply | 'slow'> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), ms);
  });
  return Promise.race([work, slow]).finally(() => clearTimeout(timer));
}

export interface Router {
  handle(interaction: Interaction): Promise<void>;
  /** Stop taking new work (they get a polite ephemeral refusal) and wait for in-flight replies. */
  drain(timeoutMs: number): Promise<void>;
}

export function createRouter(ctx: Context, registry: Registry, opts: { deferAfterMs?: number } = {}): Router {
  const deferAfter = opts.deferAfterMs ?? DEFER_AFTER_MS;
  const inFlight = new Set<Promise<void>>();
  const arrival = new ArrivalDelay();
  const expired = { count: 0, loggedAt: -Infinity };
  let draining = false;

  async function onCommand(i: ChatInputCommandInteraction, waited: number): Promise<void> {
    const { subcommand, options } = flattenOptions(i.options.data);
    const req: CommandRequest = { ...invocation(i), subcommand, options };
    // Guess the visibility the reply will have (ours are private unless public:true), so nobody sees
    // a "thinking…" placeholder flash in the channel; a wrong guess is repaired when the reply arrives.
    const guessed = { ephemeral: req.options.public !== true };
    const deferral = deferralFor(registry, i.commandName, req) ?? (waited >= deferAfter ? guessed : null);
    if (deferral) await i.deferReply(deferral.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    const work = runCommand(ctx, registry, i.commandName, req);
    let result = deferral ? await work : await raceSlow(work, deferAfter - waited);
    if (result === 'slow') {
      await i.deferReply(guessed.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      result = await work;
    }
    await sendCommandReply(i, result);
  }

  async function sendCommandReply(i: ChatInputCommandInteraction | MessageComponentInteraction, reply: Reply): Promise<void> {
    const p = reply.payload;
    if (!i.deferred && !i.replied) {
      await i.reply(toReplyOptions(p));
      return;
    }
    const deferredEphemeral = i.ephemeral ?? false;
    if (isEphemeral(p) === deferredEphemeral) {
      await i.editReply(toUpdateOptions(p));
    } else {
      // Visibility can't change after deferring, and Discord turns the first follow-up into an edit of the
      // placeholder (keeping its visibility): delete the placeholder, then post the reply as it should be.
      await i.deleteReply().catch(() => undefined);
      await i.followUp(toReplyOptions(p));
    }
  }

  async function onComponent(i: MessageComponentInteraction, waited: number): Promise<void> {
    const values = i.isStringSelectMenu() ? i.values : [];
    // Arrived late: acknowledge before the handler runs (it may be synchronous, so a timer could not fire in time).
    const lateArrival = waited >= deferAfter;
    if (lateArrival) await i.deferUpdate();
    const work = runComponent(ctx, registry, i.customId, values, invocation(i), messageSnapshot(i));
    let result = lateArrival ? 'slow' as const : await raceSlow(work, deferAfter - waited);
    if (result === 'slow') {
      if (!lateArrival) await i.deferUpdate();
      result = await work;
      if (result.kind === 'update') await i.editReply(toUpdateOptions(result.payload));
      else await i.followUp(toReplyOptions(result.payload));
    } else if (result.kind === 'update') await i.update(toUpdateOptions(result.payload));
    else await i.reply(toReplyOptions(result.payload));
    if (result.kind === 'update' && result.settle) await settle(i, result.settle);
  }

  /** After an update is delivered: let the handler correct the same message (a vote count a concurrent press overtook). */
  async function settle(i: MessageComponentInteraction, run: Settle): Promise<void> {
    try {
      await run(async (p) => {
        await i.editReply(toUpdateOptions(p));
      });
    } catch (err) {
      // The user already has their answer (the update); a failed correction only leaves a count stale until the next press.
      ctx.logger.warn({ err, interaction: i.id }, 'could not correct the message after an update');
    }
  }

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const { subcommand, options } = flattenOptions(i.options.data);
    const focused = i.options.getFocused(true);
    const choices = runAutocomplete(ctx, registry, i.commandName, {
      ...invocation(i),
      subcommand,
      options,
      focused: { name: focused.name, value: String(focused.value) },
    });
    await i.respond(choices);
  }

  /** Nothing can answer an interaction past Discord's deadline: skip its work, say so now and then. */
  function skipExpired(waited: number): boolean {
    if (waited < RESPONSE_DEADLINE_MS) return false;
    expired.count++;
    const now = Date.now();
    if (now - expired.loggedAt >= EXPIRED_LOG_EVERY_MS) {
      ctx.logger.warn({ skipped: expired.count, waitedMs: waited }, 'interactions reached the bot after Discord\'s 3 s deadline (the bot was stalled or starved of CPU); skipped them');
      expired.count = 0;
      expired.loggedAt = now;
    }
    return true;
  }

  async function route(i: Interaction): Promise<void> {
    const started = Date.now();
    const waited = arrival.observe(i.createdTimestamp, monotonicNow());
    if (skipExpired(waited)) return;
    const log = ctx.logger.child({ interaction: i.id, guild: i.guildId, user: i.user.id });
    const what = i.isChatInputCommand() || i.isAutocomplete() ? i.commandName : i.isMessageComponent() ? i.customId.split('|')[1] : String(i.type);
    try {
      if (draining) {
        if (i.isRepliable()) await i.reply(toReplyOptions(errorReply(SHUTTING_DOWN).payload));
        else if (i.isAutocomplete()) await i.respond([]);
        return;
      }
      if (i.isChatInputCommand()) await onCommand(i, waited);
      else if (i.isAutocomplete()) await onAutocomplete(i);
      else if (i.isMessageComponent()) await onComponent(i, waited);
      else if (i.isRepliable()) await i.reply(toReplyOptions(errorReply('That kind of interaction is not supported.').payload));
      log.info({ kind: i.type, command: what, latencyMs: Date.now() - started, waitedMs: waited }, 'interaction handled');
    } catch (err) {
      log.error({ err, kind: i.type, command: what, latencyMs: Date.now() - started }, 'failed to answer interaction');
      await lastResort(i);
    }
  }

  /** If sending failed before anything reached the user, try one plain ephemeral apology. */
  async function lastResort(i: Interaction): Promise<void> {
    if (!i.isRepliable()) return;
    const p = toReplyOptions(errorReply('Something went wrong while sending the reply. Please try again.').payload);
    try {
      if (!i.deferred && !i.replied) await i.reply(p);
      else await i.followUp(p);
    } catch {
      // The interaction token is gone; nothing more can reach the user. Already logged above.
    }
  }

  return {
    handle(i) {
      const p = route(i).finally(() => inFlight.delete(p));
      inFlight.add(p);
      return p;
    },
    async drain(timeoutMs) {
      draining = true;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
