// Interaction REST: the initial response (callback) and the webhook-token routes for @original and follow-ups.
import { ApplicationCommandType, InteractionResponseType, InteractionType, MessageFlags, MessageType } from 'discord-api-types/v10';
import { Errors, formError } from './errors.js';
import { applyEdit, asMessageBody, buildMessage, isEmpty, validateFields, type MessageBody } from './messages.js';
import type { RouteContext, RouteDef, RouteResult } from './rest.js';
import type { FakeState, InteractionEventKind, InteractionState, StoredMessage } from './state.js';
import type { UploadedFile } from './uploads.js';

const R = InteractionResponseType;
const ALLOWED: Record<number, InteractionResponseType[]> = {
  [InteractionType.Ping]: [R.Pong],
  [InteractionType.ApplicationCommand]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.Modal, R.LaunchActivity],
  [InteractionType.MessageComponent]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.DeferredMessageUpdate, R.UpdateMessage, R.Modal],
  [InteractionType.ApplicationCommandAutocomplete]: [R.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource, R.DeferredMessageUpdate, R.UpdateMessage],
};

function event(state: FakeState, i: InteractionState, kind: InteractionEventKind, body: unknown, stored?: StoredMessage): void {
  i.events.push({ kind, body, at: Date.now(), ...(stored ? { message: stored.message } : {}) });
  state.notify();
}

function messageType(i: InteractionState): MessageType {
  const data = i.payload.data as { type?: number } | undefined;
  return i.type === InteractionType.ApplicationCommand && data?.type === ApplicationCommandType.ChatInput ? MessageType.ChatInputCommand : MessageType.Default;
}

/** Create an interaction-owned message (reply or follow-up) in the interaction's channel. */
function createOwned(state: FakeState, i: InteractionState, body: MessageBody, files: UploadedFile[], forceFlags = 0): StoredMessage {
  const message = buildMessage(state, {
    channelId: i.channelId, body, files, author: state.config.botUser, type: messageType(i), interaction: i, forceFlags,
  });
  if (isEmpty(message) && !((message.flags ?? 0) & MessageFlags.Loading)) throw Errors.emptyMessage();
  return state.addMessage({
    message, channelId: i.channelId, ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0, deleted: false, interactionId: i.id,
  });
}

