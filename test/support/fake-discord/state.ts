// Everything the fake remembers: guilds/channels, messages, interactions, commands and the request log,
// plus a change signal that the wait helpers poll on.
import { EventEmitter } from 'node:events';
import { ChannelType, type APIApplicationCommand, type APIInteraction, type APIMessage, type APIUser, type InteractionResponseType, type InteractionType } from 'discord-api-types/v10';
import type { UploadedFile } from './uploads.js';
import { normalizeOptions, type ChannelState, type Config, type FakeDiscordOptions, type GuildState } from './config.js';

const DISCORD_EPOCH = 1_420_070_400_000n;

export interface RecordedRequest {
  seq: number;
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/300…1/messages`. */
  path: string;
  /** Matched route template, e.g. `/channels/:channelId/messages`; null for unknown routes. */
  route: string | null;
  query: Record<string, string>;
  /** Request headers, lower-cased, without `authorization`. */
  headers: Record<string, string>;
  /** Parsed JSON body (or `payload_json` of a multipart body); undefined when empty. */
  body: unknown;
  /** Uploaded files (multipart `files[n]` parts), bytes included. */
  files: UploadedFile[];
  status: number;
  /** Set when failNext() produced the response. */
  injected: boolean;
  at: number;
}

export interface CallbackRecord {
  interactionId: string;
  type: InteractionResponseType;
  /** `data` exactly as the client sent it (snake_case, e.g. allowed_mentions). */
  data: Record<string, unknown> | undefined;
  withResponse: boolean;
  at: number;
}

export type InteractionEventKind =
  | 'callback' | 'original.edit' | 'original.delete' | 'followup.create' | 'followup.edit' | 'followup.delete';

export interface InteractionEvent {
  kind: InteractionEventKind;
  /** Request body as sent (for callbacks: the whole `{ type, data }`). */
  body: unknown;
  /** The resulting message, when there is one. */
  message?: APIMessage;
  at: number;
}

export interface InteractionState {
  id: string;
  token: string;
  type: InteractionType;
  payload: APIInteraction;
  channelId: string;
  guildId: string | null;
  user: APIUser;
  createdAt: number;
  callback?: CallbackRecord;
  /** The @original message: the reply (type 4/5) or, after type 6/7, the component's message. */
  originalId?: string;
  /** Original is a deferred "thinking" message not yet edited: the first follow-up edits it instead. */
  loading: boolean;
  ephemeralDefer: boolean;
  componentMessageId?: string;
  followUpIds: string[];
  events: InteractionEvent[];
}

export interface StoredMessage {
  message: APIMessage;
  channelId: string;
  ephemeral: boolean;
  deleted: boolean;
  interactionId?: string;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Produces the text of the timeout error (called only on timeout). */
  describe?: () => string;
}

/** Insert keeping ascending snowflake order; messages nearly always arrive newest last, so this is an append. */
function insertById(list: StoredMessage[], stored: StoredMessage): void {
  const id = BigInt(stored.message.id);
  let i = list.length;
  while (i > 0 && BigInt(list[i - 1]!.message.id) > id) i--;
  list.splice(i, 0, stored);
}

export class FakeState {
  readonly config: Config;
  readonly guilds = new Map<string, GuildState>();
  readonly channels = new Map<string, ChannelState>();
  readonly users = new Map<string, APIUser>();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, InteractionState>();
  /** Interaction by token, for the webhook routes (a scan per request would grow with every interaction). */
  readonly interactionsByToken = new Map<string, InteractionState>();
  readonly commands = new Map<string, APIApplicationCommand[]>();
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  /** Uploaded file of every attachment, by attachment id. */
  readonly uploads = new Map<string, UploadedFile>();
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: RecordedRequest[] = [];
  readonly callbacks: CallbackRecord[] = [];
  /** Per channel, every stored message sorted by id; and the visible ones (deleted ones dropped lazily). */
  private readonly byChannel = new Map<string, { all: StoredMessage[]; visible: StoredMessage[] }>();
  private readonly changes = new EventEmitter();
  private readonly pendingWaits = new Set<(err: Error) => void>();
  private clockOffset = 0;
  private lastSnowflakeMs = 0n;
  private increment = 0n;
  private closed = false;

  constructor(opts: FakeDiscordOptions) {
    const { config, guilds, channels } = normalizeOptions(opts);
    this.config = config;
    for (const g of guilds) this.guilds.set(g.id, g);
    for (const c of channels) this.channels.set(c.id, c);
    this.users.set(config.botUser.id, config.botUser);
    this.users.set(config.defaultUser.id, config.defaultUser);
    this.changes.setMaxListeners(0);
  }

  /** Fake time in ms: real time plus whatever advanceClock() added. Drives token expiry and nonce windows. */
  now(): number {
    return Date.now() + this.clockOffset;
  }

  advanceClock(ms: number): void {
    this.clockOffset += ms;
  }

  /** A real snowflake for the current fake time; strictly increasing. */
  snowflake(): string {
    const ms = BigInt(this.now()) - DISCORD_EPOCH;
    if (ms > this.lastSnowflakeMs) {
      this.lastSnowflakeMs = ms;
      this.increment = 0n;
    } else this.increment++;
    return String((this.lastSnowflakeMs << 22n) | (1n << 17n) | this.increment);
  }

  guildOf(channel: ChannelState): GuildState | undefined {
    return channel.guildId ? this.guilds.get(channel.guildId) : undefined;
  }

  /** The DM channel between the bot and `user`, created on first use. */
  dmChannel(user: APIUser): ChannelState {
    for (const ch of this.channels.values()) if (ch.type === ChannelType.DM && ch.recipientId === user.id) return ch;
    this.users.set(user.id, user);
    const ch: ChannelState = {
      id: this.snowflake(), guildId: null, name: null, type: ChannelType.DM, parentId: null, topic: null, position: 0,
      nsfw: false, botPermissions: null, recipientId: user.id,
    };
    this.channels.set(ch.id, ch);
    return ch;
  }

  addMessage(stored: StoredMessage): StoredMessage {
    this.messages.set(stored.message.id, stored);
    let lists = this.byChannel.get(stored.channelId);
    if (!lists) this.byChannel.set(stored.channelId, (lists = { all: [], visible: [] }));
    insertById(lists.all, stored);
    if (!stored.ephemeral) insertById(lists.visible, stored);
    this.notify();
    return stored;
  }

  channelMessages(channelId: string, opts: { includeEphemeral?: boolean; includeDeleted?: boolean } = {}): APIMessage[] {
    const lists = this.byChannel.get(channelId);
    if (!lists) return [];
    return lists.all.filter((m) => (opts.includeDeleted || !m.deleted) && (opts.includeEphemeral || !m.ephemeral)).map((m) => m.message);
  }

  /** Id of the newest visible message in a channel (a channel's last_message_id). */
  lastMessageId(channelId: string): string | null {
    const visible = this.byChannel.get(channelId)?.visible;
    while (visible?.length && visible[visible.length - 1]!.deleted) visible.pop();
    return visible?.at(-1)?.message.id ?? null;
  }

  /**
   * Forget interactions created before `before` (fake ms) with their messages, and request, callback
   * and frame records older than that: lets a long load run keep the fake's memory bounded.
   */
  pruneBefore(before: number, frames: { at: number }[], recordsBefore = before): void {
    const dropped = new Set<string>();
    for (const [id, i] of this.interactions) {
      if (i.createdAt >= before) continue;
      this.interactions.delete(id);
      this.interactionsByToken.delete(i.token);
      for (const m of [i.originalId, ...i.followUpIds]) if (m && m !== i.componentMessageId) dropped.add(m);
    }
    for (const id of dropped) this.messages.delete(id);
    for (const lists of this.byChannel.values()) {
      lists.all = lists.all.filter((m) => !dropped.has(m.message.id));
      lists.visible = lists.visible.filter((m) => !dropped.has(m.message.id));
    }
    // Records are appended in time order (wall clock): drop the prefix older than the cut-off.
    for (const records of [this.requests, this.callbacks, frames] as { at: number }[][]) {
      const firstKept = records.findIndex((r) => r.at >= recordsBefore);
      records.splice(0, firstKept === -1 ? records.length : firstKept);
    }
  }

  /** Wake every waiter so it re-checks its condition. Call after each mutation. */
  notify(): void {
    this.changes.emit('change');
  }

  /** Resolve with the first truthy value of `check()`, re-evaluated after every state change. */
  waitFor<T>(check: () => T | undefined | null | false, opts: WaitOptions = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return new Promise<T>((resolve, reject) => {
      if (this.closed) return reject(new Error('fake-discord: closed'));
      const first = check();
      if (first) return resolve(first);
      const cleanup = () => {
        clearTimeout(timer);
        this.changes.off('change', onChange);
        this.pendingWaits.delete(abort);
      };
      const abort = (err: Error) => {
        cleanup();
        reject(err);
      };
      const onChange = () => {
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (err) {
          return abort(err as Error);
        }
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        abort(new Error(`fake-discord: timed out after ${timeoutMs} ms ${opts.describe ? opts.describe() : 'waiting'}`));
      }, timeoutMs);
      this.changes.on('change', onChange);
      this.pendingWaits.add(abort);
    });
  }

  close(): void {
    this.closed = true;
    for (const abort of [...this.pendingWaits]) abort(new Error('fake-discord: closed while waiting'));
  }
}
