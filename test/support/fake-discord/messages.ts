// Message bodies: Discord's validation rules (lengths, empty message, components) and building/editing
// APIMessage objects, including mention resolution under allowed_mentions.
import { MessageFlags, MessageType, type APIMessage, type APIUser } from 'discord-api-types/v10';
import { Errors, formError } from './errors.js';
import type { FakeState, InteractionState, StoredMessage } from './state.js';
import { attachmentsFor, checkAttachmentRefs, keptAttachments, type UploadedFile } from './uploads.js';

export interface AllowedMentionsBody {
  parse?: string[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

export interface MessageBody {
  content?: string | null;
  embeds?: Record<string, unknown>[] | null;
  components?: Record<string, unknown>[] | null;
  flags?: number | null;
  allowed_mentions?: AllowedMentionsBody | null;
  nonce?: string | number;
  enforce_nonce?: boolean;
  tts?: boolean;
  message_reference?: { message_id?: string; channel_id?: string; fail_if_not_exists?: boolean };
  poll?: unknown;
  sticker_ids?: string[];
  /** Describes the uploaded `files[n]` parts by id n. */
  attachments?: { id?: string | number; filename?: string; description?: string }[];
}

const CREATE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.Ephemeral | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

export function asMessageBody(body: unknown): MessageBody {
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw formError('_errors', 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  }
  return body as MessageBody;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function validateEmbeds(embeds: Record<string, unknown>[]): void {
  if (embeds.length > 10) throw formError('embeds', 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((e, i) => {
    const limits: [string, string, number][] = [['title', str(e.title), 256], ['description', str(e.description), 4096]];
    const footer = e.footer as { text?: string } | undefined;
    const author = e.author as { name?: string } | undefined;
    limits.push(['footer.text', str(footer?.text), 2048], ['author.name', str(author?.name), 256]);
    const fields = Array.isArray(e.fields) ? (e.fields as { name?: string; value?: string }[]) : [];
    if (fields.length > 25) throw formError(`embeds.${i}.fields`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((f, j) => {
      limits.push([`fields.${j}.name`, str(f.name), 256], [`fields.${j}.value`, str(f.value), 1024]);
      if (!str(f.name) || !str(f.value)) throw formError(`embeds.${i}.fields.${j}`, 'BASE_TYPE_REQUIRED', 'This field is required');
    });
    for (const [field, text, max] of limits) {
      if (text.length > max) throw formError(`embeds.${i}.${field}`, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
      total += text.length;
    }
  });
  if (total > 6000) throw formError('embeds', 'MESSAGE_EMBEDS_TOO_LONG', 'Embed size exceeds maximum size of 6000');
}

function validateComponents(components: Record<string, unknown>[], v2: boolean): void {
  if (!v2 && components.length > 5) throw formError('components', 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const ids = new Set<string>();
  let count = 0;
  const walk = (list: Record<string, unknown>[], path: string) => {
    list.forEach((c, i) => {
      count++;
      const here = `${path}.${i}`;
      if (typeof c.type !== 'number') throw formError(`${here}.type`, 'BASE_TYPE_REQUIRED', 'This field is required');
      if (typeof c.custom_id === 'string') {
        if (c.custom_id.length > 100) throw formError(`${here}.custom_id`, 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
        if (ids.has(c.custom_id)) throw formError(`${here}.custom_id`, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
        ids.add(c.custom_id);
      }
      if (typeof c.label === 'string' && c.label.length > 80) throw formError(`${here}.label`, 'BASE_TYPE_MAX_LENGTH', 'Must be 80 or fewer in length.');
      if (Array.isArray(c.options) && c.options.length > 25) throw formError(`${here}.options`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      if (c.type === 1 && Array.isArray(c.components) && c.components.length > 5) {
        throw formError(`${here}.components`, 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
      }
      if (Array.isArray(c.components)) walk(c.components as Record<string, unknown>[], `${here}.components`);
    });
  };
  components.forEach((c, i) => {
    if (!v2 && c.type !== 1) throw formError(`components.${i}.type`, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
  });
  walk(components, 'components');
  if (v2 && count > 40) throw formError('components', 'BASE_TYPE_MAX_LENGTH', 'Must be 40 or fewer in total.');
}

/** Field-level checks shared by create and edit. `finalFlags` is the message's flags after the operation. */
export function validateFields(body: MessageBody, finalFlags: number): void {
  if (body.content != null && typeof body.content !== 'string') throw formError('content', 'BASE_TYPE_STRING', 'Must be a string.');
  if (typeof body.content === 'string' && body.content.length > 2000) {
    throw formError('content', 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
  }
  const v2 = (finalFlags & MessageFlags.IsComponentsV2) !== 0;
  if (v2 && (body.content || body.embeds?.length)) {
    throw formError('content', 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'content\' and \'embeds\' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2');
  }
  if (body.embeds) validateEmbeds(body.embeds);
  if (body.components) validateComponents(body.components, v2);
  if (body.nonce !== undefined && typeof body.nonce === 'string' && body.nonce.length > 25) {
    throw formError('nonce', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  }
}

export function isEmpty(m: Pick<APIMessage, 'content' | 'embeds' | 'components' | 'attachments' | 'sticker_items' | 'poll'>): boolean {
  return !m.content?.trim() && !m.embeds?.length && !m.components?.length && !m.attachments?.length && !m.sticker_items?.length && !m.poll;
}

function mentions(state: FakeState, content: string, allowed: AllowedMentionsBody | null | undefined) {
  const can = (kind: 'users' | 'roles' | 'everyone', id?: string) =>
    !allowed || Boolean(allowed.parse?.includes(kind)) || Boolean(id && kind !== 'everyone' && allowed[kind]?.includes(id));
  const userIds = [...new Set([...content.matchAll(/<@!?(\d{15,21})>/g)].map((m) => m[1] as string))].filter((id) => can('users', id));
  const roleIds = [...new Set([...content.matchAll(/<@&(\d{15,21})>/g)].map((m) => m[1] as string))].filter((id) => can('roles', id));
  const users: APIUser[] = userIds.map((id) => state.users.get(id) ?? { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null });
  return { mentions: users, mention_roles: roleIds, mention_everyone: /@(everyone|here)\b/.test(content) && can('everyone') };
}

/** Attachment objects for uploaded files; their bytes stay in state.uploads under the attachment id. */
function storeUploads(state: FakeState, files: readonly UploadedFile[], body: MessageBody, keep: APIMessage['attachments'] = []): APIMessage['attachments'] {
  const attachments = attachmentsFor(files, body, () => state.snowflake(), keep);
  attachments.forEach((a, i) => state.uploads.set(a.id, files[i] as UploadedFile));
  return attachments;
}

export interface BuildOptions {
  channelId: string;
  body: MessageBody;
  files: UploadedFile[];
  author: APIUser;
  type?: MessageType;
  interaction?: InteractionState;
  /** Extra flags the fake sets itself (Loading, Ephemeral from a deferral). */
  forceFlags?: number;
  reference?: APIMessage;
}

export function buildMessage(state: FakeState, o: BuildOptions): APIMessage {
  const { body } = o;
  const flags = ((body.flags ?? 0) & CREATE_FLAGS) | (o.forceFlags ?? 0);
  const content = body.content ?? '';
  const message: APIMessage = {
    id: state.snowflake(),
    channel_id: o.channelId,
    author: o.author,
    content,
    timestamp: new Date(state.now()).toISOString(),
    edited_timestamp: null,
    tts: Boolean(body.tts),
    ...mentions(state, content, body.allowed_mentions),
    attachments: storeUploads(state, o.files, body),
    embeds: (body.embeds ?? []) as APIMessage['embeds'],
    components: (body.components ?? []) as unknown as APIMessage['components'],
    pinned: false,
    type: o.type ?? (o.reference ? MessageType.Reply : MessageType.Default),
    flags,
  };
  checkAttachmentRefs(body.embeds, message.attachments);
  if (body.nonce !== undefined) message.nonce = body.nonce;
  if (o.reference) {
    message.message_reference = { type: 0, message_id: o.reference.id, channel_id: o.reference.channel_id };
    message.referenced_message = o.reference;
  }
  const i = o.interaction;
  if (i) {
    message.webhook_id = state.config.applicationId;
    message.application_id = state.config.applicationId;
    const data = i.payload.data as { name?: string; type?: number } | undefined;
    message.interaction_metadata = {
      id: i.id, type: i.type, user: i.user, authorizing_integration_owners: i.payload.authorizing_integration_owners,
      ...(i.originalId && i.originalId !== i.componentMessageId ? { original_response_message_id: i.originalId } : {}),
      ...(i.componentMessageId ? { interacted_message_id: i.componentMessageId } : {}),
      ...(data?.name ? { name: data.name, command_type: data.type } : {}),
    } as APIMessage['interaction_metadata'];
  }
  return message;
}

/** Apply a PATCH body to a stored message (absent field = unchanged, null = cleared). */
export function applyEdit(state: FakeState, stored: StoredMessage, body: MessageBody, files: UploadedFile[]): APIMessage {
  const old = stored.message;
  const wasLoading = ((old.flags ?? 0) & MessageFlags.Loading) !== 0;
  const keep = MessageFlags.Ephemeral | MessageFlags.IsComponentsV2 | MessageFlags.Crossposted;
  const flags = body.flags == null
    ? (old.flags ?? 0) & ~MessageFlags.Loading
    : (body.flags & (MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2)) | ((old.flags ?? 0) & keep);
  validateFields(body, flags);
  const next: APIMessage = { ...old, flags };
  if (body.content !== undefined) next.content = body.content ?? '';
  if (body.embeds !== undefined) next.embeds = (body.embeds ?? []) as APIMessage['embeds'];
  if (body.components !== undefined) next.components = (body.components ?? []) as unknown as APIMessage['components'];
  if (files.length || body.attachments !== undefined) {
    const keep = keptAttachments(old.attachments, body);
    next.attachments = [...keep, ...storeUploads(state, files, body, keep)];
  }
  checkAttachmentRefs(next.embeds as unknown as Record<string, unknown>[], next.attachments);
  if (body.content !== undefined || body.allowed_mentions !== undefined) Object.assign(next, mentions(state, next.content, body.allowed_mentions));
  if (isEmpty(next)) throw Errors.emptyMessage();
  if (!wasLoading) next.edited_timestamp = new Date(state.now()).toISOString();
  stored.message = next;
  state.notify();
  return next;
}