function validateChoices(data: Record<string, unknown> | undefined): void {
  const choices = data?.choices;
  if (!Array.isArray(choices)) throw formError('data.choices', 'BASE_TYPE_REQUIRED', 'This field is required');
  if (choices.length > 25) throw formError('data.choices', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  (choices as { name?: unknown; value?: unknown }[]).forEach((c, n) => {
    if (typeof c.name !== 'string' || c.name.length < 1 || c.name.length > 100) {
      throw formError(`data.choices.${n}.name`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    if (typeof c.value === 'string' && c.value.length > 100) throw formError(`data.choices.${n}.value`, 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  });
}

function callback(ctx: RouteContext): RouteResult {
  const { state } = ctx;
  const i = state.interactions.get(ctx.params.interactionId ?? '');
  if (!i || i.token !== ctx.params.interactionToken) throw Errors.unknownInteraction();
  if (i.callback) throw Errors.alreadyAcknowledged();
  const deadline = state.config.callbackDeadlineMs;
  if (deadline !== null && state.now() - i.createdAt > deadline) throw Errors.unknownInteraction();
  const body = ctx.body as { type?: unknown; data?: Record<string, unknown> } | undefined;
  const type = body?.type;
  if (typeof type !== 'number') throw formError('type', 'BASE_TYPE_REQUIRED', 'This field is required');
  if (!ALLOWED[i.type]?.includes(type)) {
    throw formError('type', 'INTERACTION_RESPONSE_TYPE_INVALID', `Interaction response type ${type} is not valid for interaction type ${i.type}`);
  }
  const data = body?.data;
  let resource: StoredMessage | undefined;
  switch (type) {
    case R.ChannelMessageWithSource: {
      const msg = asMessageBody(data);
      validateFields(msg, msg.flags ?? 0);
      resource = createOwned(state, i, msg, ctx.files);
      i.originalId = resource.message.id;
      break;
    }
    case R.DeferredChannelMessageWithSource: {
      const ephemeral = ((data?.flags as number | undefined) ?? 0) & MessageFlags.Ephemeral;
      i.ephemeralDefer = ephemeral !== 0;
      i.originalId = createOwned(state, i, {}, [], MessageFlags.Loading | ephemeral).message.id;
      i.loading = true;
      break;
    }
    case R.DeferredMessageUpdate:
    case R.UpdateMessage: {
      const target = state.messages.get(i.componentMessageId ?? '');
      if (i.type === InteractionType.ModalSubmit && !target) throw formError('type', 'INTERACTION_RESPONSE_TYPE_INVALID', 'Modal was not opened from a message');
      if (!target) throw Errors.unknownMessage();
      if (type === R.UpdateMessage) {
        resource = target;
        applyEdit(state, target, asMessageBody(data), ctx.files);
      }
      i.originalId = target.message.id;
      break;
    }
    case R.ApplicationCommandAutocompleteResult:
      validateChoices(data);
      break;
    case R.Modal:
      if (typeof data?.custom_id !== 'string' || typeof data.title !== 'string' || !Array.isArray(data.components)) {
        throw formError('data', 'BASE_TYPE_REQUIRED', 'Modals need custom_id, title and components');
      }
      break;
    default:
      break;
  }
  const record = { interactionId: i.id, type, data, withResponse: ctx.query.get('with_response') === 'true', at: Date.now() };
  i.callback = record;
  state.callbacks.push(record);
  event(state, i, 'callback', body, resource);
  if (!record.withResponse) return { status: 204 };
  const original = i.originalId ? state.messages.get(i.originalId) : undefined;
  return {
    status: 200,
    body: {
      interaction: {
        id: i.id, type: i.type,
        ...(original && type !== R.DeferredMessageUpdate ? {
          response_message_id: original.message.id,
          response_message_loading: i.loading,
          response_message_ephemeral: original.ephemeral,
        } : {}),
      },
      resource: { type, ...(resource ? { message: resource.message } : {}) },
    },
  };
}

/** Resolve `/webhooks/:applicationId/:interactionToken` to a live interaction. */
function byToken(ctx: RouteContext): InteractionState {
  const { state } = ctx;
  if (ctx.params.applicationId !== state.config.applicationId) throw Errors.unknownWebhook();
  const i = state.interactionsByToken.get(ctx.params.interactionToken ?? '');
  if (!i) throw Errors.unknownWebhook();
  if (state.now() - i.createdAt > state.config.tokenLifetimeMs) throw Errors.invalidWebhookToken();
  if (!i.callback || i.type === InteractionType.ApplicationCommandAutocomplete) throw Errors.unknownWebhook();
  return i;
}

function target(ctx: RouteContext, i: InteractionState): { stored: StoredMessage; original: boolean } {
  const id = ctx.params.messageId === '@original' ? i.originalId : ctx.params.messageId;
  const original = id !== undefined && id === i.originalId;
  const stored = id ? ctx.state.messages.get(id) : undefined;
  if (!stored || stored.deleted || (!original && !i.followUpIds.includes(stored.message.id))) throw Errors.unknownMessage();
  return { stored, original };
}

function followUp(ctx: RouteContext): RouteResult {
  const { state } = ctx;
  const i = byToken(ctx);
  const body = asMessageBody(ctx.body);
  const original = i.originalId ? state.messages.get(i.originalId) : undefined;
  if (i.loading && original && !original.deleted) {
    // Discord: the first follow-up after a deferral edits the deferred message; its ephemerality comes from the deferral.
    const edit = { ...body, flags: body.flags == null ? body.flags : body.flags & ~MessageFlags.Ephemeral };
    applyEdit(state, original, edit, ctx.files);
    i.loading = false;
    event(state, i, 'followup.create', ctx.body, original);
    return { status: 200, body: original.message };
  }
  validateFields(body, body.flags ?? 0);
  const stored = createOwned(state, i, body, ctx.files);
  i.followUpIds.push(stored.message.id);
  event(state, i, 'followup.create', ctx.body, stored);
  return { status: 200, body: stored.message };
}

export function interactionRoutes(): RouteDef[] {
  const msg = '/webhooks/:applicationId/:interactionToken/messages/:messageId';
  return [
    { method: 'POST', template: '/interactions/:interactionId/:interactionToken/callback', auth: false, handler: callback },
    { method: 'POST', template: '/webhooks/:applicationId/:interactionToken', auth: false, handler: followUp },
    { method: 'GET', template: msg, auth: false, handler: (ctx) => ({ status: 200, body: target(ctx, byToken(ctx)).stored.message }) },
    {
      method: 'PATCH', template: msg, auth: false, handler: (ctx) => {
        const i = byToken(ctx);
        const { stored, original } = target(ctx, i);
        const edited = applyEdit(ctx.state, stored, asMessageBody(ctx.body), ctx.files);
        if (original) i.loading = false;
        event(ctx.state, i, original ? 'original.edit' : 'followup.edit', ctx.body, stored);
        return { status: 200, body: edited };
      },
    },
    {
      method: 'DELETE', template: msg, auth: false, handler: (ctx) => {
        const i = byToken(ctx);
        const { stored, original } = target(ctx, i);
        stored.deleted = true;
        event(ctx.state, i, original ? 'original.delete' : 'followup.delete', undefined, stored);
        return { status: 204 };
      },
    },
  ];
}
