// Bot-token routes: gateway discovery, users/applications @me, guilds, channels and channel messages.
import { ChannelType, PermissionFlagsBits, type APIUser } from 'discord-api-types/v10';
import { botChannelPermissions, type ChannelState } from './config.js';
import { ApiError, Errors, formError } from './errors.js';
import { applyEdit, asMessageBody, buildMessage, isEmpty, validateFields } from './messages.js';
import { applicationPayload, channelPayload, guildPayload, isTextBased } from './payloads.js';
import type { RouteContext, RouteDef, RouteResult } from './rest.js';
import type { StoredMessage } from './state.js';

const THREAD_TYPES = new Set<ChannelType>([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);

function channel(ctx: RouteContext): ChannelState {
  const ch = ctx.state.channels.get(ctx.params.channelId ?? '');
  if (!ch) throw Errors.unknownChannel();
  return ch;
}

/** The bot's permission check Discord applies before reading/writing a channel. */
function requirePerms(ctx: RouteContext, ch: ChannelState, send: boolean): void {
  const perms = botChannelPermissions(ctx.state.guildOf(ch), ch);
  if (!(perms & PermissionFlagsBits.ViewChannel)) throw Errors.missingAccess();
  const sendBit = THREAD_TYPES.has(ch.type) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  if (send && !(perms & sendBit)) throw Errors.missingPermissions();
  if (!send && !(perms & PermissionFlagsBits.ReadMessageHistory)) throw Errors.missingAccess();
}

function storedMessage(ctx: RouteContext, ch: ChannelState): StoredMessage {
  const stored = ctx.state.messages.get(ctx.params.messageId ?? '');
  if (!stored || stored.deleted || stored.ephemeral || stored.channelId !== ch.id) throw Errors.unknownMessage();
  return stored;
}

function createMessage(ctx: RouteContext): RouteResult {
  const { state } = ctx;
  const ch = channel(ctx);
  if (!isTextBased(ch.type)) throw Errors.nonTextChannel();
  requirePerms(ctx, ch, true);
  const body = asMessageBody(ctx.body);
  validateFields(body, body.flags ?? 0);
  if ((body.flags ?? 0) & 64) throw formError('flags', 'MESSAGE_FLAGS_INVALID', 'Ephemeral messages can only be sent as interaction responses');
  const nonceKey = body.nonce !== undefined && body.enforce_nonce ? `${ch.id}:${String(body.nonce)}` : null;
  if (nonceKey) {
    const seen = state.nonces.get(nonceKey);
    const original = seen && state.messages.get(seen.messageId);
    if (seen && original && state.now() - seen.at < state.config.nonceWindowMs) return { status: 200, body: original.message };
  }
  let reference;
  const ref = body.message_reference;
  if (ref?.message_id) {
    reference = state.messages.get(ref.message_id);
    if ((!reference || reference.deleted) && ref.fail_if_not_exists !== false) {
      throw formError('message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
    }
  }
  const message = buildMessage(state, {
    channelId: ch.id, body, files: ctx.files, author: state.config.botUser, reference: reference && !reference.deleted ? reference.message : undefined,
  });
  if (isEmpty(message)) throw Errors.emptyMessage();
  state.addMessage({ message, channelId: ch.id, ephemeral: false, deleted: false });
  if (nonceKey) state.nonces.set(nonceKey, { messageId: message.id, at: state.now() });
  return { status: 200, body: message };
}

function listMessages(ctx: RouteContext): RouteResult {
  const ch = channel(ctx);
  requirePerms(ctx, ch, false);
  const limit = Number(ctx.query.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw formError('limit', 'NUMBER_TYPE_MAX', 'int value should be between 1 and 100.');
  const all = ctx.state.channelMessages(ch.id).reverse(); // newest first, as Discord returns them
  const id = (s: string) => BigInt(s);
  const before = ctx.query.get('before');
  const after = ctx.query.get('after');
  const around = ctx.query.get('around');
  let out = all;
  if (before) out = all.filter((m) => id(m.id) < id(before));
  else if (after) out = all.filter((m) => id(m.id) > id(after)).slice(-limit);
  else if (around) {
    const idx = all.findIndex((m) => id(m.id) <= id(around));
    const start = Math.max(0, (idx === -1 ? all.length : idx) - Math.floor(limit / 2));
    out = all.slice(start, start + limit);
  }
  return { status: 200, body: out.slice(0, limit) };
}

function createDm(ctx: RouteContext): RouteResult {
  const recipient = (ctx.body as { recipient_id?: string } | undefined)?.recipient_id;
  if (!recipient) throw formError('recipient_id', 'BASE_TYPE_REQUIRED', 'This field is required');
  const user: APIUser = ctx.state.users.get(recipient) ?? { id: recipient, username: `user${recipient.slice(-4)}`, discriminator: '0', global_name: null, avatar: null };
  return { status: 200, body: channelPayload(ctx.state, ctx.state.dmChannel(user)) };
}

export function coreRoutes(gatewayUrl: () => string): RouteDef[] {
  return [
    { method: 'GET', template: '/gateway', auth: false, handler: () => ({ status: 200, body: { url: gatewayUrl() } }) },
    {
      method: 'GET', template: '/gateway/bot', auth: true, handler: (ctx) => ({
        status: 200,
        body: {
          url: gatewayUrl(), shards: ctx.state.config.shards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: ctx.state.config.maxConcurrency },
        },
      }),
    },
    { method: 'GET', template: '/users/@me', auth: true, handler: (ctx) => ({ status: 200, body: ctx.state.config.botUser }) },
    { method: 'POST', template: '/users/@me/channels', auth: true, handler: createDm },
    {
      method: 'GET', template: '/users/:userId', auth: true, handler: (ctx) => {
        const user = ctx.state.users.get(ctx.params.userId ?? '');
        if (!user) throw new ApiError(404, 10013, 'Unknown User');
        return { status: 200, body: user };
      },
    },
    { method: 'GET', template: '/applications/@me', auth: true, handler: (ctx) => ({ status: 200, body: applicationPayload(ctx.state) }) },
    {
      method: 'GET', template: '/guilds/:guildId', auth: true, handler: (ctx) => {
        const g = ctx.state.guilds.get(ctx.params.guildId ?? '');
        if (!g) throw Errors.unknownGuild();
        return { status: 200, body: guildPayload(ctx.state, g) };
      },
    },
    {
      method: 'GET', template: '/guilds/:guildId/channels', auth: true, handler: (ctx) => {
        const g = ctx.state.guilds.get(ctx.params.guildId ?? '');
        if (!g) throw Errors.unknownGuild();
        return { status: 200, body: g.channelIds.map((id) => channelPayload(ctx.state, ctx.state.channels.get(id) as ChannelState)) };
      },
    },
    {
      method: 'GET', template: '/channels/:channelId', auth: true, handler: (ctx) => {
        const ch = channel(ctx);
        const perms = botChannelPermissions(ctx.state.guildOf(ch), ch);
        if (!(perms & PermissionFlagsBits.ViewChannel)) throw Errors.missingAccess();
        return { status: 200, body: channelPayload(ctx.state, ch) };
      },
    },
    { method: 'GET', template: '/channels/:channelId/messages', auth: true, handler: listMessages },
    { method: 'POST', template: '/channels/:channelId/messages', auth: true, handler: createMessage },
    {
      method: 'GET', template: '/channels/:channelId/messages/:messageId', auth: true, handler: (ctx) => {
        const ch = channel(ctx);
        requirePerms(ctx, ch, false);
        return { status: 200, body: storedMessage(ctx, ch).message };
      },
    },
    {
      method: 'PATCH', template: '/channels/:channelId/messages/:messageId', auth: true, handler: (ctx) => {
        const ch = channel(ctx);
        const stored = storedMessage(ctx, ch);
        if (stored.message.author.id !== ctx.state.config.botUser.id) throw new ApiError(403, 50005, 'Cannot edit a message authored by another user');
        return { status: 200, body: applyEdit(ctx.state, stored, asMessageBody(ctx.body), ctx.files) };
      },
    },
    {
      method: 'DELETE', template: '/channels/:channelId/messages/:messageId', auth: true, handler: (ctx) => {
        const stored = storedMessage(ctx, channel(ctx));
        stored.deleted = true;
        ctx.state.notify();
        return { status: 204 };
      },
    },
    {
      method: 'POST', template: '/channels/:channelId/typing', auth: true, handler: (ctx) => {
        requirePerms(ctx, channel(ctx), true);
        return { status: 204 };
      },
    },
  ];
}
